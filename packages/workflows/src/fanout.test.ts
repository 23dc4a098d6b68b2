import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  buildHierarchy,
  nationalDirective,
  nationalThreeLevelTree,
  planAssignments,
  type NationalTree,
} from '@chidao/domain';
import { nationalTwoLevelTree } from '@chidao/admin-units';

/**
 * A national directive against Temporal's per-workflow limits (self-hosted defaults): at most 2,000
 * pending child workflows (and as many pending outgoing signals: a recall or an amendment signals
 * every child at once), and a history that warns at 10,240 events and fails at 51,200. Counted from
 * the real delivery plan (planAssignments over the national trees) and the workflow's per-child event
 * cost, checked against a recorded history.
 */
const LIMITS = { pendingChildren: 2_000, pendingSignals: 2_000, historyWarn: 10_240, historyMax: 51_200 } as const;

/**
 * Events one child adds to its parent's history, at worst (every message in a workflow task of its
 * own; Temporal batches them in practice):
 * - the start: StartChildWorkflowExecutionInitiated, ChildWorkflowExecutionStarted and a workflow
 *   task (scheduled, started, completed) = 5;
 * - every childProgress signal it sends up (acknowledged, each report, each review, recall):
 *   WorkflowExecutionSignaled and a workflow task = 4;
 * - every message the parent passes down to it (recall, amendments, an internal deadline):
 *   SignalExternalWorkflowExecutionInitiated, ExternalWorkflowExecutionSignaled and a workflow task = 5.
 */
const COST = { start: 5, signalUp: 4, signalDown: 5 } as const;
/** The parent's own alarms, activities and updates: generous, several times what the recorded runs show. */
const OWN_EVENTS = 1_000;

/** A child's life: acknowledged, `reports` reports each reviewed, recalled at the end; `downs` messages from above. */
function perChild(reports: number, downs: number): number {
  const signalsUp = 1 + 2 * reports + 1;
  return COST.start + COST.signalUp * signalsUp + COST.signalDown * downs;
}

function fanOut(tree: NationalTree) {
  const hierarchy = buildHierarchy(tree.scheme, tree.units);
  const plan = planAssignments(hierarchy, nationalDirective(tree));
  const children = new Map<string, number>();
  for (const p of plan) {
    const parent = p.parentUnitId ?? `directive`;
    children.set(parent, (children.get(parent) ?? 0) + 1);
  }
  const [widest, most] = [...children.entries()].sort((a, b) => b[1] - a[1])[0]!;
  return { assignments: plan.length, widest, most, directiveChildren: children.get('directive') ?? 0 };
}

/** How many reports a child may send before the widest parent's history reaches `limit`. */
function reportsBefore(limit: number, width: number, downs: number): number {
  let reports = 0;
  while (OWN_EVENTS + width * perChild(reports + 1, downs) <= limit) reports += 1;
  return reports;
}

describe('the per-child event cost', () => {
  it('is no lower than what a recorded district spent on its two communes', () => {
    // timers-district: two communes started, two acknowledgements signalled up, nothing sent down.
    const file = join(__dirname, '..', 'histories', 'timers-district.json');
    const events = (JSON.parse(readFileSync(file, 'utf8')) as { history: { events: { eventType: string }[] } }).history.events;
    const childEvents = events.filter((e) =>
      ['EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED', 'EVENT_TYPE_CHILD_WORKFLOW_EXECUTION_STARTED', 'EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED'].includes(
        e.eventType,
      ),
    ).length;
    // Without their workflow tasks: two events to start a child, one per signal it sends up.
    expect(childEvents).toBe(2 * (COST.start - 3) + 2 * (COST.signalUp - 3));
    // With them, the whole recorded history stays under what the model allows for two such children.
    expect(events.length).toBeLessThan(OWN_EVENTS + 2 * (COST.start + COST.signalUp));
  });
});

describe.each([
  ['three-level, August 2020 (63 provinces, 705 districts, 10,600 communes)', nationalThreeLevelTree],
  ['two-level, since 1/7/2025 (34 provinces, 3,321 communes)', nationalTwoLevelTree],
])('a national directive, %s', (_name, tree) => {
  const f = fanOut(tree());
  if (process.env.FANOUT_REPORT) {
    console.log(_name, f, { toWarn: reportsBefore(LIMITS.historyWarn, f.most, 2), toMax: reportsBefore(LIMITS.historyMax, f.most, 10) });
  }

  it('starts no more children from one workflow than Temporal lets be pending, nor signals more at once', () => {
    expect(f.most).toBeLessThanOrEqual(LIMITS.pendingChildren);
    expect(f.directiveChildren).toBeLessThanOrEqual(LIMITS.pendingChildren);
    // A recall or an amendment signals every child of a workflow together.
    expect(f.most).toBeLessThanOrEqual(LIMITS.pendingSignals);
    // The tree keeps well under, too: no workflow holds more than a few hundred children.
    expect(f.most).toBeLessThan(500);
  });

  it('keeps the widest workflow under the history limit for half a year of weekly reports', () => {
    // 26 weekly progress reports and the final one, each reviewed; ten messages down (recall,
    // amendments, internal deadlines) per child.
    const events = OWN_EVENTS + f.most * perChild(27, 10);
    expect(events).toBeLessThan(LIMITS.historyMax);
    expect(reportsBefore(LIMITS.historyMax, f.most, 10)).toBeGreaterThanOrEqual(27);
  });

  it('says where the 10,240-event warning comes first (continue-as-new is the remedy, not built yet)', () => {
    const quiet = OWN_EVENTS + f.most * perChild(1, 2);
    // A single report each stays under the warning everywhere.
    expect(quiet).toBeLessThan(LIMITS.historyWarn);
    expect(reportsBefore(LIMITS.historyWarn, f.most, 2)).toBeGreaterThanOrEqual(1);
  });
});
