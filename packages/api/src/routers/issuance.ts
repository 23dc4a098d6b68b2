import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  assertIssuable,
  citedDirective,
  checkDirective,
  directiveIdOf,
  DIRECTIVE_NOTICE_CODES,
  DIRECTIVE_PROBLEM_CODES,
  DOCUMENT_KINDS,
  DomainError,
  getUnit,
  placeOf,
  HANDLING_ROLES,
  previewDirective,
  UNIT_KINDS,
  vietnamCalendar,
  withProvinceDefaults,
  type Directive,
  type Unit,
} from '@chidao/domain';
import { DISPATCH_TEXT_MAX, IntakeError, resolveDraft, SCAN_FILE_MAX_BYTES, sourceText } from '@chidao/intake';
import { directiveWorkflowId } from '@chidao/workflows';
import { issueDirective, sameDirective } from '../services';
import { auditActing } from '../audit';
import { settingsForUnit } from '../province-settings';
import { settingsSchema } from './settings';
import { chainProblems } from './chains';
import type { AuthedContext } from '../context';
import { authedProcedure } from '../trpc';

/**
 * Issuing a directive (ban hành văn bản chỉ đạo): read a dispatch into a draft, preview what issuing
 * a definition would do, and issue it. Only a unit's leadership issues, in their unit's name.
 */


const id = z.string().trim().min(1).max(300);
const line = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const group = z.discriminatedUnion('type', [
  z.object({ type: z.literal('units'), unitIds: z.array(id).min(1).max(1_000) }),
  z.object({ type: z.literal('level'), level: z.string().min(1).max(50), kinds: z.array(z.enum(UNIT_KINDS)).min(1).max(UNIT_KINDS.length) }),
]);

const deadlineSpec = z.discriminatedUnion('type', [
  z.object({ type: z.literal('date'), date: isoDate, time: z.string().regex(/^\d{2}:\d{2}$/).optional() }),
  z.object({ type: z.literal('workingDays'), days: z.number().int().min(0).max(365) }),
]);

const roles = z.record(id, z.enum(HANDLING_ROLES));
const metricKey = z.string().trim().min(1).max(60).regex(/^[A-Za-z][A-Za-z0-9_]*$/);

/** A directive as the issuing form defines it; the server adds the issuer, the id and the task ids. */
/** A progress-report schedule as the domain has it (ProgressSchedule); its bounds are checkDirective's. */
const progressSchedule = z.discriminatedUnion('type', [
  z.object({ type: z.literal('everyWorkingDays'), days: z.number().int(), untilEnded: z.boolean().optional() }),
  z.object({ type: z.literal('weekly'), weekday: z.number().int(), untilEnded: z.boolean().optional() }),
  z.object({
    type: z.enum(['monthly', 'quarterly', 'sixMonthly', 'yearly']),
    cutOffDay: z.number().int(),
    dueDay: z.number().int(),
    untilEnded: z.boolean().optional(),
  }),
]);

/** A task's own deadline: a date (and time), N working days from receipt, or none ("thường xuyên"). */
const taskDue = z.discriminatedUnion('type', [
  z.object({ type: z.literal('date'), date: isoDate, time: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).optional() }),
  z.object({ type: z.literal('workingDays'), days: z.number().int().min(1).max(365) }),
  z.object({ type: z.literal('none') }),
]);

export const directiveDefinition = z.object({
  /** The unit issuing: the user's own unit by default. */
  issuerUnitId: id.optional(),
  /** The kind of document (chỉ thị, kế hoạch, …); absent: a công văn. */
  kind: z.enum(DOCUMENT_KINDS).optional(),
  reference: z.string().trim().max(60),
  place: z.string().trim().max(200),
  date: isoDate,
  subject: z.string().trim().max(2_000),
  urgency: z.enum(['Khẩn', 'Thượng khẩn', 'Hỏa tốc']).nullable(),
  recipients: z.array(z.object({ text: line(1_000), group, role: z.enum(HANDLING_ROLES).optional() })).max(100),
  tasks: z.array(z.object({ text: z.string().trim().max(10_000), assignees: z.array(group).max(50), roles: roles.optional(), due: taskDue.optional() })).max(200),
  targets: z
    .array(z.object({ text: z.string().trim().max(2_000), value: z.number().finite(), unit: z.enum(['percent', 'count']), metric: z.string().max(60), due: isoDate }))
    .max(50),
  deadlines: z
    .array(
      z.object({
        text: z.string().trim().max(2_000),
        due: z.string().regex(/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:00)?\+07:00)?$/),
        owers: group.optional(),
      }),
    )
    .max(50),
  coordinatorUnitId: id.nullable(),
  signer: z.object({ capacity: z.string().trim().max(200), name: z.string().trim().max(200) }),
  copiesTo: z.array(line(500)).max(100),
  sourceText: z.string().max(DISPATCH_TEXT_MAX).optional(),
  keyTask: z.boolean(),
  /** The assignment it carries out ("Thực hiện Công văn số … của …"): the parent directive and the unit it was given to. */
  implements: z.object({ directiveId: id, unitId: id }).optional(),
  metrics: z.array(z.object({ key: metricKey, label: z.string().trim().max(300), cumulative: z.boolean() })).max(30),
  rates: z
    .array(
      z.object({
        key: metricKey,
        label: z.string().trim().max(300),
        numerator: metricKey,
        denominator: metricKey,
        targetPercent: z.number().finite().optional(),
      }),
    )
    .max(30),
  /**
   * What the definition leaves out of its follow-up (the acknowledgement window, reminders,
   * escalation, when extension requests close) is the issuer's province's settings as they stand
   * when it is issued; the directive records the result, so a later change of the settings never
   * reaches it.
   */
  tracking: z.object({
    acknowledgeWithin: deadlineSpec.optional(),
    /** Unset: each unit reports by the deadline the directive gives it, else by the first target's date. */
    reportBy: deadlineSpec.optional(),
    reminders: z.object({ fractions: z.array(z.number().finite()).max(5), workingDaysBefore: z.array(z.number().int()).max(5) }).optional(),
    escalation: z
      .object({
        steps: z.array(z.object({ afterWorkingDays: z.number().int(), action: z.enum(['remind', 'escalate_parent', 'escalate_province']) })).max(6),
      })
      .optional(),
    /**
     * Progress reports (báo cáo định kỳ) until the final one, or with `untilEnded` until the issuer
     * ends them; by the calendar (Nghị định 09/2019) with a cut-off and a due day. The bounds are the
     * domain's (checkDirective).
     */
    progressReports: progressSchedule.optional(),
  }),
});
export type DirectiveDefinition = z.infer<typeof directiveDefinition>;

/** The domain's directive for a definition issued by `issuerUnitId`; the id stays blank until the date and reference are valid. */
function toDirective(input: DirectiveDefinition, issuerUnitId: string): Directive {
  const { issuerUnitId: _ignored, recipients, tasks, tracking, ...rest } = input;
  const directiveRoles: Record<string, (typeof HANDLING_ROLES)[number]> = {};
  for (const r of recipients) {
    if (r.role && r.role !== 'lead' && r.group.type === 'units') for (const unitId of r.group.unitIds) directiveRoles[unitId] = r.role;
  }
  const directive: Directive = {
    ...rest,
    id: '',
    reference: input.reference.replace(/\s+/g, ''),
    issuerUnitId,
    recipients: recipients.map(({ text, group }) => ({ text, group })),
    tasks: tasks.map((task, i) => ({
      id: `t${i + 1}`,
      text: task.text,
      assignees: task.assignees,
      ...(task.roles && Object.keys(task.roles).length > 0 ? { roles: task.roles } : {}),
      ...(task.due ? { due: task.due } : {}),
    })),
    deadlines: input.deadlines.map(({ owers, ...d }) => (owers ? { ...d, owers } : d)),
    // The weekday's range is checkDirective's to judge, with the field's path: not the schema's.
    tracking: { ...tracking, ...(tracking.reportBy ? { reportBy: tracking.reportBy } : {}) } as Directive['tracking'],
    ...(Object.keys(directiveRoles).length > 0 ? { roles: directiveRoles } : {}),
  };
  return directive;
}

const withId = (directive: Directive): Directive => ({ ...directive, id: directiveIdOf(directive.issuerUnitId, directive.date, directive.reference) });

const problem = z.object({ path: z.array(z.union([z.string(), z.number()])), code: z.enum(DIRECTIVE_PROBLEM_CODES) });

const span = z.object({ start: z.number().int(), end: z.number().int() });
const resolvedGroup = z.union([group, z.object({ type: z.literal('unresolved'), text: z.string() })]);
const party = z.object({ organId: z.string().nullable(), organName: z.string().nullable() });
const exchangeField = z.enum(['reference', 'date', 'issuer', 'place', 'subject', 'kind', 'urgency', 'signer']);
const draftSchema = z.object({
  kind: z.enum(DOCUMENT_KINDS),
  reference: z.string().nullable(),
  issuer: z.string().nullable(),
  place: z.string().nullable(),
  date: z.string().nullable(),
  subject: z.string().nullable(),
  urgency: z.enum(['Khẩn', 'Thượng khẩn', 'Hỏa tốc']).nullable(),
  recipients: z.array(z.object({ text: z.string(), group: resolvedGroup.nullable() })),
  tasks: z.array(z.object({ text: z.string(), assignees: z.array(resolvedGroup), subItems: z.array(z.string()), due: taskDue.optional() })),
  targets: z.array(z.object({ text: z.string(), value: z.number(), unit: z.enum(['percent', 'count']), due: z.string().nullable(), before: z.literal(true).optional() })),
  /** Targets per unit from a table (a phụ lục), each row's unit placed in the tree or unresolved. */
  unitTargets: z.array(
    z.object({ unitName: z.string(), group: resolvedGroup, indicator: z.string(), value: z.number(), unit: z.enum(['percent', 'count']), due: z.string().nullable() }),
  ),
  /** `before`: written "trước ngày X", read by `beforeDate` (X itself when inclusive, the day before when exclusive). */
  deadlines: z.array(z.object({ text: z.string(), due: z.string(), before: z.literal(true).optional(), owers: z.array(resolvedGroup) })),
  beforeDate: z.enum(['inclusive', 'exclusive']),
  coordinator: z.string().nullable(),
  coordinatorUnitId: z.string().nullable(),
  signer: z.object({ capacity: z.string().nullable(), name: z.string().nullable() }).nullable(),
  copiesTo: z.array(z.string()),
  /** Periodic reports by the calendar the dispatch asks for ("trước ngày 05 hằng tháng"); null when none. */
  progressReports: progressSchedule.nullable(),
  /**
   * The documents it carries out or rests on, as cited; `directiveId` proposes the directive of this
   * system that a citation names, among those the reader may see (null when none or more than one).
   */
  basis: z.array(
    z.object({ name: z.string(), kind: z.enum(DOCUMENT_KINDS).nullable(), reference: z.string(), date: z.string().nullable(), issuer: z.string().nullable(), directiveId: z.string().nullable() }),
  ),
  unrecognized: z.array(z.object({ text: z.string(), span })),
  spans: z.object({
    kind: span.nullable(),
    reference: span.nullable(),
    issuer: span.nullable(),
    place: span.nullable(),
    date: span.nullable(),
    subject: span.nullable(),
    urgency: span.nullable(),
    recipients: z.array(z.object({ text: span, group: span.nullable() })),
    tasks: z.array(z.object({ text: span, assignees: z.array(span), subItems: z.array(span) })),
    targets: z.array(z.object({ text: span, value: span, due: span.nullable() })),
    deadlines: z.array(z.object({ text: span, due: span, owers: z.array(span) })),
    coordinator: span.nullable(),
    signer: z.object({ capacity: span.nullable(), name: span.nullable() }).nullable(),
    copiesTo: z.array(span),
    progressReports: span.nullable(),
    unitTargets: z.array(z.object({ unitName: span, value: span })),
    basis: z.array(span),
  }),
  /** For a PDF or a picture: each line's page, place on it (fractions of the page) and OCR confidence. */
  layout: z
    .object({
      kind: z.enum(['pdf', 'image']),
      pages: z.array(z.object({ number: z.number().int(), origin: z.enum(['text', 'ocr']), confidence: z.number().nullable() })),
      lines: z.array(
        z.object({
          span,
          page: z.number().int(),
          box: z.object({ x: z.number(), y: z.number(), width: z.number(), height: z.number() }),
          confidence: z.number().nullable(),
        }),
      ),
    })
    .optional(),
  /**
   * For an edXML package (QCVN 102:2016/BTTTT): its envelope, the header fields taken where the text
   * gave none (`filled`), and where header and text disagree (`warnings`: the draft keeps the text's).
   */
  exchange: z
    .object({
      standard: z.literal('QCVN 102:2016/BTTTT'),
      documentId: z.string().nullable(),
      from: party.nullable(),
      to: z.array(party),
      reference: z.string().nullable(),
      place: z.string().nullable(),
      date: z.string().nullable(),
      documentType: z.string().nullable(),
      subject: z.string().nullable(),
      signer: z.object({ competence: z.string().nullable(), position: z.string().nullable(), fullName: z.string().nullable() }).nullable(),
      dueDate: z.string().nullable(),
      urgency: z.enum(['Khẩn', 'Thượng khẩn', 'Hỏa tốc']).nullable(),
      steeringType: z.string().nullable(),
      toPlaces: z.array(z.string()),
      traces: z.array(z.object({ organId: z.string().nullable(), timestamp: z.string().nullable() })),
      signed: z.boolean(),
      body: z.enum(['attachment', 'content']),
      attachments: z.array(
        z.object({ contentId: z.string().nullable(), name: z.string().nullable(), contentType: z.string().nullable(), description: z.string().nullable(), bytes: z.number().int(), body: z.boolean() }),
      ),
      filled: z.array(exchangeField),
      warnings: z.array(z.object({ field: exchangeField, header: z.string(), text: z.string() })),
    })
    .optional(),
});

/** The first and last day a unit exists (yyyy-MM-dd), where it has them: the form says why a unit that had ended cannot be addressed. */
const validity = { validFrom: z.string().optional(), validTo: z.string().optional() };
const unitOption = z.object({ id: z.string(), name: z.string(), level: z.string(), kind: z.string(), parentId: z.string().nullable(), ...validity });
const issuerOption = z.object({ id: z.string(), name: z.string(), level: z.string(), kind: z.string(), ...validity });

const validityOf = (unit: Unit) => ({
  ...(unit.validFrom !== undefined ? { validFrom: unit.validFrom } : {}),
  ...(unit.validTo !== undefined ? { validTo: unit.validTo } : {}),
});
const issuerOf = (unit: Unit): z.infer<typeof issuerOption> => ({ id: unit.id, name: unit.name, level: unit.level, kind: unit.kind, ...validityOf(unit) });

const levelPreview = z.object({
  level: z.string(),
  units: z.number().int(),
  kinds: z.record(z.string(), z.number().int()),
  sample: z.array(z.string()),
  acknowledgeBy: z.string(),
  reportBy: z.object({ earliest: z.string(), latest: z.string() }).nullable(),
  firstEscalationAt: z.string().nullable(),
  withoutReportDeadline: z.number().int(),
  progress: z.object({ periods: z.number().int(), first: z.array(z.string()) }).nullable(),
});


/** The issuing unit and the directive the definition describes, with problems instead of exceptions. */
async function prepare(ctx: AuthedContext, input: DirectiveDefinition) {
  const acting = ctx.access.issueFor(input.issuerUnitId);
  const hierarchy = await ctx.access.hierarchy();
  const bare = toDirective(input, acting.actor.unitId);
  // What the definition leaves out, the province's settings of now fill in, and the directive keeps.
  const settings = await settingsForUnit(ctx, hierarchy, acting.actor.unitId);
  let draft: Directive = { ...bare, tracking: withProvinceDefaults(bare.tracking, settings) };
  const problems = checkDirective(hierarchy, draft);
  // The chain's link is judged once the directive has its id (a loop back to itself is known by it).
  if (problems.length === 0) problems.push(...(await chainProblems(ctx, withId(draft))));
  if (problems.length === 0) {
    // Issued already (a retry, or the same number again): judged against what it was issued under,
    // not against settings changed since.
    const stored = await ctx.repos.directives.get(withId(draft).id);
    if (stored) {
      const kept = Object.fromEntries(SETTINGS_FILL.flatMap((key) => (stored.tracking?.[key] === undefined ? [] : [[key, stored.tracking[key]]])));
      draft = { ...bare, tracking: { ...kept, ...definedOnly(bare.tracking ?? {}) } };
    }
  }
  return { acting, hierarchy, problems, directive: problems.length === 0 ? withId(draft) : null, draft };
}

/** The parts of a directive's follow-up its province's settings fill in when the definition leaves them out. */
const SETTINGS_FILL = ['acknowledgeWithin', 'reminders', 'escalation', 'extensionsCloseWorkingDays'] as const;
const definedOnly = <T extends object>(o: T): Partial<T> => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

function toIntakeError(error: unknown): never {
  if (error instanceof IntakeError) throw new DomainError(error.code, error.message, error.code === 'INTAKE_BUSY' ? { retryAfterSeconds: 5 } : {});
  throw error;
}

export const intakeRouter = {
  /**
   * A pasted or uploaded dispatch → its draft, every field with the span of text it came from, the
   * groups placed in the issuer's unit tree where possible (the rest in `unrecognized`). Reads only.
   */
  parse: authedProcedure
    .input(
      z
        .object({
          issuerUnitId: id.optional(),
          text: z.string().max(DISPATCH_TEXT_MAX).optional(),
          file: z
            .object({
              name: z.string().trim().min(1).max(255),
              base64: z
                .string()
                // The larger of the two uploads, a PDF or a picture; intake holds a .txt/.docx to its own.
                .max(Math.ceil(SCAN_FILE_MAX_BYTES / 3) * 4)
                .regex(/^[A-Za-z0-9+/]*={0,2}$/),
            })
            .optional(),
        })
        .refine((v) => (v.text === undefined) !== (v.file === undefined), { message: 'Give the text or a file, not both', path: ['text'] }),
    )
    .output(
      z.object({
        source: z.string(),
        draft: draftSchema,
        issuer: issuerOption,
        units: z.array(unitOption),
        /** Pictures of the first pages of a PDF or of a picture (data: URLs), to show beside the fields. */
        pages: z.array(z.object({ number: z.number().int(), image: z.string() })),
      }),
    )
    // A mutation only because a dispatch is too long for a GET's URL; it reads and stores nothing.
    .meta({ repeatable: 'reads a dispatch and stores nothing' })
    .mutation(async ({ ctx, input }) => {
      // Only for those who may issue (session.me's mayIssue): a unit with nobody below has no use for it.
      await ctx.access.issueBelow(input.issuerUnitId);
      const acting = ctx.access.issueFor(input.issuerUnitId);
      const hierarchy = await ctx.access.hierarchy();
      // Read and parsed in the intake pool: a hostile document costs one job there, never this loop.
      // "trước ngày X" is read as the issuer's province reads it: its settings (admin.settings).
      const options = { beforeDate: (await settingsForUnit(ctx, hierarchy, acting.actor.unitId)).beforeDate };
      const { text: raw, draft, pages } = await ctx.intake
        .read(input.file ? { file: { name: input.file.name, bytes: Buffer.from(input.file.base64, 'base64') }, options } : { text: input.text!, options })
        .catch(toIntakeError);
      const source = sourceText(raw);
      const resolved = resolveDraft(hierarchy, acting.actor.unitId, draft, source);
      const visible = resolved.basis.length === 0 ? [] : await ctx.access.visibleDirectives();
      const basis = resolved.basis.map((cited) => ({ ...cited, directiveId: citedDirective(cited, visible)?.id ?? null }));
      return {
        source,
        draft: draftSchema.parse({ ...resolved, basis }),
        issuer: issuerOf(getUnit(hierarchy, acting.actor.unitId)),
        units: unitsBelow(hierarchy, acting.actor.unitId),
        pages: [...pages],
      };
    }),
} satisfies TRPCRouterRecord;

/** The units a directive of `issuerUnitId` may address, for the form's pickers. */
function unitsBelow(hierarchy: Awaited<ReturnType<AuthedContext['access']['hierarchy']>>, issuerUnitId: string) {
  const out: z.infer<typeof unitOption>[] = [];
  const stack = [...(hierarchy.children.get(issuerUnitId) ?? [])].reverse();
  while (stack.length > 0) {
    const unit = hierarchy.units.get(stack.pop()!)!;
    out.push({ id: unit.id, name: unit.name, level: unit.level, kind: unit.kind, parentId: unit.parentId, ...validityOf(unit) });
    stack.push(...[...(hierarchy.children.get(unit.id) ?? [])].reverse());
  }
  return out;
}

export const issuanceProcedures = {
  /**
   * What the blank issuing form needs: the issuing unit, the place it writes before its dates, and
   * the units its directives may address (for the pickers). Only for those who may issue in that
   * unit's name; anyone else is told the unit does not exist.
   */
  issueOptions: authedProcedure
    .input(z.object({ issuerUnitId: id.optional() }).optional())
    .output(
      z.object({
        issuer: issuerOption,
        place: z.string(),
        units: z.array(unitOption),
        /** The issuer's province's settings as they stand: the follow-up and report regime a new form starts from. */
        defaults: settingsSchema,
      }),
    )
    .query(async ({ ctx, input }) => {
      const acting = ctx.access.issueFor(input?.issuerUnitId);
      const hierarchy = await ctx.access.hierarchy();
      const issuer = getUnit(hierarchy, acting.actor.unitId);
      return {
        issuer: issuerOf(issuer),
        place: placeOf(issuer.name),
        units: unitsBelow(hierarchy, issuer.id),
        defaults: JSON.parse(JSON.stringify(await settingsForUnit(ctx, hierarchy, issuer.id))) as z.infer<typeof settingsSchema>,
      };
    }),

  /**
   * What issuing this definition now would do: the receiving units level by level, the deadlines each
   * level would owe on the working-day calendar, and every problem (with its field path) that would
   * stop it. Changes nothing.
   */
  preview: authedProcedure
    .input(directiveDefinition)
    .output(
      z.object({
        directiveId: z.string().nullable(),
        problems: z.array(problem),
        levels: z.array(levelPreview),
        notices: z.array(z.object({ code: z.enum(DIRECTIVE_NOTICE_CODES), level: z.string() })),
        /** A directive of this number from this issuer this year exists: with the same content (issuing is a no-op) or not (refused). */
        existing: z.enum(['none', 'same', 'conflict']),
        issuedAt: z.string(),
      }),
    )
    // A mutation only because a definition is too long for a GET's URL; it stores nothing.
    .meta({ repeatable: 'computes a preview and stores nothing' })
    .mutation(async ({ ctx, input }) => {
      const { hierarchy, problems, directive } = await prepare(ctx, input);
      const issuedAt = new Date().toISOString();
      const refused = (found: readonly DirectiveProblemLike[]) => ({ directiveId: null, problems: found.map(mutable), levels: [], notices: [], existing: 'none' as const, issuedAt });
      if (!directive) return refused(problems);
      let preview;
      try {
        preview = previewDirective(await ctx.repos.calendar.load(), hierarchy, directive, issuedAt);
      } catch (error) {
        // A schedule the calendar cannot hold (too many progress reports) is a problem at its field.
        const fields = problemsOf(error);
        if (fields) return refused(fields);
        throw error;
      }
      const stored = await ctx.repos.directives.get(directive.id);
      return {
        directiveId: directive.id,
        problems: [],
        levels: preview.levels.map((l) => ({ ...l, kinds: { ...l.kinds }, sample: [...l.sample], progress: l.progress ? { ...l.progress, first: [...l.progress.first] } : null })),
        notices: [...preview.notices],
        existing: stored === null ? ('none' as const) : sameDirective(stored, directive) ? ('same' as const) : ('conflict' as const),
        issuedAt,
      };
    }),

  /**
   * Issues the definition in the issuing unit's name and starts its workflow. Bad input is
   * INVALID_INPUT (schema) or INVALID_DIRECTIVE with `fields` (domain rules) and changes nothing;
   * the same number again is a no-op with the same content, DIRECTIVE_CONFLICT with other content.
   */
  issue: authedProcedure
    .input(directiveDefinition)
    .output(z.object({ directiveId: z.string(), workflowId: z.string(), created: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const { acting, hierarchy, draft } = await prepare(ctx, input);
      assertIssuable(hierarchy, draft);
      const directive = withId(draft);
      const chain = await chainProblems(ctx, directive);
      if (chain.length > 0) throw new DomainError('INVALID_DIRECTIVE', `Directive ${directive.reference} cannot carry out ${directive.implements?.directiveId}`, { fields: chain });
      // What only the calendar can tell (a schedule of too many progress reports) refuses it too.
      previewDirective(await ctx.repos.calendar.load(), hierarchy, directive, new Date().toISOString());
      const { workflowId, created } = await issueDirective(
        { repos: ctx.repos, client: ctx.temporal.client, taskQueue: ctx.temporal.taskQueue },
        directive,
        { once: true },
      );
      if (created) {
        await auditActing(ctx, acting, {
          action: 'directive.issue',
          entityType: 'directive',
          entityId: directive.id,
          before: null,
          after: { reference: directive.reference, date: directive.date, workflowId: directiveWorkflowId(directive.id) },
        });
      }
      return { directiveId: directive.id, workflowId, created };
    }),
} satisfies TRPCRouterRecord;

type DirectiveProblemLike = { readonly path: readonly (string | number)[]; readonly code: (typeof DIRECTIVE_PROBLEM_CODES)[number] };
const mutable = (p: DirectiveProblemLike) => ({ path: [...p.path], code: p.code });

/** The problems an INVALID_DIRECTIVE error carries, or null for any other error. */
function problemsOf(error: unknown): DirectiveProblemLike[] | null {
  if (!(error instanceof DomainError) || error.code !== 'INVALID_DIRECTIVE') return null;
  const fields = (error.details as { fields?: DirectiveProblemLike[] }).fields;
  return Array.isArray(fields) ? fields : null;
}
