import { DomainError } from './errors';
import type { Actor } from './assignment';

/** A figure a directive asks units to report, e.g. Bluezone installs. */
export interface MetricDef {
  readonly key: string;
  readonly label: string;
  /**
   * True for running totals (installs so far): a later report may not go below an earlier one
   * except as a correction. False for stock figures such as a population.
   */
  readonly cumulative: boolean;
}

/** A percentage computed from two metrics: numerator / denominator. */
export interface RateDef {
  readonly key: string;
  readonly label: string;
  readonly numerator: string;
  readonly denominator: string;
  /** 60 for "at least 60%". */
  readonly targetPercent?: number;
}

/** A unit's word on one of its tasks in a report: done (for a cooperating unit: its contribution sent), with a note. */
export interface TaskMark {
  readonly done: boolean;
  readonly note?: string;
}

export const TASK_NOTE_MAX_LENGTH = 4_000;
/** Field keys of task marks in `INVALID_REPORT` details: `task:t1`. */
export const taskField = (taskId: string): string => `task:${taskId}`;

export interface ReportInput {
  readonly figures: Readonly<Record<string, number>>;
  readonly narrative: string;
  /** Its tasks one by one, by task id (QĐ 42/2014: each task is done on its own); absent in older reports. */
  readonly tasks?: Readonly<Record<string, TaskMark>>;
  /** The unit's last report on this assignment. */
  readonly final?: boolean;
  /** Set when the report corrects earlier figures; allows a cumulative figure to go down. */
  readonly correction?: { readonly reason: string };
  /** The progress period this report answers (periodic reports); absent for the final report. */
  readonly period?: number;
}

export interface Report extends ReportInput {
  /** 1 for the first report, then +1 for every later one, corrections included. */
  readonly version: number;
  /** ISO instant. */
  readonly submittedAt: string;
  /** The user who submitted it. */
  readonly submittedBy: string;
}

export const NARRATIVE_MAX_LENGTH = 10_000;

/** Keys of `details.fields` that are not metric keys, so metrics may not use them. */
export const RESERVED_FIELD_KEYS = ['narrative', 'correction', 'tasks'] as const;

/** Per-field codes in `DomainError('INVALID_REPORT').details.fields`; the web app words them. */
export type ReportFieldCode =
  | 'UNKNOWN_METRIC'
  | 'MISSING'
  | 'NOT_INTEGER'
  | 'NEGATIVE'
  | 'TOO_LARGE'
  | 'ABOVE_DENOMINATOR'
  | 'DECREASED'
  | 'TOO_LONG'
  | 'NOT_TEXT'
  | 'REASON_REQUIRED'
  /** A task mark for a task the assignment does not have. */
  | 'UNKNOWN_TASK'
  /** A task mark whose `done` is not true or false. */
  | 'NOT_BOOLEAN';

const isBlank = (text: unknown): boolean => typeof text !== 'string' || text.trim().length === 0;

/** Counted in code points of the NFC form, so a Vietnamese letter counts once however it was typed. */
function textLength(text: string): number {
  return [...text.normalize('NFC')].length;
}

/** Checks a directive's metric and rate definitions: unique keys, rates over known metrics, sane targets. */
export function validateMetricDefs(metrics: readonly MetricDef[], rates: readonly RateDef[]): void {
  const keys = new Set<string>();
  for (const metric of metrics) {
    if (metric.key.trim().length === 0 || keys.has(metric.key) || (RESERVED_FIELD_KEYS as readonly string[]).includes(metric.key)) {
      throw new DomainError('INVALID_DIRECTIVE', `Metric key "${metric.key}" is blank, reserved or repeated`, { metric: metric.key });
    }
    keys.add(metric.key);
  }
  const rateKeys = new Set<string>();
  for (const rate of rates) {
    if (rate.key.trim().length === 0 || rateKeys.has(rate.key)) {
      throw new DomainError('INVALID_DIRECTIVE', `Rate key "${rate.key}" is blank or repeated`, { rate: rate.key });
    }
    rateKeys.add(rate.key);
    if (!keys.has(rate.numerator) || !keys.has(rate.denominator) || rate.numerator === rate.denominator) {
      throw new DomainError('INVALID_DIRECTIVE', `Rate ${rate.key} needs two different known metrics`, { rate: rate.key });
    }
    if (rate.targetPercent !== undefined && !(rate.targetPercent >= 0 && rate.targetPercent <= 100)) {
      throw new DomainError('INVALID_DIRECTIVE', `Rate ${rate.key} has target ${rate.targetPercent}%`, { rate: rate.key });
    }
  }
}

function figureCode(value: unknown): ReportFieldCode | null {
  if (typeof value !== 'number' || !Number.isInteger(value)) return 'NOT_INTEGER';
  if (value < 0) return 'NEGATIVE';
  if (value > Number.MAX_SAFE_INTEGER) return 'TOO_LARGE';
  return null;
}

/**
 * Throws `INVALID_REPORT` with `details.fields` (metric key, or `narrative` / `correction`, → code)
 * listing every problem at once, so a form can mark all its fields in one round trip.
 * Rules: every metric present and no others; whole numbers from 0 to MAX_SAFE_INTEGER; a rate's
 * numerator not above its denominator (flagged on the numerator); a cumulative figure not below the
 * previous report's unless the report is a correction; a correction has a reason; the narrative is
 * at most 10,000 characters.
 */
export function validateReport(
  metrics: readonly MetricDef[],
  rates: readonly RateDef[],
  previous: Report | null,
  input: ReportInput,
  taskIds: readonly string[] = [],
): void {
  // A Map, then Object.fromEntries: a figure keyed "__proto__" must still be reported, not swallowed.
  const fields = new Map<string, ReportFieldCode>();
  const known = new Set(metrics.map((m) => m.key));
  for (const key of Object.keys(input.figures)) {
    if (!known.has(key)) fields.set(key, 'UNKNOWN_METRIC');
  }
  const valid = new Map<string, number>();
  for (const metric of metrics) {
    if (!Object.hasOwn(input.figures, metric.key)) {
      fields.set(metric.key, 'MISSING');
      continue;
    }
    const value: unknown = input.figures[metric.key];
    const code = figureCode(value);
    if (code !== null) fields.set(metric.key, code);
    else valid.set(metric.key, value as number);
  }
  for (const rate of rates) {
    const numerator = valid.get(rate.numerator);
    const denominator = valid.get(rate.denominator);
    if (numerator !== undefined && denominator !== undefined && numerator > denominator && !fields.has(rate.numerator)) {
      fields.set(rate.numerator, 'ABOVE_DENOMINATOR');
    }
  }
  const correction = input.correction;
  if (correction !== undefined && isBlank(correction.reason)) fields.set('correction', 'REASON_REQUIRED');
  const corrected = correction !== undefined && !isBlank(correction.reason);
  if (previous !== null && !corrected) {
    for (const metric of metrics) {
      if (!metric.cumulative || fields.has(metric.key)) continue;
      const before = Object.hasOwn(previous.figures, metric.key) ? previous.figures[metric.key] : undefined;
      const now = valid.get(metric.key);
      if (before !== undefined && now !== undefined && now < before) fields.set(metric.key, 'DECREASED');
    }
  }
  if (typeof input.narrative !== 'string') fields.set('narrative', 'NOT_TEXT');
  else if (textLength(input.narrative) > NARRATIVE_MAX_LENGTH) fields.set('narrative', 'TOO_LONG');
  if (input.tasks !== undefined) checkTaskMarks(input.tasks, taskIds, fields);
  if (fields.size > 0) {
    const list = [...fields].map(([key, code]) => `${key} ${code}`).join(', ');
    throw new DomainError('INVALID_REPORT', `Invalid report: ${list}`, { fields: Object.fromEntries(fields) });
  }
}

/** Marks only for the assignment's own tasks, each done true or false with an optional note of bounded length. */
function checkTaskMarks(marks: unknown, taskIds: readonly string[], fields: Map<string, ReportFieldCode>): void {
  if (typeof marks !== 'object' || marks === null || Array.isArray(marks)) {
    fields.set('tasks', 'NOT_TEXT');
    return;
  }
  const own = new Set(taskIds);
  for (const [taskId, mark] of Object.entries(marks as Record<string, unknown>)) {
    const field = taskField(taskId);
    if (!own.has(taskId)) fields.set(field, 'UNKNOWN_TASK');
    else if (typeof mark !== 'object' || mark === null || typeof (mark as TaskMark).done !== 'boolean') fields.set(field, 'NOT_BOOLEAN');
    else {
      const note: unknown = (mark as TaskMark).note;
      if (note !== undefined && typeof note !== 'string') fields.set(field, 'NOT_TEXT');
      else if (typeof note === 'string' && textLength(note) > TASK_NOTE_MAX_LENGTH) fields.set(field, 'TOO_LONG');
    }
  }
}

/** One wrong field of a refused report, named by its path in `reports.submit`'s input (as a schema names it). */
export interface ReportFieldError {
  readonly path: readonly string[];
  readonly code: ReportFieldCode;
}

/**
 * The refusal's `details.fields` as paths into the input a client sent, so any client marks the field
 * it drew: a metric's figure is `figures.<key>`, a correction's reason `correction.reason`, a task mark
 * `tasks.<id>` (its `done` or its `note` when that is what is wrong), the narrative `narrative`.
 */
export function reportFieldErrors(fields: Readonly<Record<string, ReportFieldCode>>): ReportFieldError[] {
  return Object.entries(fields).map(([key, code]): ReportFieldError => {
    if (code === 'UNKNOWN_METRIC') return { path: ['figures', key], code };
    if (key === 'narrative' || key === 'tasks') return { path: [key], code };
    if (key === 'correction') return { path: ['correction', 'reason'], code };
    if (key.startsWith(TASK_FIELD_PREFIX) && TASK_CODES.has(code)) {
      const taskId = key.slice(TASK_FIELD_PREFIX.length);
      if (code === 'NOT_BOOLEAN') return { path: ['tasks', taskId, 'done'], code };
      if (code === 'TOO_LONG' || code === 'NOT_TEXT') return { path: ['tasks', taskId, 'note'], code };
      return { path: ['tasks', taskId], code };
    }
    return { path: ['figures', key], code };
  });
}

const TASK_FIELD_PREFIX = taskField('');
/** The codes checkTaskMarks gives; a metric whose key happens to begin with "task:" gets others. */
const TASK_CODES: ReadonlySet<ReportFieldCode> = new Set(['UNKNOWN_TASK', 'NOT_BOOLEAN', 'TOO_LONG', 'NOT_TEXT']);

/** Task marks as stored: notes trimmed, blank ones left out. */
function cleanMarks(marks: Readonly<Record<string, TaskMark>>): Record<string, TaskMark> {
  const out: Record<string, TaskMark> = {};
  for (const [taskId, mark] of Object.entries(marks)) {
    const note = mark.note?.normalize('NFC').trim();
    Object.defineProperty(out, taskId, { value: note ? { done: mark.done, note } : { done: mark.done }, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * The report to store: the next version after `previous` (corrections too; the caller keeps the
 * history). Call `validateReport` first: this only stamps the input.
 */
export function nextReport(previous: Report | null, input: ReportInput, actor: Actor, now: string): Report {
  return {
    figures: { ...input.figures },
    narrative: input.narrative,
    ...(input.tasks !== undefined ? { tasks: cleanMarks(input.tasks) } : {}),
    ...(input.final !== undefined ? { final: input.final } : {}),
    ...(input.correction !== undefined ? { correction: { reason: input.correction.reason.trim() } } : {}),
    ...(input.period !== undefined ? { period: input.period } : {}),
    version: (previous?.version ?? 0) + 1,
    submittedAt: now,
    submittedBy: actor.userId,
  };
}

/** A review answers the latest report only: one of an older version was overtaken by a correction. */
export function assertLatestReport(reports: readonly Pick<Report, 'version'>[], version: number): void {
  const latest = reports.at(-1);
  if (!latest || latest.version !== version) {
    throw new DomainError('ILLEGAL_TRANSITION', `Report version ${version} is not the latest`, { version });
  }
}

/** Figures added metric by metric (numerators and denominators alike, so rates are recomputed from sums). */
export function sumFigures(each: ReadonlyArray<Readonly<Record<string, number>>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const figures of each) for (const [metric, value] of Object.entries(figures)) out[metric] = (out[metric] ?? 0) + value;
  return out;
}
