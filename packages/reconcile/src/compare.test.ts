import { describe, expect, it } from 'vitest';
import type { AssignmentSnapshot } from '@chidao/workflows';
import { compareDirective, describeDifference, type AssignmentRow, type DirectiveSides } from './compare';

const D = 'tp.2026.1';
const id = (unit: string) => `directive:${D}/unit:${unit}`;
const ISSUED = '2026-03-02T09:00:00.000+07:00';
const ACK_BY = '2026-03-03T23:59:59.999+07:00';

function snapshot(unit: string, parent: string | null, over: Partial<AssignmentSnapshot> = {}): AssignmentSnapshot {
  return {
    status: { directiveId: D, unitId: unit, state: 'issued', issuedAt: ISSUED, acknowledgedAt: null, acknowledgedBy: null },
    parentUnitId: parent,
    taskIds: ['t1'],
    plan: {
      acknowledgeBy: ACK_BY,
      reportBy: null,
      alarms: [
        { key: 'acknowledge:remind:0', at: ACK_BY, deadline: 'acknowledge', action: 'remind', step: 0 },
        { key: 'acknowledge:escalate_parent:1', at: '2026-03-04T08:00:00.000+07:00', deadline: 'acknowledge', action: 'escalate_parent', step: 1 },
        { key: 'acknowledge:escalate_province:2', at: '2026-03-05T08:00:00.000+07:00', deadline: 'acknowledge', action: 'escalate_province', step: 2 },
      ],
      issuerUnitId: 'tp',
      metrics: [],
      rates: [],
    },
    reports: [],
    extensions: [],
    explanations: [],
    fired: [],
    children: {},
    ...over,
  };
}

function row(unit: string, parent: string | null, over: Partial<AssignmentRow> = {}): AssignmentRow {
  return {
    id: id(unit),
    unitId: unit,
    parentUnitId: parent,
    taskIds: ['t1'],
    state: 'issued',
    acknowledgedAt: null,
    acknowledgedBy: null,
    // The database hands instants back in UTC: the same moment, written differently.
    acknowledgeBy: new Date(ACK_BY).toISOString(),
    reportBy: null,
    closedAt: null,
    ...over,
  };
}

/** A district delivered by the directive and one commune delivered through it, both sides agreeing. */
function agreeing(): DirectiveSides {
  return {
    directiveId: D,
    planned: [
      { id: id('tp.d1'), unitId: 'tp.d1', parentUnitId: null, taskIds: ['t1'], provinceStepRaises: false },
      { id: id('tp.d1.c1'), unitId: 'tp.d1.c1', parentUnitId: 'tp.d1', taskIds: ['t1'], provinceStepRaises: true },
    ],
    executions: [
      { workflowId: id('tp.d1'), runId: 'r1', status: 'RUNNING' },
      { workflowId: id('tp.d1.c1'), runId: 'r2', status: 'RUNNING' },
    ],
    snapshots: { [id('tp.d1')]: snapshot('tp.d1', null), [id('tp.d1.c1')]: snapshot('tp.d1.c1', 'tp.d1') },
    assignments: [row('tp.d1', null), row('tp.d1.c1', 'tp.d1')],
    events: [],
    escalations: [],
    reports: [],
  };
}

const kinds = (sides: DirectiveSides) => compareDirective(sides).map((d) => `${d.kind} ${d.id.split('unit:')[1]}${d.field ? ` ${d.field}` : ''}`);

describe('compareDirective', () => {
  it('finds nothing when both sides agree, instants compared as moments', () => {
    expect(compareDirective(agreeing())).toEqual([]);
  });

  it('reports a workflow or a row that is missing, and one nobody planned', () => {
    const sides = agreeing();
    expect(
      kinds({
        ...sides,
        executions: [...sides.executions.slice(1), { workflowId: id('tp.d2'), runId: 'r9', status: 'RUNNING' }],
        assignments: [sides.assignments[0]!, row('tp.d3', null)],
      }),
    ).toEqual(['workflow_missing tp.d1', 'row_missing tp.d1.c1', 'workflow_unplanned tp.d2', 'row_unplanned tp.d3']);
  });

  it('reports an assignment started twice and a workflow that failed', () => {
    const sides = agreeing();
    const diffs = compareDirective({
      ...sides,
      executions: [...sides.executions, { workflowId: id('tp.d1'), runId: 'r3', status: 'TERMINATED' }],
    });
    expect(diffs.map((d) => d.kind)).toEqual(['workflow_duplicated', 'workflow_failed']);
    expect(diffs[0]!.workflow).toEqual(['r1 RUNNING', 'r3 TERMINATED']);
  });

  it('counts the runs of one assignment that continued as new as that one assignment', () => {
    const sides = agreeing();
    const continued = [
      { workflowId: id('tp.d1'), runId: 'r0', status: 'CONTINUED_AS_NEW' },
      { workflowId: id('tp.d1'), runId: 'r00', status: 'CONTINUED_AS_NEW' },
    ];
    expect(compareDirective({ ...sides, executions: [...continued, ...sides.executions] })).toEqual([]);
  });

  it('expects every escalation of a reassigned assignment to be resolved', () => {
    const sides = agreeing();
    const reassigned = snapshot('tp.d1.c1', 'tp.d1', {
      status: { directiveId: D, unitId: 'tp.d1.c1', state: 'reassigned', issuedAt: ISSUED, acknowledgedAt: null, acknowledgedBy: null, reassignedTo: 'tp.d1.c2' },
      fired: ['acknowledge:escalate_parent:1'],
    });
    const escalation = { id: `${id('tp.d1.c1')}#acknowledge:escalate_parent:1`, assignmentId: id('tp.d1.c1'), reason: 'acknowledge_overdue', state: 'open' };
    const base = {
      ...sides,
      snapshots: { ...sides.snapshots, [id('tp.d1.c1')]: reassigned },
      assignments: [row('tp.d1', null), row('tp.d1.c1', 'tp.d1', { state: 'reassigned', closedAt: '2026-03-04T02:00:00.000Z' })],
      events: [{ assignmentId: id('tp.d1.c1'), key: 'acknowledge:escalate_parent:1', kind: 'escalation' }],
    };
    expect(kinds({ ...base, escalations: [escalation] })).toEqual([`escalation_unresolved tp.d1.c1 ${escalation.id}`]);
    expect(kinds({ ...base, escalations: [{ ...escalation, state: 'resolved' }] })).toEqual([]);
  });

  it('reports a workflow that cannot be queried', () => {
    const sides = agreeing();
    expect(kinds({ ...sides, snapshots: { ...sides.snapshots, [id('tp.d1')]: { error: 'no worker' } } })).toEqual(['workflow_unreadable tp.d1']);
  });

  it('reports each field of the row that differs from the workflow', () => {
    const sides = agreeing();
    const acknowledged = snapshot('tp.d1.c1', 'tp.d1', {
      status: { directiveId: D, unitId: 'tp.d1.c1', state: 'acknowledged', issuedAt: ISSUED, acknowledgedAt: '2026-03-02T10:00:00.000+07:00', acknowledgedBy: 'u1' },
    });
    const diffs = compareDirective({
      ...sides,
      snapshots: { ...sides.snapshots, [id('tp.d1.c1')]: acknowledged },
      assignments: [row('tp.d1', null, { reportBy: '2026-03-10T16:59:59.999Z', taskIds: ['t1', 't2'] }), row('tp.d1.c1', 'tp.d1')],
    });
    expect(diffs.map(describeDifference)).toEqual([
      'field_differs  directive:tp.2026.1/unit:tp.d1  taskIds  temporal=["t1"] database=["t1","t2"]',
      'field_differs  directive:tp.2026.1/unit:tp.d1  reportBy  temporal=null database="2026-03-10T16:59:59.999Z"',
      'field_differs  directive:tp.2026.1/unit:tp.d1.c1  state  temporal="acknowledged" database="issued"',
      'field_differs  directive:tp.2026.1/unit:tp.d1.c1  acknowledgedAt  temporal="2026-03-02T10:00:00.000+07:00" database=null',
      'field_differs  directive:tp.2026.1/unit:tp.d1.c1  acknowledgedBy  temporal="u1" database=null',
    ]);
  });

  it('reports a workflow whose input is not what the plan delivers', () => {
    const sides = agreeing();
    const moved = snapshot('tp.d1.c1', null);
    expect(kinds({ ...sides, snapshots: { ...sides.snapshots, [id('tp.d1.c1')]: moved }, assignments: [row('tp.d1', null), row('tp.d1.c1', null)] })).toEqual([
      'field_differs tp.d1.c1 parentUnitId (plan)',
    ]);
  });

  it('matches fired alarms with events and escalation records, both ways', () => {
    const sides = agreeing();
    const fired = ['acknowledge:remind:0', 'acknowledge:escalate_parent:1', 'acknowledge:escalate_province:2'];
    const escalatedCommune = { ...sides.snapshots, [id('tp.d1.c1')]: snapshot('tp.d1.c1', 'tp.d1', { fired }) };
    const allWritten: DirectiveSides = {
      ...sides,
      snapshots: escalatedCommune,
      events: fired.map((key) => ({ assignmentId: id('tp.d1.c1'), key, kind: key.includes('remind') ? 'reminder' : 'escalation' })),
      escalations: fired.slice(1).map((key) => ({ id: `${id('tp.d1.c1')}#${key}`, assignmentId: id('tp.d1.c1'), reason: 'acknowledge_overdue', state: 'open' })),
    };
    expect(compareDirective(allWritten)).toEqual([]);

    // The workflow acted on an alarm whose effects never reached the database.
    expect(kinds({ ...allWritten, events: allWritten.events.slice(1), escalations: allWritten.escalations.slice(1) })).toEqual([
      'event_missing tp.d1.c1 acknowledge:remind:0',
      `escalation_missing tp.d1.c1 ${id('tp.d1.c1')}#acknowledge:escalate_parent:1`,
    ]);
    // The database holds an alarm's effects the workflow never acted on (the district has fired nothing).
    expect(
      kinds({
        ...allWritten,
        events: [...allWritten.events, { assignmentId: id('tp.d1'), key: 'acknowledge:remind:0', kind: 'reminder' }],
        escalations: [...allWritten.escalations, { id: `${id('tp.d1')}#acknowledge:escalate_parent:1`, assignmentId: id('tp.d1'), reason: 'acknowledge_overdue', state: 'open' }],
      }),
    ).toEqual(['event_unexplained tp.d1 acknowledge:remind:0', `escalation_unexplained tp.d1 ${id('tp.d1')}#acknowledge:escalate_parent:1`]);
  });

  it('expects no province escalation from a unit right under the province', () => {
    const sides = agreeing();
    const fired = ['acknowledge:escalate_parent:1', 'acknowledge:escalate_province:2'];
    const diffs = compareDirective({
      ...sides,
      snapshots: { ...sides.snapshots, [id('tp.d1')]: snapshot('tp.d1', null, { fired }) },
      events: fired.map((key) => ({ assignmentId: id('tp.d1'), key, kind: 'escalation' })),
      escalations: [{ id: `${id('tp.d1')}#${fired[0]}`, assignmentId: id('tp.d1'), reason: 'acknowledge_overdue', state: 'open' }],
    });
    expect(diffs).toEqual([]);
  });

  it('reports an escalation still open after the workflow says the unit acted', () => {
    const sides = agreeing();
    const key = 'acknowledge:escalate_parent:1';
    const acknowledged = snapshot('tp.d1', null, {
      fired: [key],
      status: { directiveId: D, unitId: 'tp.d1', state: 'acknowledged', issuedAt: ISSUED, acknowledgedAt: ISSUED, acknowledgedBy: 'u1' },
    });
    expect(
      kinds({
        ...sides,
        snapshots: { ...sides.snapshots, [id('tp.d1')]: acknowledged },
        assignments: [row('tp.d1', null, { state: 'acknowledged', acknowledgedAt: ISSUED, acknowledgedBy: 'u1' }), sides.assignments[1]!],
        events: [{ assignmentId: id('tp.d1'), key, kind: 'escalation' }],
        escalations: [{ id: `${id('tp.d1')}#${key}`, assignmentId: id('tp.d1'), reason: 'acknowledge_overdue', state: 'seen' }],
      }),
    ).toEqual([`escalation_unresolved tp.d1 ${id('tp.d1')}#${key}`]);
  });

  it('matches reports version by version, their figures and the latest review', () => {
    const sides = agreeing();
    const report = { version: 1, figures: { installs: 10, adults: 100 }, narrative: 'Đã triển khai', submittedAt: ISSUED, submittedBy: 'u1' };
    const reported = snapshot('tp.d1', null, {
      reports: [report],
      status: { directiveId: D, unitId: 'tp.d1', state: 'reported', issuedAt: ISSUED, acknowledgedAt: ISSUED, acknowledgedBy: 'u1' },
    });
    const base: DirectiveSides = {
      ...sides,
      snapshots: { ...sides.snapshots, [id('tp.d1')]: reported },
      assignments: [row('tp.d1', null, { state: 'reported', acknowledgedAt: ISSUED, acknowledgedBy: 'u1' }), sides.assignments[1]!],
      reports: [{ assignmentId: id('tp.d1'), version: 1, figures: { adults: 100, installs: 10 }, narrative: 'Đã triển khai', submittedBy: 'u1', review: 'pending' }],
    };
    expect(compareDirective(base)).toEqual([]);
    expect(
      kinds({
        ...base,
        reports: [
          { ...base.reports[0]!, figures: { installs: 11, adults: 100 }, review: 'accepted' },
          { ...base.reports[0]!, version: 2 },
        ],
      }),
    ).toEqual(['report_differs tp.d1 v1.figures', 'report_unexplained tp.d1 v2', 'report_differs tp.d1 v1.review']);
    expect(kinds({ ...base, reports: [] })).toEqual(['report_missing tp.d1 v1']);
  });
});
