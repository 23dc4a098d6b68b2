import type { TRPCRouterRecord } from '@trpc/server';
import { z } from 'zod';
import {
  ADMINISTERED_ROLES,
  administeredRoots,
  administeringGrant,
  assertMayGrant,
  checkUsername,
  DomainError,
  grantsAfterRoster,
  isAdministrator,
  mayAdministerAccount,
  normalizeContact,
  planRoster,
  ROLES,
  ROSTER_COLUMNS,
  type RoleGrant,
  type RosterPlan,
} from '@chidao/domain';
import type { AccountChange, AdminAccount, AuditEntryInput } from '@chidao/db';
import { IntakeError, TABLE_LIMITS } from '@chidao/intake';
import { makeAccountCode, sendCode, type MadeCode } from '../account-codes';
import { auditEntry } from '../audit';
import type { AuthedContext } from '../context';
import { authedProcedure } from '../trpc';

/**
 * Accounts in the web app (issue 23): a system administrator keeps every account, a province
 * administrator those of its own tree (@chidao/domain administration.ts). Every change is one
 * audit entry, written with it; nothing is deleted (deactivation keeps the account, its history and
 * its audit); passwords never pass through here: a new account gets a one-time code, by a link sent
 * to its e-mail address or on a printed sheet, and sets its own.
 */

const id = z.string().trim().min(1).max(200);
const text = (max: number) => z.string().trim().min(1).max(max);
const email = z.string().trim().max(254);
const grantInput = z.object({ role: z.enum(ADMINISTERED_ROLES), unitId: id });
const fileInput = z.object({
  name: z.string().trim().min(1).max(255),
  base64: z
    .string()
    .max(Math.ceil(TABLE_LIMITS.fileBytes / 3) * 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/),
});
const delivery = z.enum(['email', 'sheet']);

const accountView = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  unitId: z.string(),
  unitName: z.string(),
  grants: z.array(z.object({ role: z.enum(ROLES), unitId: z.string(), unitName: z.string(), directiveId: z.string().nullable() })),
  email: z.string().nullable(),
  emailVerified: z.boolean(),
  hasPassword: z.boolean(),
  deactivatedAt: z.string().nullable(),
});

const sheetEntry = z.object({ username: z.string(), displayName: z.string(), unitName: z.string(), code: z.string(), expiresAt: z.string() });

const rosterView = z.object({
  rows: z.array(
    z.object({
      row: z.number().int(),
      outcome: z.enum(['create', 'update', 'unchanged', 'error']),
      username: z.string(),
      displayName: z.string().nullable(),
      unitName: z.string().nullable(),
      changes: z.array(z.string()),
    }),
  ),
  errors: z.array(z.object({ row: z.number().int(), column: z.string(), code: z.string(), value: z.string().optional() })),
  counts: z.object({ create: z.number().int(), update: z.number().int(), unchanged: z.number().int(), error: z.number().int() }),
});

/** The grant the user administers `unitId` by, for the audit: NOT_ADMINISTRATOR for someone who administers nothing, UNIT_NOT_FOUND outside their tree. */
async function adminFor(ctx: AuthedContext, unitId: string): Promise<RoleGrant> {
  if (!isAdministrator(ctx.grants)) throw new DomainError('NOT_ADMINISTRATOR', 'Only an administrator keeps accounts');
  const grant = administeringGrant(await ctx.access.hierarchy(), ctx.grants, unitId);
  if (!grant) throw new DomainError('UNIT_NOT_FOUND', `Not administering ${unitId}`, { unitId });
  return grant;
}

/** An account the user may administer: USER_NOT_FOUND otherwise, whether or not it exists. */
export async function accountToAdminister(ctx: AuthedContext, userId: string): Promise<{ account: AdminAccount; grant: RoleGrant }> {
  if (!isAdministrator(ctx.grants)) throw new DomainError('NOT_ADMINISTRATOR', 'Only an administrator keeps accounts');
  const account = await ctx.repos.administration.get(userId);
  const hierarchy = await ctx.access.hierarchy();
  if (!account || account.demo || !mayAdministerAccount(hierarchy, ctx.grants, account)) throw new DomainError('USER_NOT_FOUND', 'No such account', { userId });
  return { account, grant: administeringGrant(hierarchy, ctx.grants, account.unitId)! };
}

export function adminAudit(ctx: AuthedContext, grant: RoleGrant, entry: Pick<AuditEntryInput, 'action' | 'entityId' | 'before' | 'after'>): AuditEntryInput {
  return auditEntry(ctx, { actor: { userId: ctx.user.id, role: grant.role, unitId: grant.unitId }, entityType: 'user', ...entry });
}

/** What an audit entry keeps of an account: never a password or a code. */
const snapshot = (a: { username: string; displayName: string; unitId: string; grants: readonly RoleGrant[]; email: string | null }) => ({
  username: a.username,
  displayName: a.displayName,
  unitId: a.unitId,
  grants: a.grants,
  email: a.email,
});

async function view(ctx: AuthedContext, account: AdminAccount): Promise<z.infer<typeof accountView>> {
  const hierarchy = await ctx.access.hierarchy();
  const nameOf = (unitId: string) => hierarchy.units.get(unitId)?.name ?? unitId;
  return {
    id: account.id,
    username: account.username,
    displayName: account.displayName,
    unitId: account.unitId,
    unitName: account.unitName,
    grants: account.grants.map((g) => ({ ...g, unitName: nameOf(g.unitId) })),
    email: account.email,
    emailVerified: account.emailVerified,
    hasPassword: account.hasPassword,
    deactivatedAt: account.deactivatedAt,
  };
}

async function checkedGrants(ctx: AuthedContext, grants: readonly z.infer<typeof grantInput>[]): Promise<RoleGrant[]> {
  const hierarchy = await ctx.access.hierarchy();
  const out: RoleGrant[] = [];
  for (const g of grants) {
    const grant: RoleGrant = { role: g.role, unitId: g.unitId, directiveId: null };
    assertMayGrant(hierarchy, ctx.grants, grant);
    if (!out.some((o) => o.role === grant.role && o.unitId === grant.unitId)) out.push(grant);
  }
  return out;
}

const checkedEmail = (value: string | undefined | null): string | null => (value ? normalizeContact('email', value) : null);

/** A roster's cells, read in the intake pool (never on this event loop), and its plan against the accounts as they stand. */
async function readRoster(ctx: AuthedContext, file: z.infer<typeof fileInput>): Promise<{ cells: string[][]; usernames: string[] }> {
  const cells = await ctx.intake.readTable({ name: file.name, bytes: Buffer.from(file.base64, 'base64') }).catch((error: unknown) => {
    if (error instanceof IntakeError) throw new DomainError(error.code, error.message, error.code === 'INTAKE_BUSY' ? { retryAfterSeconds: 5 } : {});
    throw error;
  });
  const at = cells[0]?.findIndex((h) => h.trim().toLowerCase() === ROSTER_COLUMNS[0].header.toLowerCase()) ?? -1;
  const usernames = at < 0 ? [] : cells.slice(1).map((row) => (row[at] ?? '').trim().toLowerCase()).filter((u) => u !== '');
  return { cells, usernames };
}

async function planOf(ctx: AuthedContext, cells: string[][], existing: Awaited<ReturnType<AuthedContext['repos']['administration']['existing']>>): Promise<RosterPlan> {
  return planRoster(cells, { hierarchy: await ctx.access.hierarchy(), adminGrants: ctx.grants, existing });
}

async function rosterAnswer(ctx: AuthedContext, plan: RosterPlan): Promise<z.infer<typeof rosterView>> {
  const hierarchy = await ctx.access.hierarchy();
  return {
    rows: plan.rows.map((r) => ({
      row: r.row,
      outcome: r.outcome,
      username: r.username,
      displayName: r.person?.displayName ?? null,
      unitName: r.person ? (hierarchy.units.get(r.person.unitId)?.name ?? r.person.unitId) : null,
      changes: [...r.changes],
    })),
    errors: plan.errors.map((e) => ({ ...e })),
    counts: { ...plan.counts },
  };
}

/** The units the user administers, in tree order (the filter, the pickers, the template's list): NOT_ADMINISTRATOR for anyone else. */
export async function administeredUnits(ctx: AuthedContext): Promise<Array<{ id: string; name: string; code: string | null; depth: number; validTo: string | null }>> {
  if (!isAdministrator(ctx.grants)) throw new DomainError('NOT_ADMINISTRATOR', 'Only an administrator keeps accounts');
  const hierarchy = await ctx.access.hierarchy();
  const out: Array<{ id: string; name: string; code: string | null; depth: number; validTo: string | null }> = [];
  const walk = (unitId: string, depth: number) => {
    const unit = hierarchy.units.get(unitId)!;
    out.push({ id: unit.id, name: unit.name, code: unit.code ?? null, depth, validTo: unit.validTo ?? null });
    for (const child of hierarchy.children.get(unitId) ?? []) walk(child, depth + 1);
  };
  for (const root of administeredRoots(ctx.grants) ?? hierarchy.roots) if (hierarchy.units.has(root)) walk(root, 0);
  return out;
}

export const administrationRouter = {
  /** The accounts the user administers, found by name or username, by unit (and below) and by role; 50 a page. */
  accounts: authedProcedure
    .input(
      z
        .object({
          search: z.string().trim().max(100).optional(),
          unitId: id.optional(),
          role: z.enum(ROLES).optional(),
          includeDeactivated: z.boolean().optional(),
          page: z.number().int().min(1).max(1_000).optional(),
        })
        .optional(),
    )
    .output(z.object({ items: z.array(accountView), total: z.number().int(), pageSize: z.number().int() }))
    .query(async ({ ctx, input }) => {
      if (!isAdministrator(ctx.grants)) throw new DomainError('NOT_ADMINISTRATOR', 'Only an administrator keeps accounts');
      if (input?.unitId) await adminFor(ctx, input.unitId);
      const pageSize = 50;
      const { items, total } = await ctx.repos.administration.list({
        roots: administeredRoots(ctx.grants),
        ...(input?.search ? { search: input.search } : {}),
        ...(input?.unitId ? { unitId: input.unitId } : {}),
        ...(input?.role ? { role: input.role } : {}),
        includeDeactivated: input?.includeDeactivated ?? false,
        limit: pageSize,
        offset: ((input?.page ?? 1) - 1) * pageSize,
      });
      return { items: await Promise.all(items.map((a) => view(ctx, a))), total, pageSize };
    }),

  /** The units the user administers, in tree order, for the filter and the pickers. */
  units: authedProcedure
    .output(z.array(z.object({ id: z.string(), name: z.string(), code: z.string().nullable(), depth: z.number().int(), validTo: z.string().nullable() })))
    .query(({ ctx }) => administeredUnits(ctx)),

  /** One account, for the edit form. */
  account: authedProcedure
    .input(z.object({ userId: id }))
    .output(accountView)
    .query(async ({ ctx, input }) => view(ctx, (await accountToAdminister(ctx, input.userId)).account)),

  /** Creates an account (no password: it is activated with a code, see sendCode). */
  createAccount: authedProcedure
    .input(z.object({ username: text(100), displayName: text(200), unitId: id, grants: z.array(grantInput).max(20), email: email.optional() }))
    .output(z.object({ userId: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const grant = await adminFor(ctx, input.unitId);
      const username = checkUsername(input.username);
      if (await ctx.repos.administration.usernameTaken(username)) throw new DomainError('INVALID_INPUT', `${username} is taken`, { field: 'username', reason: 'taken' });
      const change: AccountChange = {
        id: `u.${username}`,
        username,
        displayName: input.displayName,
        unitId: input.unitId,
        grants: await checkedGrants(ctx, input.grants),
        email: checkedEmail(input.email),
      };
      await ctx.repos.administration.save(change, true, adminAudit(ctx, grant, { action: 'user.create', entityId: change.id, before: null, after: snapshot(change) }));
      return { userId: change.id };
    }),

  /**
   * Changes an account's name, unit, roles and e-mail address. A person who moves to another post
   * keeps their account, and with it everything they did (assignments, reports and the audit name
   * the account, not the post).
   */
  updateAccount: authedProcedure
    .input(z.object({ userId: id, displayName: text(200), unitId: id, grants: z.array(grantInput).max(20), email: email.optional() }))
    .output(accountView)
    .mutation(async ({ ctx, input }) => {
      const { account, grant } = await accountToAdminister(ctx, input.userId);
      await adminFor(ctx, input.unitId);
      const change: AccountChange = {
        id: account.id,
        username: account.username,
        displayName: input.displayName,
        unitId: input.unitId,
        // A coordinator's grant is for one directive and is not set here: it stays.
        grants: [...account.grants.filter((g) => g.role === 'coordinator'), ...(await checkedGrants(ctx, input.grants))],
        email: checkedEmail(input.email),
      };
      await ctx.repos.administration.save(
        change,
        false,
        adminAudit(ctx, grant, { action: 'user.update', entityId: account.id, before: snapshot(account), after: snapshot({ ...change, email: change.email ?? account.email }) }),
      );
      return view(ctx, (await ctx.repos.administration.get(account.id))!);
    }),

  /** Deactivates an account: every session of it ends at once; the account, its history and its audit stay. */
  deactivate: authedProcedure
    .input(z.object({ userId: id }))
    .output(z.object({ changed: z.boolean(), endedSessions: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const { account, grant } = await accountToAdminister(ctx, input.userId);
      if (account.id === ctx.user.id) throw new DomainError('INVALID_INPUT', 'An administrator does not deactivate themselves', { field: 'userId' });
      return ctx.repos.administration.deactivate(
        account.id,
        ctx.auth.now().toISOString(),
        adminAudit(ctx, grant, { action: 'user.deactivate', entityId: account.id, before: { deactivatedAt: null }, after: { deactivatedAt: ctx.auth.now().toISOString() } }),
      );
    }),

  reactivate: authedProcedure
    .input(z.object({ userId: id }))
    .output(z.object({ changed: z.boolean() }))
    .mutation(async ({ ctx, input }) => {
      const { account, grant } = await accountToAdminister(ctx, input.userId);
      const changed = await ctx.repos.administration.reactivate(
        account.id,
        adminAudit(ctx, grant, { action: 'user.reactivate', entityId: account.id, before: { deactivatedAt: account.deactivatedAt }, after: { deactivatedAt: null } }),
      );
      return { changed };
    }),

  /**
   * A one-time code for the account: an activation code for one that never had a password, else a
   * reset, which ends the old password and every session at once (the person must set a new one
   * before signing in again). By e-mail to the account's address, or for the printed sheet.
   */
  sendCode: authedProcedure
    // Each call makes a new code and voids the one before; the answer may carry the code, which is not kept.
    .meta({ repeatable: 'a repeat makes a fresh code that voids the earlier one; the code in the answer must not be stored' })
    .input(z.object({ userId: id, delivery }))
    .output(z.object({ sentTo: z.string().nullable(), sheet: z.array(sheetEntry) }))
    .mutation(async ({ ctx, input }) => {
      const { account, grant } = await accountToAdminister(ctx, input.userId);
      if (account.deactivatedAt !== null) throw new DomainError('ILLEGAL_TRANSITION', 'A deactivated account gets no code', { field: 'userId' });
      if (input.delivery === 'email' && !account.email) throw new DomainError('INVALID_INPUT', 'The account has no e-mail address', { field: 'email' });
      const purpose = account.hasPassword ? 'reset' : 'activation';
      const made = makeAccountCode({
        userId: account.id,
        purpose,
        createdAt: ctx.auth.now().toISOString(),
        sentTo: input.delivery === 'email' ? account.email : null,
        issuedBy: ctx.user.id,
      });
      await ctx.repos.administration.issueCode(made.row, {
        clearPassword: purpose === 'reset',
        audit: adminAudit(ctx, grant, {
          action: purpose === 'reset' ? 'user.reset_password' : 'user.issue_activation',
          entityId: account.id,
          before: null,
          after: { delivery: input.delivery, sentTo: made.row.sentTo, expiresAt: made.row.expiresAt },
        }),
      });
      if (input.delivery === 'email') {
        await sendCode(ctx, 'email', account.email!, made, account.displayName);
        return { sentTo: account.email, sheet: [] };
      }
      return { sentTo: null, sheet: [{ username: account.username, displayName: account.displayName, unitName: account.unitName, code: made.code, expiresAt: made.row.expiresAt }] };
    }),

  /** A roster's dry run: every row's outcome and every error by row and column. Writes nothing. */
  importPreview: authedProcedure
    // A mutation only because a file is too large for a GET's URL; it reads and stores nothing.
    .meta({ repeatable: 'reads a file and stores nothing' })
    .input(z.object({ file: fileInput }))
    .output(rosterView)
    .mutation(async ({ ctx, input }) => {
      if (!isAdministrator(ctx.grants)) throw new DomainError('NOT_ADMINISTRATOR', 'Only an administrator keeps accounts');
      const { cells, usernames } = await readRoster(ctx, input.file);
      return rosterAnswer(ctx, await planOf(ctx, cells, await ctx.repos.administration.existing(usernames)));
    }),

  /**
   * Imports a roster, all or nothing: planned again against the accounts as they stand (in the
   * transaction), refused whole if any row has an error. New accounts get an activation code: by
   * e-mail where the row gives an address (and `delivery` is email), else on the printed sheet the
   * answer carries. Importing the same file again changes nothing and makes no code.
   */
  importApply: authedProcedure
    .meta({ repeatable: 'the same file again changes nothing; the answer carries activation codes, which must not be stored' })
    .input(z.object({ file: fileInput, delivery }))
    .output(rosterView.extend({ sheet: z.array(sheetEntry), mailed: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      if (!isAdministrator(ctx.grants)) throw new DomainError('NOT_ADMINISTRATOR', 'Only an administrator keeps accounts');
      const { cells, usernames } = await readRoster(ctx, input.file);
      const hierarchy = await ctx.access.hierarchy();
      const now = ctx.auth.now().toISOString();
      let plan: RosterPlan | null = null;
      const made: Array<{ made: MadeCode; username: string; displayName: string; unitId: string; email: string | null }> = [];
      await ctx.repos.administration.applyRoster(async (existing) => {
        plan = await planOf(ctx, cells, existing);
        if (plan.errors.length > 0) throw new DomainError('ROSTER_HAS_ERRORS', `${plan.errors.length} errors in the file`, { errors: plan.errors.length });
        const changes = [];
        const codes = [];
        for (const row of plan.rows) {
          if (row.outcome !== 'create' && row.outcome !== 'update') continue;
          const person = row.person!;
          const account = existing.get(person.username) ?? null;
          const grant = administeringGrant(hierarchy, ctx.grants, person.unitId)!;
          const change: AccountChange = {
            id: account?.id ?? `u.${person.username}`,
            username: person.username,
            displayName: person.displayName,
            unitId: person.unitId,
            grants: grantsAfterRoster(account, person),
            email: person.email,
          };
          changes.push({
            change,
            create: account === null,
            audit: {
              ...adminAudit(ctx, grant, {
                action: account ? 'user.update' : 'user.create',
                entityId: change.id,
                before: account ? snapshot(account) : null,
                after: { ...snapshot({ ...change, email: change.email ?? account?.email ?? null }), import: input.file.name, row: row.row },
              }),
              // One user action writes many entries: the key names the action and the row.
              actionKey: ctx.once ? `${ctx.once.updateId}#${row.row}` : null,
            },
          });
          if (!account) {
            const code = makeAccountCode({
              userId: change.id,
              purpose: 'activation',
              createdAt: now,
              sentTo: input.delivery === 'email' ? person.email : null,
              issuedBy: ctx.user.id,
            });
            codes.push(code.row);
            made.push({ made: code, username: person.username, displayName: person.displayName, unitId: person.unitId, email: code.row.sentTo });
          }
        }
        return { changes, codes };
      }, usernames);
      // Sent after the accounts are stored: a message never names an account that did not come to be.
      // One that fails leaves its account waiting; sendCode sends it again.
      let mailed = 0;
      for (const m of made) {
        if (m.email === null) continue;
        await sendCode(ctx, 'email', m.email, m.made, m.displayName).then(
          () => mailed++,
          () => undefined,
        );
      }
      const sheet = made
        .filter((m) => m.email === null)
        .map((m) => ({ username: m.username, displayName: m.displayName, unitName: hierarchy.units.get(m.unitId)?.name ?? m.unitId, code: m.made.code, expiresAt: m.made.row.expiresAt }));
      return { ...(await rosterAnswer(ctx, plan!)), sheet, mailed };
    }),
} satisfies TRPCRouterRecord;
