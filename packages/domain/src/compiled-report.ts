import { DomainError } from './errors';
import type { AssignmentState } from './assignment';
import type { Standing } from './deadlines';
import type { Directive, Signer } from './directive';
import type { Unit } from './hierarchy';
import type { MetricDef, RateDef } from './reports';
import type { ChildRollup, RateValue, ReviewState, Rollup, SubtreeRollup } from './rollup';
import { unitFormalName } from './unit-names';

/**
 * The coordinating unit's compiled report (báo cáo tổng hợp): Sở TT&TT compiles what the districts
 * reported on 1119/UBND-KGVX and reports to the provincial People's Committee. One model, from the
 * rollups, that the web page, its print layout and the XLSX export all render; none of them computes
 * a figure of its own.
 *
 * The report is the coordinator's document (Nghị định 30/2020/NĐ-CP): its own issuing body, a number
 * the clerk gives it at registration, place and date, "V/v" subject, a table by district, and the
 * signer of the coordinating unit. Where no coordinator is named the issuer compiles, and then the
 * directive's own signer is known.
 */

export interface CompiledRate extends RateValue {
  /** The rate's target, when the directive sets one. */
  readonly targetPercent: number | null;
  /** percent ≥ target; null without a target or without a denominator. */
  readonly meetsTarget: boolean | null;
  /** percent − target in percentage points (negative: behind); null as for meetsTarget. */
  readonly gapPoints: number | null;
}

export interface CompiledRow {
  readonly unitId: string;
  readonly name: string;
  /** 1 = best by the directive's goal rate; null when the unit has no rate yet, and for the total. */
  readonly rank: number | null;
  /** Per metric; null where nobody in the row's area reported it. */
  readonly figures: Readonly<Record<string, number | null>>;
  readonly rates: Readonly<Record<string, CompiledRate>>;
  /** Units in the row's area that have reported, are expected to, and have not yet. */
  readonly reported: number;
  readonly expected: number;
  readonly notReported: number;
  /** Some figure here comes from a report not yet accepted by its reviewer. */
  readonly pendingReview: boolean;
  /** The row unit's own task, in a unit's report of the units below it (compileUnitReport); absent in the coordinator's. */
  readonly task?: RowTask | null;
}

/** A unit's own task as its superior follows it: its state, when it acknowledged, the deadline in force and how it stands. */
export interface RowTask {
  readonly state: AssignmentState;
  /** ISO instant the unit acknowledged (tiếp nhận); null while it has not. */
  readonly acknowledgedAt: string | null;
  readonly deadline: { readonly kind: 'acknowledge' | 'report'; readonly at: string } | null;
  /** trong hạn / quá hạn N ngày / hoàn thành …; null when nothing is due. */
  readonly standing: Standing | null;
}

export interface CompiledReport {
  /**
   * `directive`: the coordinator's report of the whole directive (compileReport). `unit`: a unit's
   * report of the units it passed the task to (a district's of its communes, compileUnitReport), whose
   * rows carry each unit's task and whose `taskTotals` count them.
   */
  readonly scope: 'directive' | 'unit';
  readonly directive: {
    readonly id: string;
    readonly reference: string;
    /** ISO date of the directive. */
    readonly date: string;
    /** The directive's own "V/v" line. */
    readonly subject: string;
    readonly issuerName: string;
  };
  readonly header: {
    /** The body above the issuing unit (upper line of the left header), e.g. the provincial committee. */
    readonly parentBody: string | null;
    /** The unit that compiles and signs: the coordinator, else the issuer. */
    readonly issuingBody: string;
    readonly issuingUnitId: string;
    /** Place of the place-and-date line: the directive's place. */
    readonly place: string;
    /** ISO date the report is compiled on (Asia/Ho_Chi_Minh). */
    readonly date: string;
    /** The report's trích yếu: "V/v báo cáo kết quả thực hiện Công văn số …". */
    readonly subject: string;
    /** Whom it reports to: the directive's issuer. */
    readonly recipient: string;
  };
  readonly metrics: readonly Pick<MetricDef, 'key' | 'label'>[];
  readonly rates: readonly (Pick<RateDef, 'key' | 'label'> & { readonly targetPercent: number | null })[];
  /** The rate units are ranked by: the first with a target, else the first. */
  readonly rankedBy: string | null;
  /** Territorial units below the issuer (districts; communes in a two-level province), best → worst. */
  readonly rows: readonly CompiledRow[];
  /** Their level, for the table's caption ("theo đơn vị cấp huyện" / "cấp xã"); null when unknown. */
  readonly rowLevel: string | null;
  /** The total of `rows`, from summed numerators and denominators. */
  readonly total: CompiledRow;
  /**
   * Provincial agencies that reported, shown apart and not added to the total: their staff live in
   * the districts, whose figures already count them.
   */
  readonly agencies: readonly CompiledRow[];
  /** Review states of every territorial unit expected to report. */
  readonly statusCounts: Readonly<Record<ReviewState, number>>;
  /** In a unit's report: of its rows, how many units have the task, acknowledged it, and are past a deadline now. Null in the coordinator's. */
  readonly taskTotals: { readonly units: number; readonly acknowledged: number; readonly overdue: number } | null;
  readonly signer: {
    /** Capacity lines, top down: ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"] or ["GIÁM ĐỐC"]. */
    readonly capacity: readonly string[];
    /** Null when not known: the block leaves room for the signer's name. */
    readonly name: string | null;
  };
}

export interface CompiledReportInput {
  readonly directive: Pick<Directive, 'id' | 'reference' | 'date' | 'subject' | 'place' | 'signer' | 'issuerUnitId' | 'coordinatorUnitId'>;
  readonly issuer: Pick<Unit, 'id' | 'name'>;
  /** The unit that compiles: the directive's coordinator, or the issuer when there is none. */
  readonly compiler: Pick<Unit, 'id' | 'name' | 'kind'>;
  /** The body above the compiler (the coordinator's committee); null for a unit at the top. */
  readonly compilerParent: Pick<Unit, 'name'> | null;
  readonly metrics: readonly MetricDef[];
  readonly rates: readonly RateDef[];
  /** rollUp of the issuer over its territorial units (what directives.rollup returns). */
  readonly rollup: Rollup;
  /** The level of the territorial units in its rows (committeeLevelBelow the issuer). */
  readonly rowLevel: string | null;
  /** rollUp of the issuer over its agencies' own reports, or null when they are not compiled. */
  readonly agencies: Rollup | null;
  /** ISO date (yyyy-MM-dd) the report is compiled on. */
  readonly on: string;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "V/v đẩy mạnh … Bluezone." → "đẩy mạnh … Bluezone". */
function subjectMatter(subject: string): string {
  return subject
    .trim()
    .replace(/^V\/v\s*/i, '')
    // From the start of the trailing run only (`(?<!…)`), not again from each character of it.
    .replace(/(?<![.;:\s])[.;:\s]+$/, '');
}

/** Capacity lines of the head of a unit by its kind, when nobody more specific is known. */
function headCapacity(kind: Unit['kind']): string[] {
  if (kind === 'people_committee') return ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'];
  if (kind === 'department') return ['GIÁM ĐỐC'];
  return ['THỦ TRƯỞNG ĐƠN VỊ'];
}

/** "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" → two lines. */
function capacityLines(signer: Signer): string[] {
  return signer.capacity
    .split('/')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}

function compiledRates(rates: readonly RateDef[], values: Readonly<Record<string, RateValue>>): Record<string, CompiledRate> {
  const out: Record<string, CompiledRate> = {};
  for (const rate of rates) {
    const value = values[rate.key] ?? { numerator: 0, denominator: 0, percent: null };
    const target = rate.targetPercent ?? null;
    const comparable = target !== null && value.percent !== null;
    out[rate.key] = {
      numerator: value.numerator,
      denominator: value.denominator,
      percent: value.percent,
      targetPercent: target,
      // Compared as numerator × 100 ≥ target × denominator, so 60 of 100 meets 60% exactly.
      meetsTarget: comparable ? value.numerator * 100 >= target * value.denominator : null,
      gapPoints: comparable ? value.percent! - target : null,
    };
  }
  return out;
}

function row(
  unitId: string,
  name: string,
  rank: number | null,
  part: SubtreeRollup,
  metrics: readonly MetricDef[],
  rates: readonly RateDef[],
): CompiledRow {
  const figures: Record<string, number | null> = {};
  for (const metric of metrics) figures[metric.key] = part.reported > 0 ? (part.figures[metric.key] ?? 0) : null;
  return {
    unitId,
    name,
    rank,
    figures,
    rates: compiledRates(rates, part.rates),
    reported: part.reported,
    expected: part.expected,
    notReported: part.expected - part.reported,
    pendingReview: part.pendingReview,
  };
}

const childRow = (child: ChildRollup, metrics: readonly MetricDef[], rates: readonly RateDef[]) =>
  row(child.unitId, child.name, child.rank, child, metrics, rates);

export function compileReport(input: CompiledReportInput): CompiledReport {
  const { directive, issuer, compiler, metrics, rates, rollup } = input;
  if (!ISO_DATE.test(input.on)) throw new DomainError('INVALID_INPUT', `Not an ISO date: ${input.on}`, { field: 'on' });
  if (rollup.unitId !== directive.issuerUnitId || (input.agencies !== null && input.agencies.unitId !== directive.issuerUnitId)) {
    throw new DomainError('INVALID_INPUT', 'The compiled report needs rollups of the issuing unit', { unitId: rollup.unitId });
  }
  if (compiler.id !== (directive.coordinatorUnitId ?? directive.issuerUnitId)) {
    throw new DomainError('INVALID_INPUT', `${compiler.id} does not compile ${directive.reference}`, { unitId: compiler.id });
  }
  const compilerIsIssuer = compiler.id === directive.issuerUnitId;
  const ranking = rates.find((r) => r.targetPercent !== undefined) ?? rates[0];
  return {
    scope: 'directive',
    directive: {
      id: directive.id,
      reference: directive.reference,
      date: directive.date,
      subject: directive.subject,
      issuerName: issuer.name,
    },
    header: {
      parentBody: input.compilerParent?.name ?? null,
      issuingBody: compiler.name,
      issuingUnitId: compiler.id,
      place: directive.place,
      date: input.on,
      subject: `V/v báo cáo kết quả thực hiện Công văn số ${directive.reference} (${subjectMatter(directive.subject)})`,
      recipient: issuer.name,
    },
    metrics: metrics.map(({ key, label }) => ({ key, label })),
    rates: rates.map(({ key, label, targetPercent }) => ({ key, label, targetPercent: targetPercent ?? null })),
    rankedBy: ranking?.key ?? null,
    rows: rollup.children.map((child) => childRow(child, metrics, rates)),
    rowLevel: input.rowLevel,
    total: row(rollup.unitId, issuer.name, null, rollup, metrics, rates),
    agencies: (input.agencies?.children ?? []).filter((c) => c.reported > 0).map((child) => childRow(child, metrics, rates)),
    statusCounts: { ...rollup.statusCounts },
    taskTotals: null,
    signer: signerOf(directive.signer, compilerIsIssuer, compiler.kind),
  };
}

export interface UnitReportInput {
  readonly directive: Pick<Directive, 'id' | 'reference' | 'date' | 'subject' | 'place'>;
  readonly issuer: Pick<Unit, 'id' | 'name'>;
  /** The unit that reports on the units below it (a district), and the body above it. */
  readonly unit: Pick<Unit, 'id' | 'name' | 'kind'>;
  readonly unitParent: Pick<Unit, 'name'> | null;
  /** Whom the unit reports to: the unit that passed the task to it. */
  readonly recipient: Pick<Unit, 'name'>;
  readonly metrics: readonly MetricDef[];
  readonly rates: readonly RateDef[];
  /** rollUp of the unit over the units below it (what directives.rollup returns for it). */
  readonly rollup: Rollup;
  readonly rowLevel: string | null;
  /** The task of each unit directly below, by unit id; a unit without one is not a row. */
  readonly tasks: ReadonlyMap<string, RowTask>;
  /** ISO date (yyyy-MM-dd) the report is compiled on. */
  readonly on: string;
}

/**
 * A unit's report of the units it passed a directive's task to: a district of 2020 on its communes'
 * progress, for its own leadership and for the province. The coordinator's report with its rows
 * narrowed to the unit's subtree, each row carrying the unit's task (acknowledged when, how it stands),
 * the unit's head as signer and the unit that assigned the task as recipient.
 */
export function compileUnitReport(input: UnitReportInput): CompiledReport {
  const { directive, unit, metrics, rates, rollup, tasks } = input;
  if (!ISO_DATE.test(input.on)) throw new DomainError('INVALID_INPUT', `Not an ISO date: ${input.on}`, { field: 'on' });
  if (rollup.unitId !== unit.id) throw new DomainError('INVALID_INPUT', 'The unit report needs the rollup of its own unit', { unitId: rollup.unitId });
  const ranking = rates.find((r) => r.targetPercent !== undefined) ?? rates[0];
  const byId = new Map(rollup.children.map((child) => [child.unitId, child]));
  const none = { figures: {}, rates: {}, pendingReview: false, reported: 0, expected: 0 };
  // Every unit that holds the task is a row, figures or not: one that owes no report still acknowledges.
  const rows = [...tasks.keys()]
    .map((unitId) => {
      const child = byId.get(unitId);
      return { ...row(unitId, child?.name ?? unitId, child?.rank ?? null, child ?? none, metrics, rates), task: tasks.get(unitId)! };
    })
    // Ranked first, best to worst, then the rest in the rollup's order.
    .sort((a, b) => (a.rank ?? Infinity) - (b.rank ?? Infinity));
  const held = [...tasks.values()];
  return {
    scope: 'unit',
    directive: { id: directive.id, reference: directive.reference, date: directive.date, subject: directive.subject, issuerName: input.issuer.name },
    // Lists may shorten a committee to "UBND …"; the document's header and recipient spell it out.
    header: {
      parentBody: input.unitParent ? unitFormalName(input.unitParent.name) : null,
      issuingBody: unitFormalName(unit.name),
      issuingUnitId: unit.id,
      place: directive.place,
      date: input.on,
      subject: `V/v báo cáo kết quả thực hiện Công văn số ${directive.reference} (${subjectMatter(directive.subject)})`,
      recipient: unitFormalName(input.recipient.name),
    },
    metrics: metrics.map(({ key, label }) => ({ key, label })),
    rates: rates.map(({ key, label, targetPercent }) => ({ key, label, targetPercent: targetPercent ?? null })),
    rankedBy: ranking?.key ?? null,
    rows,
    rowLevel: input.rowLevel,
    total: row(rollup.unitId, unit.name, null, rollup, metrics, rates),
    agencies: [],
    statusCounts: { ...rollup.statusCounts },
    taskTotals: {
      units: held.length,
      acknowledged: held.filter((t) => t.acknowledgedAt !== null).length,
      overdue: held.filter((t) => t.standing?.kind === 'overdue').length,
    },
    signer: { capacity: headCapacity(unit.kind), name: null },
  };
}

/** Where a task stands when no deadline is running on it (reported and awaiting review, say), as the app names its states. */
const STATE_VI: Readonly<Record<string, string>> = {
  issued: 'Chưa tiếp nhận',
  acknowledged: 'Đã tiếp nhận',
  in_progress: 'Đang thực hiện',
  reported: 'Đã báo cáo',
  returned: 'Bị trả lại',
  accepted: 'Đã chấp nhận báo cáo',
  completed: 'Hoàn thành',
  recalled: 'Đã thu hồi',
};

/** A row's task in words: its standing against the deadline in force, else its state ("Đã báo cáo" while the report awaits review). */
export function taskStandingTextVi(task: Pick<RowTask, 'state' | 'standing'>): string {
  return task.standing !== null ? standingTextVi(task.standing) : (STATE_VI[task.state] ?? standingTextVi(null));
}

/** "Quá hạn 3 ngày làm việc", "Trong hạn", …: a task's standing as officials write it in a report. */
export function standingTextVi(standing: Standing | null): string {
  if (standing === null) return 'Không thời hạn';
  const unit = (counted: 'days' | 'workingDays') => (counted === 'workingDays' ? 'ngày làm việc' : 'ngày');
  switch (standing.kind) {
    case 'within':
      return 'Trong hạn';
    case 'dueSoon':
      return 'Sắp đến hạn';
    case 'overdue':
      return `Quá hạn ${standing.daysOverdue} ${unit(standing.counted)}`;
    case 'doneOnTime':
      return 'Hoàn thành đúng hạn';
    case 'doneLate':
      return `Hoàn thành quá hạn ${standing.daysLate} ${unit(standing.counted)}`;
  }
}

/**
 * The directive's signer signs only what the issuer itself compiles; a coordinator's head signs its
 * own, and nobody records their name. A blank capacity or name (a directive issued from the blank
 * form without a signer) is unknown too: the head's capacity, and room to write the name.
 */
function signerOf(signer: Signer, compilerIsIssuer: boolean, kind: Unit['kind']): CompiledReport['signer'] {
  if (!compilerIsIssuer) return { capacity: headCapacity(kind), name: null };
  const capacity = capacityLines(signer);
  const name = signer.name.trim();
  return { capacity: capacity.length > 0 ? capacity : headCapacity(kind), name: name === '' ? null : name };
}

/** The line a signer writes their name on when it is not known. */
export const SIGNER_NAME_LINE = '…………………………';

/** "Kiên Giang, ngày 24 tháng 8 năm 2020" (Nghị định 30: day and month below 10 written as in the dispatch). */
export function placeAndDateVi(place: string, isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new DomainError('INVALID_INPUT', `Not an ISO date: ${isoDate}`, { field: 'date' });
  // Nghị định 30: days 1–9 and months 1–2 take a leading zero ("ngày 05 tháng 02"), other months do not.
  const day = m[3]!;
  const month = Number(m[2]) <= 2 ? m[2]! : String(Number(m[2]));
  return `${place}, ngày ${day} tháng ${month} năm ${m[1]}`;
}
