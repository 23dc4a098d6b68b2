import { DomainError, taskField, validateReport, type MetricDef, type RateDef, type ReportFieldCode, type TaskMark } from '@chidao/domain';

/** What the form holds: figures as typed (text), so nothing the user typed is lost or reformatted. */
export interface ReportDraft {
  readonly figures: Readonly<Record<string, string>>;
  readonly narrative: string;
  readonly correction: boolean;
  readonly correctionReason: string;
  /** The unit's tasks one by one, in the directive's order (an array, so a task id never becomes a field path). */
  readonly tasks?: readonly TaskDraft[];
}

/** One task in the form: done (a cooperating unit: its contribution sent) and a note. */
export interface TaskDraft {
  readonly id: string;
  readonly done: boolean;
  readonly note: string;
}

/** The latest report the unit submitted, as `reports.history` returns it. */
export interface PreviousReport {
  readonly version: number;
  readonly figures: Readonly<Record<string, number>>;
  readonly narrative: string;
  readonly submittedAt: string;
  readonly submittedBy: string;
  readonly tasks?: Readonly<Record<string, { readonly done: boolean }>> | null;
}

export type FieldErrors = Readonly<Record<string, ReportFieldCode>>;

/** Whole numbers, optionally grouped the Vietnamese way ("12.345") or with spaces ("12 345"). */
const PLAIN = /^\d+$/;
const GROUPED = /^\d{1,3}([. \u00a0\u202f]\d{3})+$/;

/**
 * A typed figure as a number, or the code the server would give it. "1,5" and "1.5" are not whole
 * numbers; "1.500" is one thousand five hundred (vi-VN grouping).
 */
export function parseFigure(text: string): number | ReportFieldCode {
  const t = text.trim();
  if (t === '') return 'MISSING';
  if (/^[-−]\s*\d/.test(t)) return 'NEGATIVE';
  const digits = PLAIN.test(t) ? t : GROUPED.test(t) ? t.replace(/[. \u00a0\u202f]/g, '') : null;
  if (digits === null) return 'NOT_INTEGER';
  const value = Number(digits);
  return value > Number.MAX_SAFE_INTEGER ? 'TOO_LARGE' : value;
}

/** Only what a number is written with: digits, group separators, a decimal comma or point, a sign. */
const NUMBER_CHARACTERS = /^[\d\s.,\u00a0\u202f+\-−]*$/;

/**
 * Whether a figure that is not a whole number was typed in words ("mười", "chưa có"), not as a number
 * with a fraction ("1,5"): "Phải là số nguyên" would puzzle someone who typed words, who is told the
 * box needs digits instead.
 */
export function typedWords(text: string): boolean {
  return !NUMBER_CHARACTERS.test(text.trim());
}

/** Cumulative metrics whose typed figure is below the last report's: they need a correction. */
export function decreasedMetrics(metrics: readonly MetricDef[], previous: PreviousReport | null, draft: ReportDraft): string[] {
  if (previous === null) return [];
  return metrics
    .filter((m) => {
      if (!m.cumulative) return false;
      const now = parseFigure(draft.figures[m.key] ?? '');
      const before = previous.figures[m.key];
      return typeof now === 'number' && before !== undefined && now < before;
    })
    .map((m) => m.key);
}

export type CheckedReport =
  | {
      readonly ok: true;
      readonly input: { figures: Record<string, number>; narrative: string; correction?: { reason: string }; tasks?: Record<string, TaskMark> };
    }
  | { readonly ok: false; readonly fields: FieldErrors };

/**
 * The checks the server makes, made before sending: typed text is parsed here, and the rules
 * themselves are the domain's own `validateReport`, so the form and the workflow cannot disagree.
 * A correction is sent only while the form offers it (a cumulative figure went down) and it is ticked.
 */
export function checkReport(metrics: readonly MetricDef[], rates: readonly RateDef[], previous: PreviousReport | null, draft: ReportDraft): CheckedReport {
  const fields = new Map<string, ReportFieldCode>();
  const figures: Record<string, number> = {};
  for (const metric of metrics) {
    const parsed = parseFigure(draft.figures[metric.key] ?? '');
    if (typeof parsed === 'number') figures[metric.key] = parsed;
    else fields.set(metric.key, parsed);
  }
  const offered = decreasedMetrics(metrics, previous, draft).length > 0;
  const tasks = draft.tasks && draft.tasks.length > 0 ? taskMarksOf(draft.tasks) : undefined;
  const input = {
    figures,
    narrative: draft.narrative,
    ...(offered && draft.correction ? { correction: { reason: draft.correctionReason.trim() } } : {}),
    ...(tasks ? { tasks } : {}),
  };
  try {
    // Missing figures are already flagged; the domain sees only the parsed ones and adds the rest.
    validateReport(
      metrics.filter((m) => !fields.has(m.key)),
      rates.filter((r) => !fields.has(r.numerator) && !fields.has(r.denominator)),
      previous ? { version: previous.version, figures: previous.figures, narrative: previous.narrative, submittedAt: previous.submittedAt, submittedBy: previous.submittedBy } : null,
      input,
      (draft.tasks ?? []).map((t) => t.id),
    );
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'INVALID_REPORT') throw error;
    const reported = (error.details as { fields?: Record<string, ReportFieldCode> } | undefined)?.fields ?? {};
    for (const [key, code] of Object.entries(reported)) if (!fields.has(key)) fields.set(key, code);
  }
  return fields.size > 0 ? { ok: false, fields: Object.fromEntries(fields) } : { ok: true, input };
}

/** Marks as `reports.submit` takes them, notes trimmed and blank ones left out; a Map first so a task id such as "__proto__" stays a task. */
function taskMarksOf(tasks: readonly TaskDraft[]): Record<string, TaskMark> {
  const marks = new Map<string, TaskMark>();
  for (const t of tasks) marks.set(t.id, t.note.trim() ? { done: t.done, note: t.note.trim() } : { done: t.done });
  return Object.fromEntries(marks);
}

/**
 * The wrong fields of a report the server refused (`INVALID_REPORT`, its `data.fields` as paths into
 * the input sent: `figures.<key>`, `tasks.<id>.note`, `correction.reason`, `narrative`), keyed as the
 * form keys its own checks (metric key, `task:<id>`, `correction`, `narrative`); null for any other
 * error. The server can refuse what the form let through when the unit's last report changed meanwhile.
 */
export function refusedFields(error: unknown): FieldErrors | null {
  const data = (error as { data?: { domainCode?: unknown; fields?: unknown } } | null)?.data;
  if (data?.domainCode !== 'INVALID_REPORT' || !Array.isArray(data.fields)) return null;
  const fields = new Map<string, ReportFieldCode>();
  for (const field of data.fields as Array<{ path?: unknown; code?: unknown }>) {
    if (!Array.isArray(field.path) || typeof field.code !== 'string') continue;
    const [head, id] = field.path.map(String);
    const key = head === 'figures' && id !== undefined ? id : head === 'tasks' && id !== undefined ? taskField(id) : head;
    if (key !== undefined) fields.set(key, field.code as ReportFieldCode);
  }
  return fields.size > 0 ? Object.fromEntries(fields) : null;
}

/**
 * The form's starting point: the last report's figures (to correct or update), or empty; each task the
 * unit reports on, ticked when the last report said it was done (a task once done stays done).
 */
export function initialDraft(metrics: readonly MetricDef[], previous: PreviousReport | null, taskIds: readonly string[] = []): ReportDraft {
  const doneBefore = (id: string) => previous?.tasks != null && Object.hasOwn(previous.tasks, id) && previous.tasks[id]?.done === true;
  return {
    figures: Object.fromEntries(metrics.map((m) => [m.key, previous?.figures[m.key] !== undefined ? String(previous.figures[m.key]) : ''])),
    narrative: '',
    correction: false,
    correctionReason: '',
    tasks: taskIds.map((id) => ({ id, done: doneBefore(id), note: '' })),
  };
}

/**
 * The workflow id of a unit's assignment, which is also its assignment id in the API
 * (`directive:<directive id>/unit:<unit id>`, built from business keys by the workflows package).
 */
export function assignmentIdFor(directiveId: string, unitId: string): string {
  return `directive:${directiveId}/unit:${unitId}`;
}

/** A progress period as `assignments.periods` returns it (the parts the report form needs). */
export interface PeriodChoice {
  readonly period: number;
  readonly dueBy: string;
  readonly reportedVersion: number | null;
}

/** What the reporter says a report answers: a progress period's number, or `final`. */
export type ReportFor = number | 'final';

/**
 * What a new report answers unless the reporter says otherwise — the engine's own default
 * (`periodOfReport`): the earliest period nothing answered yet; once every one is, the final report.
 * Null when the assignment has no progress periods (every report is then simply a report).
 */
export function defaultReportFor(periods: readonly PeriodChoice[]): ReportFor | null {
  if (periods.length === 0) return null;
  return periods.find((p) => p.reportedVersion === null)?.period ?? 'final';
}

/** The part of `reports.submit`'s input that says what the report answers. */
export function reportForInput(choice: ReportFor | null): { period?: number; final?: boolean } {
  if (choice === null) return {};
  return choice === 'final' ? { final: true } : { period: choice };
}
