import type { Client } from '@temporalio/client';
import type { Db, Repositories } from '@chidao/db';
import { ancestorsOf, getUnit, planAssignments } from '@chidao/domain';
import { assignmentSnapshotQuery, assignmentWorkflowId, type AssignmentSnapshot } from '@chidao/workflows';
import type { DirectiveSides, Execution, PlannedUnit } from './compare';

export interface CollectDeps {
  readonly client: Client;
  readonly db: Db;
  readonly repos: Repositories;
}

/** Queries at once; a province's directive has a few hundred assignments. */
const QUERY_CONCURRENCY = 16;

async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  });
  await Promise.all(lanes);
  return out;
}

/**
 * The assignments the directive delivers, as workflow ids: the domain's plan, and what the workflows
 * delivered beyond it, each told by the workflow that did it (a unit forwarding to units below it, an
 * assignment reassigned to another unit).
 */
async function plannedUnits(
  repos: Repositories,
  directiveId: string,
  snapshots: Readonly<Record<string, AssignmentSnapshot | { error: string }>>,
): Promise<PlannedUnit[]> {
  const directive = await repos.directives.get(directiveId);
  if (!directive) throw new Error(`Directive ${directiveId} is not in the database`);
  const hierarchy = await repos.units.hierarchy();
  const planned = (unitId: string, parentUnitId: string | null, taskIds: readonly string[]): PlannedUnit => {
    // The same rule fireAlarm applies: the province step is skipped where it would reach the parent again.
    const parentId = getUnit(hierarchy, unitId).parentId ?? directive.issuerUnitId;
    const province = ancestorsOf(hierarchy, unitId).at(-1)?.id ?? directive.issuerUnitId;
    return { id: assignmentWorkflowId(directiveId, unitId), unitId, parentUnitId, taskIds, provinceStepRaises: province !== parentId };
  };
  const out = planAssignments(hierarchy, directive).map((p) => planned(p.unitId, p.parentUnitId, p.taskIds));
  const read = Object.values(snapshots).filter((s): s is AssignmentSnapshot => !('error' in s));
  for (const snapshot of read) {
    for (const unitId of Object.keys(snapshot.forwarded ?? {})) out.push(planned(unitId, snapshot.status.unitId, snapshot.taskIds));
    const to = snapshot.status.reassignedTo;
    if (snapshot.status.state === 'reassigned' && to) out.push(planned(to, snapshot.parentUnitId, snapshot.taskIds));
  }
  // A reorganisation's successor, as the directive's workflow started it (its own input says where it
  // answers and which tasks it carries, the union of its predecessors'): after the entries above.
  for (const snapshot of read) {
    if (snapshot.terms?.succession) out.push(planned(snapshot.status.unitId, snapshot.parentUnitId, snapshot.taskIds));
  }
  const byId = new Map<string, PlannedUnit>();
  for (const p of out) byId.set(p.id, p);
  return [...byId.values()];
}

/**
 * Every run of every assignment workflow of the directive, closed ones included, so that a
 * workflow started twice shows up twice. Visibility is eventually consistent: a run started a
 * moment ago may not be listed yet.
 */
async function executions(client: Client, directiveId: string): Promise<Execution[]> {
  const prefix = assignmentWorkflowId(directiveId, '');
  const out: Execution[] = [];
  const query = `WorkflowType = 'assignmentWorkflow' AND WorkflowId STARTS_WITH ${JSON.stringify(prefix)}`;
  for await (const info of client.workflow.list({ query })) {
    out.push({ workflowId: info.workflowId, runId: info.runId, status: info.status.name });
  }
  return out;
}

/** Both sides of one directive: Temporal's workflows (listed and queried) and the read model's rows. */
export async function collectDirective(deps: CollectDeps, directiveId: string): Promise<DirectiveSides> {
  const runs = await executions(deps.client, directiveId);
  const ids = [...new Set(runs.map((r) => r.workflowId))];
  const answers = await mapLimited(ids, QUERY_CONCURRENCY, async (id) => {
    try {
      return [id, await deps.client.workflow.getHandle(id).query(assignmentSnapshotQuery)] as const;
    } catch (error) {
      return [id, { error: error instanceof Error ? error.message : String(error) }] as const;
    }
  });
  const snapshots: Record<string, AssignmentSnapshot | { error: string }> = Object.fromEntries(answers);
  const planned = await plannedUnits(deps.repos, directiveId, snapshots);

  // The read model of one directive, read directly: this check looks at the rows, not at the views the API builds.
  const { prisma } = deps.db;
  const prefix = assignmentWorkflowId(directiveId, '');
  const [assignments, events, escalations, reports] = await Promise.all([
    prisma.assignment.findMany({ where: { directiveId } }),
    prisma.assignmentEvent.findMany({ where: { assignmentId: { startsWith: prefix } }, select: { assignmentId: true, key: true, kind: true } }),
    prisma.escalation.findMany({ where: { directiveId }, select: { id: true, assignmentId: true, reason: true, state: true } }),
    prisma.report.findMany({ where: { assignmentId: { startsWith: prefix } } }),
  ]);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    directiveId,
    planned,
    executions: runs,
    snapshots,
    assignments: assignments.map((a) => ({
      id: a.id,
      unitId: a.unitId,
      parentUnitId: a.parentUnitId,
      taskIds: a.taskIds,
      state: a.state,
      acknowledgedAt: iso(a.acknowledgedAt),
      acknowledgedBy: a.acknowledgedBy,
      acknowledgeBy: iso(a.acknowledgeBy),
      reportBy: iso(a.reportBy),
      closedAt: iso(a.closedAt),
    })),
    events,
    escalations,
    reports: reports.map((r) => ({
      assignmentId: r.assignmentId,
      version: r.version,
      figures: r.figures as Record<string, number>,
      narrative: r.narrative,
      submittedBy: r.submittedBy,
      review: r.review,
    })),
  };
}
