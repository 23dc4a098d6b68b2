import type { AppRouter } from '../api';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { parseDisplayDate } from './dates';
import { matchesQuery } from '@chidao/domain';

/**
 * The issuing form's values and their conversions: from the draft intake read out of a dispatch (or
 * a blank form), and to the definition the API issues. No rules of the domain here: the API's
 * preview judges the definition; this only says what cannot even be sent (a date that is no date, a
 * group not placed), and proposes the figures a target implies.
 */

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;
export type ParseResult = Outputs['intake']['parse'];
export type Draft = ParseResult['draft'];
export type UnitOption = ParseResult['units'][number];
export type IssueOptions = Outputs['directives']['issueOptions'];
/** The unit a directive is issued in the name of, with the days it exists. */
export type IssuerOption = IssueOptions['issuer'];
export type Definition = Inputs['directives']['issue'];
export type Preview = Outputs['directives']['preview'];
/** What the form starts from when a unit carries out an assignment it received (chains.draft). */
export type ImplementingDraft = Outputs['chains']['draft'];
/** The assignment the directive carries out, as the form keeps it: the link, and how to cite it. */
export interface ImplementsValue {
  directiveId: string;
  unitId: string;
  /** "2841/BTTTT-THH ngày 01/08/2020 của Bộ …". */
  citation: string;
}
export type Problem = Preview['problems'][number];
type DraftGroup = Draft['recipients'][number]['group'] & {};
export type Span = { readonly start: number; readonly end: number };

export const HANDLING_ROLES = ['lead', 'cooperating', 'info'] as const;
export type HandlingRole = (typeof HANDLING_ROLES)[number];
export const GROUP_KINDS = ['people_committee', 'department', 'mass_organisation', 'business_association'] as const;
export type GroupKind = (typeof GROUP_KINDS)[number];

/** A group as the form edits it: a level with kinds, units of the tree, or a name not yet placed. */
export type GroupValue =
  | { type: 'level'; level: string; kinds: GroupKind[] }
  | { type: 'units'; unitIds: string[] }
  | { type: 'unresolved'; text: string };

export interface AssigneeValue {
  group: GroupValue;
  role: HandlingRole;
  span: Span | null;
}

/** A task's own deadline in the form: with the report (default), a date, working days from receipt, or none (thường xuyên). */
export const TASK_DUE_TYPES = ['report', 'date', 'workingDays', 'none'] as const;
export type TaskDueType = (typeof TASK_DUE_TYPES)[number];

export interface TaskValue {
  text: string;
  assignees: AssigneeValue[];
  span: Span | null;
  dueType: TaskDueType;
  /** dd/MM/yyyy */
  dueDate: string;
  dueDays: string;
}

/** A task's deadline as the form shows it, from a draft's (none: with the report). */
export function taskDueValues(due: { type: 'date'; date: string } | { type: 'workingDays'; days: number } | { type: 'none' } | undefined): Pick<TaskValue, 'dueType' | 'dueDate' | 'dueDays'> {
  if (!due) return { dueType: 'report', dueDate: '', dueDays: '' };
  if (due.type === 'date') return { dueType: 'date', dueDate: displayDate(due.date), dueDays: '' };
  if (due.type === 'workingDays') return { dueType: 'workingDays', dueDate: '', dueDays: String(due.days) };
  return { dueType: 'none', dueDate: '', dueDays: '' };
}

/** The kinds of document a directive is issued as (the domain's DOCUMENT_KINDS); công văn when none is said. */
export const DOCUMENT_KINDS = ['cong_van', 'chi_thi', 'ke_hoach', 'thong_bao', 'quyet_dinh', 'cong_dien'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface IssueFormValues {
  /** Absent in a form kept on the device before kinds were recorded: a công văn. */
  kind?: DocumentKind;
  reference: string;
  /** dd/MM/yyyy */
  date: string;
  place: string;
  subject: string;
  urgency: '' | 'Khẩn' | 'Thượng khẩn' | 'Hỏa tốc';
  recipients: Array<{ text: string; group: GroupValue; role: HandlingRole; span: Span | null }>;
  tasks: Array<TaskValue>;
  targets: Array<{ text: string; value: string; unit: 'percent' | 'count'; due: string; span: Span | null }>;
  /** `before`: the dispatch wrote "trước ngày …", and the due date is that day (inclusive) or the one before (exclusive), as the intake read it. */
  deadlines: Array<{ text: string; due: string; time: string; owers: GroupValue | null; span: Span | null; before?: Draft['beforeDate'] }>;
  coordinatorUnitId: string;
  signerCapacity: string;
  signerName: string;
  copiesTo: string[];
  keyTask: boolean;
  metrics: Array<{ key: string; label: string; cumulative: boolean }>;
  rates: Array<{ key: string; label: string; numerator: string; denominator: string; targetPercent: string }>;
  ackType: 'workingDays' | 'date';
  ackDays: string;
  ackDate: string;
  reportType: 'dispatch' | 'workingDays' | 'date';
  reportDays: string;
  reportDate: string;
  remindHalf: boolean;
  remindThreeQuarters: boolean;
  remindDayBefore: boolean;
  escalateParentAfter: string;
  escalateProvinceAfter: string;
  /**
   * Progress reports (báo cáo định kỳ) before the final one: none, every N working days, weekly, or by
   * the calendar (Nghị định 09/2019: monthly, quarterly, six-monthly, yearly).
   */
  progressType: ProgressType;
  progressDays: string;
  /** '1' = Monday … '5' = Friday. */
  progressWeekday: string;
  /** By the calendar: the day of the month the figures close on, and the day the report is due by (the first after it). */
  progressCutOffDay: string;
  progressDueDay: string;
  /** The reports go on after the final report until the issuer ends them ("cho đến khi có chỉ đạo khác"). */
  progressUntilEnded: boolean;
  /** The assignment it carries out (issue 25); absent or null: none. */
  implements?: ImplementsValue | null;
}

export const CALENDAR_PROGRESS_TYPES = ['monthly', 'quarterly', 'sixMonthly', 'yearly'] as const;
export type CalendarProgressType = (typeof CALENDAR_PROGRESS_TYPES)[number];
export const PROGRESS_TYPES = ['none', 'everyWorkingDays', 'weekly', ...CALENDAR_PROGRESS_TYPES] as const;
export type ProgressType = (typeof PROGRESS_TYPES)[number];
export const isCalendarProgress = (type: string): type is CalendarProgressType => (CALENDAR_PROGRESS_TYPES as readonly string[]).includes(type);

export const WEEKDAYS = ['1', '2', '3', '4', '5'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** The tracking part a new form starts from without its province's settings: the engine's defaults, no progress reports. */
const DEFAULT_TRACKING_VALUES = {
  ackType: 'workingDays',
  ackDays: '1',
  ackDate: '',
  reportDays: '10',
  reportDate: '',
  remindHalf: true,
  remindThreeQuarters: true,
  remindDayBefore: true,
  escalateParentAfter: '1',
  escalateProvinceAfter: '2',
  progressType: 'none',
  progressDays: '5',
  progressWeekday: '5',
  // Nghị định 09/2019 art. 12: figures to the 14th.
  progressCutOffDay: '14',
  progressDueDay: '20',
  progressUntilEnded: false,
} as const satisfies Partial<IssueFormValues>;

/** A province's settings (admin.settings), as directives.issueOptions gives them for the issuer. */
export type ProvinceDefaults = IssueOptions['defaults'];

/**
 * The tracking part a new form starts from under the issuer's province's settings: its
 * acknowledgement window, reminders, escalation and report regime. Without them (an answer cached
 * before provinces had settings), the engine's defaults.
 */
export function trackingValues(defaults: ProvinceDefaults | undefined): Pick<IssueFormValues, keyof typeof DEFAULT_TRACKING_VALUES> {
  if (!defaults) return DEFAULT_TRACKING_VALUES;
  const { reportRegime } = defaults;
  return {
    ...DEFAULT_TRACKING_VALUES,
    ackDays: String(defaults.acknowledgeWorkingDays),
    remindHalf: defaults.reminders.atHalf,
    remindThreeQuarters: defaults.reminders.atThreeQuarters,
    remindDayBefore: defaults.reminders.dayBefore,
    escalateParentAfter: String(defaults.escalation.parentAfterWorkingDays),
    escalateProvinceAfter: String(defaults.escalation.provinceAfterWorkingDays),
    progressType: reportRegime.type,
    progressCutOffDay: String(reportRegime.cutOffDay),
    progressDueDay: String(reportRegime.dueDay),
  };
}

/** The kinds a level's preset addresses together: People's Committees; agencies and mass organisations; businesses. */
const PRESET_KINDS: readonly (readonly GroupKind[])[] = [['people_committee'], ['department', 'mass_organisation'], ['business_association']];
/** Presets that have a wording of their own ("UBND các huyện, thành phố"). */
const NAMED_PRESETS = { 'province:department,mass_organisation': 'agencies', 'district:people_committee': 'districts', 'commune:people_committee': 'communes' } as const;
export type PresetKey = (typeof NAMED_PRESETS)[keyof typeof NAMED_PRESETS];

/**
 * Recipients by level and kind that the issuer's tree actually holds, top level first: every
 * district's People's Committee, every commune's, the provincial agencies. A district issuing to its
 * communes is offered only those.
 */
export function levelPresets(
  units: readonly UnitOption[],
): Array<{ key: PresetKey | null; group: { type: 'level'; level: string; kinds: GroupKind[] }; types: string }> {
  // Levels by how deep their units sit below the issuer (the scheme's order), whatever the list's order.
  const byId = new Map(units.map((u) => [u.id, u]));
  const depth = (u: UnitOption): number => {
    let d = 0;
    for (let p = u.parentId; p !== null && byId.has(p) && d < units.length; p = byId.get(p)!.parentId) d += 1;
    return d;
  };
  const shallowest = new Map<string, number>();
  for (const u of units) shallowest.set(u.level, Math.min(shallowest.get(u.level) ?? Infinity, depth(u)));
  // Agencies sit beside the districts, directly below a province: the level whose units have units
  // of their own below them comes after (the province's agencies before its districts).
  const parents = new Set(units.map((u) => u.parentId));
  const leads = (level: string) => Number(units.some((u) => u.level === level && parents.has(u.id)));
  const levels = [...shallowest.keys()].sort((a, b) => shallowest.get(a)! - shallowest.get(b)! || leads(a) - leads(b));
  return levels.flatMap((level) =>
    PRESET_KINDS.flatMap((kinds) => {
      const present = kinds.filter((k) => units.some((u) => u.level === level && u.kind === k));
      if (present.length === 0) return [];
      const key = (NAMED_PRESETS as Record<string, PresetKey>)[`${level}:${present.join(',')}`] ?? null;
      return [{ key, group: { type: 'level' as const, level, kinds: [...present] }, types: divisionTypes(units.filter((u) => u.level === level && present.includes(u.kind as GroupKind))) }];
    }),
  );
}

/** Kinds of commune-level unit, in the order officials list them. */
const DIVISION_TYPES = ['xã', 'phường', 'thị trấn', 'đặc khu'] as const;

/**
 * The kinds of administrative unit among `units`, read from their names ("UBND đặc khu Phú Quốc"),
 * as officials address them: "xã, phường, thị trấn" in 2020, "xã, phường, đặc khu" since 1/7/2025.
 * Empty when no name says.
 */
export function divisionTypes(units: readonly Pick<UnitOption, 'name'>[]): string {
  const found = new Set<string>();
  for (const u of units) {
    const m = /^(?:UBND|Ủy ban nhân dân)\s+(xã|phường|thị trấn|đặc khu)\s/iu.exec(u.name.normalize('NFC'));
    if (m) found.add(m[1]!.toLowerCase());
  }
  return DIVISION_TYPES.filter((t) => found.has(t)).join(', ');
}

/** yyyy-MM-dd → dd/MM/yyyy, the way the form shows dates. */
export function displayDate(iso: string | null): string {
  if (!iso) return '';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

const toGroup = (group: DraftGroup): GroupValue =>
  group.type === 'unresolved'
    ? { type: 'unresolved', text: group.text }
    : group.type === 'units'
      ? { type: 'units', unitIds: [...group.unitIds] }
      : { type: 'level', level: group.level, kinds: group.kinds.filter((k): k is GroupKind => (GROUP_KINDS as readonly string[]).includes(k)) };

/** The periodic reports a dispatch asks for ("trước ngày 05 hằng tháng"), as the form's fields; the defaults when it asks for none. */
function progressFromDraft(schedule: Draft['progressReports']): Partial<IssueFormValues> {
  if (!schedule) return {};
  const untilEnded = { progressUntilEnded: schedule.untilEnded === true };
  if (schedule.type === 'everyWorkingDays') return { progressType: 'everyWorkingDays', progressDays: String(schedule.days), ...untilEnded };
  if (schedule.type === 'weekly') return { progressType: 'weekly', progressWeekday: String(schedule.weekday), ...untilEnded };
  return { progressType: schedule.type, progressCutOffDay: String(schedule.cutOffDay), progressDueDay: String(schedule.dueDay), ...untilEnded };
}

/** The form prefilled from a draft, each row keeping the span of text it came from. */
export function formFromDraft(draft: Draft, defaults?: ProvinceDefaults): IssueFormValues {
  const { spans } = draft;
  return {
    kind: draft.kind,
    reference: draft.reference ?? '',
    date: displayDate(draft.date),
    place: draft.place ?? '',
    subject: draft.subject ?? '',
    urgency: draft.urgency ?? '',
    recipients: draft.recipients.flatMap((r, i) =>
      r.group === null ? [] : [{ text: r.text, group: toGroup(r.group), role: 'lead' as const, span: spans.recipients[i]?.text ?? null }],
    ),
    tasks: draft.tasks.map((t, i) => ({
      text: t.text,
      span: spans.tasks[i]?.text ?? null,
      ...taskDueValues(t.due),
      assignees: t.assignees.map((g, j) => ({ group: toGroup(g), role: 'lead' as const, span: spans.tasks[i]?.assignees[j] ?? null })),
    })),
    targets: draft.targets.map((t, i) => ({
      text: t.text,
      value: String(t.value),
      unit: t.unit,
      due: displayDate(t.due),
      span: spans.targets[i]?.text ?? null,
    })),
    // The domain gives a deadline one group of owers: one row per group.
    deadlines: draft.deadlines.flatMap((d, i) => {
      const time = /T(\d{2}:\d{2})/.exec(d.due)?.[1] ?? '';
      const row = (owers: GroupValue | null) => ({
        text: d.text,
        due: displayDate(d.due),
        time,
        owers,
        span: spans.deadlines[i]?.text ?? null,
        ...(d.before ? { before: draft.beforeDate } : {}),
      });
      return d.owers.length === 0 ? [row(null)] : d.owers.map((g) => row(toGroup(g)));
    }),
    coordinatorUnitId: draft.coordinatorUnitId ?? '',
    signerCapacity: draft.signer?.capacity ?? '',
    signerName: draft.signer?.name ?? '',
    copiesTo: [...draft.copiesTo],
    keyTask: false,
    ...suggestMetrics(draft.targets.map((t) => ({ text: t.text, value: String(t.value), unit: t.unit })), { metrics: [], rates: [] }),
    ...trackingValues(defaults),
    // A dispatch says itself whether it asks for periodic reports; the province's regime gives only its days.
    progressType: 'none',
    reportType: draft.deadlines.length > 0 || draft.targets.some((t) => t.due) ? 'dispatch' : 'workingDays',
    ...progressFromDraft(draft.progressReports),
  };
}

/**
 * A blank form for a directive written from scratch ("Soạn mới"): dated `today` (yyyy-MM-dd), the
 * issuer's place, nothing else filled in but the engine's default follow-up.
 */
export function blankForm(options: { place: string; today: string; defaults?: ProvinceDefaults }): IssueFormValues {
  return {
    kind: 'cong_van',
    reference: '',
    date: displayDate(options.today),
    place: options.place,
    subject: '',
    urgency: '',
    recipients: [],
    tasks: [{ text: '', assignees: [], span: null, ...taskDueValues(undefined) }],
    targets: [],
    deadlines: [],
    coordinatorUnitId: '',
    signerCapacity: '',
    signerName: '',
    copiesTo: [],
    keyTask: false,
    metrics: [],
    rates: [],
    ...trackingValues(options.defaults),
    reportType: 'workingDays',
  };
}

/**
 * The form for a directive that carries out an assignment ("Ban hành văn bản thực hiện"): a blank
 * form with the parent's content for this unit (chains.draft: subject, tasks, targets and deadlines
 * already moved earlier, the figures to collect, the report day) and the link. Recipients are left
 * to choose: the tasks go to them with one click, as on any form.
 */
export function formFromImplementing(draft: ImplementingDraft, options: { place: string; today: string; defaults?: ProvinceDefaults }): IssueFormValues {
  const blank = blankForm(options);
  return {
    ...blank,
    subject: draft.subject,
    tasks: draft.tasks.length > 0 ? draft.tasks.map((t) => ({ text: t.text, assignees: [], span: null, ...taskDueValues(t.due) })) : blank.tasks,
    targets: draft.targets.map((t) => ({ text: t.text, value: String(t.value), unit: t.unit, due: displayDate(t.due), span: null })),
    deadlines: draft.deadlines.map((d) => ({ text: d.text, due: displayDate(d.due), time: /T(\d{2}:\d{2})/.exec(d.due)?.[1] ?? '', owers: null, span: null })),
    metrics: draft.metrics.map((m) => ({ ...m })),
    rates: draft.rates.map((r) => ({ key: r.key, label: r.label, numerator: r.numerator, denominator: r.denominator, targetPercent: r.targetPercent === undefined ? '' : String(r.targetPercent) })),
    ...(draft.reportBy ? { reportType: 'date' as const, reportDate: displayDate(draft.reportBy) } : {}),
    implements: { ...draft.implements, citation: `${draft.parent.reference} ngày ${displayDate(draft.parent.date)} của ${draft.parent.issuerName}` },
  };
}

type TargetValue = Pick<IssueFormValues['targets'][number], 'text' | 'value' | 'unit'>;
type MetricsAndRates = Pick<IssueFormValues, 'metrics' | 'rates'>;

/**
 * The units a picker offers for a search and a level: every word typed found in the unit's name or
 * its parent's (so "rạch giá" finds the city and its wards), typed with or without marks; `level` ''
 * is every level. In the tree's order, which the API gives parent before children.
 */
export function findUnits<U extends { readonly id: string; readonly name: string; readonly level: string; readonly parentId: string | null }>(
  units: readonly U[],
  search: { readonly query: string; readonly level: string },
): U[] {
  const names = new Map(units.map((u) => [u.id, u.name]));
  return units.filter((u) => {
    if (search.level !== '' && u.level !== search.level) return false;
    return matchesQuery([u.name, u.parentId === null ? '' : (names.get(u.parentId) ?? '')], search.query);
  });
}

/**
 * A key no row has yet (m1, m2, …): people never see keys, so after a row is removed a new one must
 * not silently take a key still in use (`m${count + 1}` did).
 */
export function freeKey(prefix: string, taken: readonly string[]): string {
  let n = taken.length + 1;
  while (taken.includes(`${prefix}${n}`)) n++;
  return `${prefix}${n}`;
}

/** The keys of what a target implies: `target1Done` / `target1Total` / `target1Rate`, or `target1Count`. */
export const targetKeys = (index: number) => {
  const base = `target${index + 1}`;
  return { done: `${base}Done`, total: `${base}Total`, rate: `${base}Rate`, count: `${base}Count` };
};

// Where the condition of a percentage starts: "người dùng điện thoại thông minh | cài đặt ứng dụng
// Bluezone", "hồ sơ thủ tục hành chính | được tiếp nhận trực tuyến". Not "sử dụng"/"dùng": they
// belong to the population ("người sử dụng điện thoại thông minh").
const CONDITION = /\s(?:được|đã|cài đặt|cài|đăng ký|tham gia|hoàn thành|thực hiện|tiêm|nộp|thanh toán|tiếp nhận|có tài khoản)(?=\s|$)/u;
// "trên địa bàn tỉnh Kiên Giang": where, not what; every unit reports its own area. Tried from the
// first of a run of spaces only: tried from each, a long run is read quadratically.
const AREA = /(?<!\s)\s*trên địa bàn(?:\s+(?:tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn))?(?:\s+\p{Lu}[\p{L}]*)*/u;

const capitalize = (text: string) => text.charAt(0).toLocaleUpperCase('vi') + text.slice(1);

/** What a target counts: the words after its figure ("60% người dùng …" → "người dùng …"), without the area. */
function targetSubject(target: TargetValue): string {
  const text = target.text.normalize('NFC').replace(/\s+/g, ' ').trim();
  const value = decimal(target.value);
  // Numbers that are not part of a date (31/12/2020); for a percentage, the one before its "%".
  const numbers = [...text.matchAll(/(?<![\d/])\d[\d.,]*(?![\d/])(\s*%)?/gu)].filter((m) => target.unit !== 'percent' || m[1] !== undefined);
  const figure = numbers.find((m) => value !== null && decimal(m[0].replace('%', '')) === value) ?? numbers.at(-1);
  const after = figure ? text.slice(figure.index + figure[0].length) : '';
  return after
    .replace(AREA, '')
    .replace(/^\s*(?:của|số)\s+/u, '')
    // From the start of the trailing run only (`(?<!…)`), not again from each character of it.
    .replace(/(?<![.;:,\s])[.;:,\s]+$/u, '')
    .trim();
}

/**
 * The figures the targets imply, added to those already defined (the reporter's form and the
 * rollup use them; the issuer edits them). A percentage target asks for the count that meets it
 * (cumulative), the count it is a share of, and the rate between them with the target's percentage;
 * a count target for that count. A target whose keys exist already is left alone. The labels are in
 * the directive's own language, Vietnamese, like the dispatch they come from.
 */
export function suggestMetrics(targets: readonly TargetValue[], current: MetricsAndRates): MetricsAndRates {
  const metrics = [...current.metrics];
  const rates = [...current.rates];
  const has = (key: string) => metrics.some((m) => m.key === key) || rates.some((r) => r.key === key);
  targets.forEach((target, i) => {
    const keys = targetKeys(i);
    const subject = targetSubject(target);
    if (target.unit === 'count') {
      if (has(keys.count)) return;
      const what = subject === '' ? `chỉ tiêu ${i + 1}` : subject;
      metrics.push({ key: keys.count, label: /^số\s/iu.test(what) ? capitalize(what) : `Số ${what}`, cumulative: true });
      return;
    }
    if (has(keys.done) || has(keys.total) || has(keys.rate)) return;
    const at = CONDITION.exec(subject);
    const population = at ? subject.slice(0, at.index).trim() : '';
    const whole = subject === '' ? `chỉ tiêu ${i + 1}` : subject;
    const [done, total] =
      population !== '' ? [`Số ${subject}`, `Tổng số ${population}`] : [`Số đạt: ${whole}`, `Tổng số: ${whole}`];
    const percent = decimal(target.value);
    metrics.push({ key: keys.done, label: done, cumulative: true }, { key: keys.total, label: total, cumulative: false });
    rates.push({ key: keys.rate, label: `Tỷ lệ ${whole}`, numerator: keys.done, denominator: keys.total, targetPercent: percent === null ? '' : target.value.trim() });
  });
  return { metrics, rates };
}

/** What the form itself cannot send, by the form's field name. */
export type FormProblem = { readonly field: string; readonly code: 'DATE' | 'NUMBER' | 'UNRESOLVED' | 'REQUIRED' | 'EMPTY' };

type DefinitionGroup = Definition['recipients'][number]['group'];

function wholeNumber(text: string): number | null {
  return /^\s*\d{1,3}\s*$/.test(text) ? Number(text) : null;
}

function decimal(text: string): number | null {
  // Vietnamese writes 5.000 for five thousand and 12,5 for twelve and a half.
  const normal = text.trim().replace(/\.(?=\d{3}(\D|$))/g, '').replace(',', '.');
  return /^\d+(\.\d+)?$/.test(normal) ? Number(normal) : null;
}

/** The definition the API takes, or the fields that stop it from being sent. */
export function definitionFromForm(values: IssueFormValues, sourceText: string | null): { ok: true; definition: Definition } | { ok: false; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const group = (g: GroupValue, field: string): DefinitionGroup | null => {
    if (g.type === 'unresolved') {
      problems.push({ field, code: 'UNRESOLVED' });
      return null;
    }
    if (g.type === 'units' && g.unitIds.length === 0) {
      problems.push({ field, code: 'REQUIRED' });
      return null;
    }
    return g.type === 'units' ? { type: 'units', unitIds: g.unitIds } : { type: 'level', level: g.level, kinds: g.kinds };
  };
  const date = (text: string, field: string): string => {
    const parsed = parseDisplayDate(text);
    if (parsed === null) problems.push({ field, code: 'DATE' });
    return parsed ?? '';
  };
  const count = (text: string, field: string): number => {
    const n = wholeNumber(text);
    if (n === null) problems.push({ field, code: 'NUMBER' });
    return n ?? 0;
  };

  const recipients = values.recipients.flatMap((r, i) => {
    // The "Kính gửi" line is the document's own: a row without one cannot be sent.
    if (r.text.trim() === '') problems.push({ field: `recipients.${i}.text`, code: 'EMPTY' });
    const g = group(r.group, `recipients.${i}.group`);
    return g ? [{ text: r.text.trim(), group: g, ...(r.role !== 'lead' ? { role: r.role } : {}) }] : [];
  });
  const tasks = values.tasks.map((task, i) => {
    const roles: Record<string, HandlingRole> = {};
    const assignees = task.assignees.flatMap((a, j) => {
      const g = group(a.group, `tasks.${i}.assignees.${j}.group`);
      if (g?.type === 'units' && a.role !== 'lead') for (const id of g.unitIds) roles[id] = a.role;
      return g ? [g] : [];
    });
    const due =
      task.dueType === 'date'
        ? { type: 'date' as const, date: date(task.dueDate, `tasks.${i}.dueDate`) }
        : task.dueType === 'workingDays'
          ? { type: 'workingDays' as const, days: count(task.dueDays, `tasks.${i}.dueDays`) }
          : task.dueType === 'none'
            ? { type: 'none' as const }
            : undefined;
    return { text: task.text, assignees, ...(Object.keys(roles).length > 0 ? { roles } : {}), ...(due ? { due } : {}) };
  });
  const targets = values.targets.map((t, i) => {
    const value = decimal(t.value);
    if (value === null) problems.push({ field: `targets.${i}.value`, code: 'NUMBER' });
    // What a percentage is of: the count its suggested rate divides by, while that is still defined.
    const total = targetKeys(i).total;
    const metric = t.unit === 'percent' && values.metrics.some((m) => m.key.trim() === total) ? total : '';
    return { text: t.text, value: value ?? 0, unit: t.unit, metric, due: date(t.due, `targets.${i}.due`) };
  });
  const deadlines = values.deadlines.map((d, i) => {
    const day = date(d.due, `deadlines.${i}.due`);
    const time = d.time.trim();
    if (time !== '' && !/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) problems.push({ field: `deadlines.${i}.time`, code: 'DATE' });
    const owers = d.owers ? group(d.owers, `deadlines.${i}.owers`) : null;
    return { text: d.text, due: time ? `${day}T${time}:00+07:00` : day, ...(owers ? { owers } : {}) };
  });
  const rates = values.rates.map((r, i) => {
    const target = r.targetPercent.trim() === '' ? undefined : decimal(r.targetPercent);
    if (target === null) problems.push({ field: `rates.${i}.targetPercent`, code: 'NUMBER' });
    return { key: r.key.trim(), label: r.label, numerator: r.numerator, denominator: r.denominator, ...(target != null ? { targetPercent: target } : {}) };
  });
  const acknowledgeWithin =
    values.ackType === 'date' ? { type: 'date' as const, date: date(values.ackDate, 'ackDate') } : { type: 'workingDays' as const, days: count(values.ackDays, 'ackDays') };
  const reportBy =
    values.reportType === 'date'
      ? { type: 'date' as const, date: date(values.reportDate, 'reportDate') }
      : values.reportType === 'workingDays'
        ? { type: 'workingDays' as const, days: count(values.reportDays, 'reportDays') }
        : undefined;
  const untilEnded = values.progressUntilEnded ? { untilEnded: true } : {};
  const progressType = values.progressType;
  const progressReports =
    progressType === 'everyWorkingDays'
      ? { type: 'everyWorkingDays' as const, days: count(values.progressDays, 'progressDays'), ...untilEnded }
      : progressType === 'weekly'
        ? { type: 'weekly' as const, weekday: Number(values.progressWeekday), ...untilEnded }
        : isCalendarProgress(progressType)
          ? { type: progressType, cutOffDay: count(values.progressCutOffDay, 'progressCutOffDay'), dueDay: count(values.progressDueDay, 'progressDueDay'), ...untilEnded }
          : undefined;
  const parentAfter = count(values.escalateParentAfter, 'escalateParentAfter');
  const provinceAfter = count(values.escalateProvinceAfter, 'escalateProvinceAfter');
  const definition: Definition = {
    // A công văn is sent without a kind, as every directive was before kinds were recorded: issuing it again stays the same.
    ...(values.kind !== undefined && values.kind !== 'cong_van' ? { kind: values.kind } : {}),
    reference: values.reference,
    place: values.place,
    date: date(values.date, 'date'),
    subject: values.subject,
    urgency: values.urgency === '' ? null : values.urgency,
    recipients,
    tasks,
    targets,
    deadlines,
    coordinatorUnitId: values.coordinatorUnitId === '' ? null : values.coordinatorUnitId,
    signer: { capacity: values.signerCapacity, name: values.signerName },
    copiesTo: values.copiesTo.filter((c) => c.trim() !== ''),
    ...(sourceText ? { sourceText } : {}),
    ...(values.implements ? { implements: { directiveId: values.implements.directiveId, unitId: values.implements.unitId } } : {}),
    keyTask: values.keyTask,
    metrics: values.metrics.map((m) => ({ key: m.key.trim(), label: m.label, cumulative: m.cumulative })),
    rates,
    tracking: {
      acknowledgeWithin,
      ...(reportBy ? { reportBy } : {}),
      reminders: {
        fractions: [...(values.remindHalf ? [0.5] : []), ...(values.remindThreeQuarters ? [0.75] : [])],
        workingDaysBefore: values.remindDayBefore ? [1] : [],
      },
      escalation: {
        steps: [
          { afterWorkingDays: 0, action: 'remind' },
          { afterWorkingDays: parentAfter, action: 'escalate_parent' },
          { afterWorkingDays: Math.max(provinceAfter, parentAfter), action: 'escalate_province' },
        ],
      },
      ...(progressReports ? { progressReports } : {}),
    },
  };
  return problems.length > 0 ? { ok: false, problems } : { ok: true, definition };
}

/** A server problem's path as the form's field name, where the form has that field. */
export function fieldOfProblem(path: readonly (string | number)[]): string {
  const [head] = path;
  if (head === 'tracking') {
    const second = path[1];
    if (second === 'acknowledgeWithin') return 'ackDays';
    if (second === 'reportBy') return 'reportDays';
    if (second === 'progressReports') {
      const fields: Record<string, string> = { days: 'progressDays', weekday: 'progressWeekday', cutOffDay: 'progressCutOffDay', dueDay: 'progressDueDay' };
      return fields[String(path[2])] ?? 'progressType';
    }
    return 'escalateParentAfter';
  }
  if (head === 'signer') return path[1] === 'name' ? 'signerName' : 'signerCapacity';
  // A task's own deadline is edited as a date or a number of days.
  if (head === 'tasks' && path[2] === 'due') return `tasks.${String(path[1])}.dueDays`;
  return path.join('.');
}

/** The text a span points at in the source, for the quote under a field. */
export function quote(source: string, span: Span | null | undefined): string | null {
  if (!span || span.end <= span.start) return null;
  return source.slice(span.start, span.end).replace(/\*\*/g, '').replace(/\s+/g, ' ').trim();
}
