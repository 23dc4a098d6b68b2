import { DomainError } from './errors';
import type { TrackingPolicy } from './tracking-policy';
import { slugify } from './text';
import { descendantsOf, getUnit, isWithin, type Hierarchy, type Unit, type UnitKind } from './hierarchy';
import type { MetricDef, RateDef } from './reports';
import type { TaskDue } from './deadlines';

/** E-office roles on a document: xử lý chính (lead), phối hợp (cooperating), nhận để biết (info). */
export const HANDLING_ROLES = ['lead', 'cooperating', 'info'] as const;
export type HandlingRole = (typeof HANDLING_ROLES)[number];

/**
 * A group of receiving units as a dispatch names them ("Chủ tịch UBND các huyện, thành phố").
 * Groups resolve inside the issuer's subtree, so "every commune" of a provincial dispatch means
 * that province's communes.
 */
export type RecipientGroup =
  | { readonly type: 'units'; readonly unitIds: readonly string[] }
  | { readonly type: 'level'; readonly level: string; readonly kinds: readonly UnitKind[] };

export interface Recipient {
  /** The line of the dispatch, as written. */
  readonly text: string;
  readonly group: RecipientGroup;
}

export interface DirectiveTask {
  readonly id: string;
  readonly text: string;
  readonly assignees: readonly RecipientGroup[];
  /**
   * Roles on this task by unit id, overriding the directive's `roles`; default lead. A unit can lead
   * one bullet and cooperate on another (Đài PT-TH leads bullet 1 for its own staff, cooperates on 8).
   */
  readonly roles?: Readonly<Record<string, HandlingRole>>;
  /** Its own deadline ("thường xuyên": none); without one it is due with each unit's report. */
  readonly due?: TaskDue;
}

export interface Target {
  readonly text: string;
  /** 60 for "60%". */
  readonly value: number;
  readonly unit: 'percent' | 'count';
  /** What the percentage is of, e.g. smartphone users. */
  readonly metric: string;
  /** ISO date (yyyy-MM-dd), Asia/Ho_Chi_Minh. */
  readonly due: string;
}

export interface Deadline {
  readonly text: string;
  /** ISO date (yyyy-MM-dd) or date-time with offset, Asia/Ho_Chi_Minh. */
  readonly due: string;
  /** Who owes it; defaults to every recipient. */
  readonly owers?: RecipientGroup;
}

/**
 * The kind of document that carries the tasks (Nghị định 30/2020/NĐ-CP, Phụ lục III): công văn,
 * chỉ thị (CT), kế hoạch (KH), thông báo (TB, often the conclusions of a meeting), quyết định (QĐ,
 * giao nhiệm vụ / giao chỉ tiêu) and công điện (CĐ). Each is tracked the same way; the kind says how
 * the document is named ("Chỉ thị số 18/CT-UBND") and how its text is laid out.
 */
export const DOCUMENT_KINDS = ['cong_van', 'chi_thi', 'ke_hoach', 'thong_bao', 'quyet_dinh', 'cong_dien'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** How each kind is named, in a citation ("Chỉ thị số …") and in an edXML package's DocumentType. */
export const DOCUMENT_KIND_NAMES: Readonly<Record<DocumentKind, string>> = {
  cong_van: 'Công văn',
  chi_thi: 'Chỉ thị',
  ke_hoach: 'Kế hoạch',
  thong_bao: 'Thông báo',
  quyet_dinh: 'Quyết định',
  cong_dien: 'Công điện',
};

/** A stored kind read back: a value this version does not know is read as a công văn, the kind every directive had before kinds were recorded. */
export function documentKindOf(value: string | null | undefined): DocumentKind {
  return (DOCUMENT_KINDS as readonly string[]).includes(value ?? '') ? (value as DocumentKind) : 'cong_van';
}

/** The abbreviation a document's reference carries for its kind ("18/CT-UBND" → chi_thi); công văn carries none. */
export const DOCUMENT_KIND_CODES: Readonly<Record<Exclude<DocumentKind, 'cong_van'>, string>> = {
  chi_thi: 'CT',
  ke_hoach: 'KH',
  thong_bao: 'TB',
  quyet_dinh: 'QĐ',
  cong_dien: 'CĐ',
};

/**
 * The kind a reference's abbreviation names: the part after the number ("18/CT-UBND" → chi_thi,
 * "2150/QĐ-UBND" → quyet_dinh, also written "QD"); null for a công văn's ("1119/UBND-KGVX").
 */
export function documentKindOfReference(reference: string): Exclude<DocumentKind, 'cong_van'> | null {
  const code = reference.normalize('NFC').split('/')[1]?.split('-')[0]?.trim().toUpperCase().replace('QD', 'QĐ').replace('CD', 'CĐ');
  if (code === undefined) return null;
  for (const [kind, abbreviation] of Object.entries(DOCUMENT_KIND_CODES)) {
    if (abbreviation === code) return kind as Exclude<DocumentKind, 'cong_van'>;
  }
  return null;
}

/** A reference as compared: "1119 /UBND-KGVX" and "1119/ubnd-kgvx" are one document. */
const comparableReference = (reference: string) => reference.normalize('NFC').replace(/\s+/gu, '').toUpperCase();

/**
 * The directive a document cites as the one it carries out ("Thực hiện Công văn số 2841/BTTTT-THH
 * ngày 01/8/2020"), among those given: the one whose reference is the cited one and, when both
 * carry a date, of that date. Null when none is, or when more than one is (numbers restart every
 * year, and a citation without a date cannot tell two years apart).
 */
export function citedDirective<T extends { readonly reference: string; readonly date: string }>(
  cited: { readonly reference: string; readonly date: string | null },
  directives: readonly T[],
): T | null {
  const reference = comparableReference(cited.reference);
  const found = directives.filter((d) => comparableReference(d.reference) === reference && (cited.date === null || d.date.slice(0, 10) === cited.date));
  return found.length === 1 ? found[0]! : null;
}

export interface Signer {
  readonly capacity: string;
  readonly name: string;
}

export interface Directive {
  /** Business key: issuer, year and number (numbers restart every 1 January). */
  readonly id: string;
  /** "1119/UBND-KGVX". */
  readonly reference: string;
  readonly issuerUnitId: string;
  readonly place: string;
  /** ISO date of issue. */
  readonly date: string;
  /** The "V/v" line, or the trích yếu under a document's name ("CHỈ THỊ / Về việc …"). */
  readonly subject: string;
  /** The kind of document; absent on directives issued before kinds were recorded: a công văn. */
  readonly kind?: DocumentKind;
  readonly urgency: 'Khẩn' | 'Thượng khẩn' | 'Hỏa tốc' | null;
  readonly recipients: readonly Recipient[];
  readonly tasks: readonly DirectiveTask[];
  readonly targets: readonly Target[];
  readonly deadlines: readonly Deadline[];
  /** The unit told to monitor and compile results. */
  readonly coordinatorUnitId: string | null;
  readonly signer: Signer;
  readonly copiesTo: readonly string[];
  /** The full text of the dispatch, when it was imported from one. */
  readonly sourceText?: string;
  /** Acknowledgement window, report deadline, reminders and escalation; defaults in ./tracking. */
  readonly tracking?: Partial<TrackingPolicy>;
  /** Figures the recipients report. */
  readonly metrics?: readonly MetricDef[];
  /** Percentages computed from `metrics`; the first one ranks units. */
  readonly rates?: readonly RateDef[];
  /** "Nhiệm vụ trọng tâm": reported and ranked separately by the province. */
  readonly keyTask?: boolean;
  /** Each unit's role on the directive as a whole, by unit id; default lead. */
  readonly roles?: Readonly<Record<string, HandlingRole>>;
  /**
   * The assignment this directive carries out ("Thực hiện Công văn số … của …", issue 25): the parent
   * directive as given to the issuing unit (or to the unit it succeeded). Absent: it rests on none.
   */
  readonly implements?: ParentAssignment;
}

/** An assignment named by its business key: the directive, and the unit it was given to. */
export interface ParentAssignment {
  readonly directiveId: string;
  readonly unitId: string;
}

/**
 * A unit's role: the task's own entry, else the directive's, else `otherwise`: lead, or the role
 * recorded on its assignment (inherited by a unit the directive does not name).
 */
export function roleOf(directive: Pick<Directive, 'roles' | 'tasks'>, unitId: string, taskId?: string, otherwise: HandlingRole = 'lead'): HandlingRole {
  const task = taskId === undefined ? undefined : directive.tasks.find((t) => t.id === taskId);
  const fromTask = task?.roles !== undefined && Object.hasOwn(task.roles, unitId) ? task.roles[unitId] : undefined;
  const fromDirective = directive.roles !== undefined && Object.hasOwn(directive.roles, unitId) ? directive.roles[unitId] : undefined;
  return fromTask ?? fromDirective ?? otherwise;
}

/** "1119/UBND-KGVX" issued by `kg` in 2020 → `kg.2020.1119-ubnd-kgvx`. */
export function directiveIdOf(issuerUnitId: string, date: string, reference: string): string {
  const year = date.slice(0, 4);
  const slug = slugify(reference);
  if (!/^\d{4}$/.test(year) || slug.length === 0) {
    throw new DomainError('INVALID_DIRECTIVE', `Cannot derive an id from ${reference} of ${date}`);
  }
  return `${issuerUnitId}.${year}.${slug}`;
}

/** Units of `group` inside the issuer's subtree (the issuer itself never receives its own directive). */
export function resolveGroup(hierarchy: Hierarchy, issuerUnitId: string, group: RecipientGroup): Unit[] {
  if (group.type === 'units') {
    return group.unitIds.map((id) => {
      const unit = getUnit(hierarchy, id);
      if (!isWithin(hierarchy, id, issuerUnitId) || id === issuerUnitId) {
        throw new DomainError('INVALID_DIRECTIVE', `Unit ${id} is outside the issuer's area`, { unitId: id });
      }
      return unit;
    });
  }
  return descendantsOf(hierarchy, issuerUnitId).filter(
    (unit) => unit.level === group.level && group.kinds.includes(unit.kind),
  );
}

export function groupIncludes(hierarchy: Hierarchy, issuerUnitId: string, group: RecipientGroup, unitId: string): boolean {
  return resolveGroup(hierarchy, issuerUnitId, group).some((unit) => unit.id === unitId);
}

/** Ids of the tasks whose assignee groups include `unitId`. */
export function taskIdsOf(hierarchy: Hierarchy, directive: Directive, unitId: string): string[] {
  return directive.tasks.filter((t) => t.assignees.some((g) => groupIncludes(hierarchy, directive.issuerUnitId, g, unitId))).map((t) => t.id);
}

export interface PlannedAssignment {
  readonly unitId: string;
  /**
   * The assignment this one is delivered through: the nearest ancestor unit that is itself a
   * recipient (a district forwards to its communes), or null when the directive delivers it directly.
   */
  readonly parentUnitId: string | null;
  /** Ids of the tasks whose assignee groups include this unit. */
  readonly taskIds: readonly string[];
}

/**
 * One assignment per recipient unit, arranged as a delivery tree that follows the administrative
 * tree. Ordered parents before children.
 */
export function planAssignments(hierarchy: Hierarchy, directive: Directive): PlannedAssignment[] {
  getUnit(hierarchy, directive.issuerUnitId);
  if (directive.recipients.length === 0) {
    throw new DomainError('INVALID_DIRECTIVE', `Directive ${directive.reference} has no recipients`);
  }
  const recipientIds = new Set<string>();
  for (const recipient of directive.recipients) {
    for (const unit of resolveGroup(hierarchy, directive.issuerUnitId, recipient.group)) recipientIds.add(unit.id);
  }
  const taskMembers = directive.tasks.map((task) => ({
    id: task.id,
    members: new Set(task.assignees.flatMap((g) => resolveGroup(hierarchy, directive.issuerUnitId, g).map((u) => u.id))),
  }));
  const plan: PlannedAssignment[] = [];
  // Walk the issuer's subtree depth first so parents come before their children.
  for (const unit of descendantsOf(hierarchy, directive.issuerUnitId)) {
    if (!recipientIds.has(unit.id)) continue;
    // A unit that began after the directive's date (added or made by a merger or split since) is not
    // owed it: a reorganisation's successor gets its task from the reorganisation, not from the plan.
    if (unit.validFrom !== undefined && unit.validFrom > directive.date.slice(0, 10)) continue;
    let parentUnitId: string | null = null;
    for (let id = unit.parentId; id !== null && id !== directive.issuerUnitId; id = getUnit(hierarchy, id).parentId) {
      if (recipientIds.has(id)) {
        parentUnitId = id;
        break;
      }
    }
    plan.push({
      unitId: unit.id,
      parentUnitId,
      taskIds: taskMembers.filter((t) => t.members.has(unit.id)).map((t) => t.id),
    });
  }
  return plan;
}
