import { assertAcceptablePassword, DomainError, normaliseUsername, type RoleGrant } from '@chidao/domain';
import { hashPassword } from './passwords';
import type { Repositories } from './repositories';

export interface AccountInput {
  readonly username: string;
  readonly displayName: string;
  /** The unit the account belongs to (its home in the app). */
  readonly unitId: string;
  readonly grants: readonly RoleGrant[];
  readonly password: string;
}

/**
 * Creates or updates a real (non-demo) account: profile, role grants (replaced), password. The
 * operator's act is an audit entry by the system. Used by `npm run account`.
 */
export async function provisionAccount(repos: Repositories, input: AccountInput, now: Date = new Date()): Promise<{ userId: string }> {
  const username = normaliseUsername(input.username);
  if (!/^[a-z0-9][a-z0-9._-]{1,99}$/.test(username)) {
    throw new DomainError('INVALID_INPUT', 'A username is 2–100 of a-z, 0-9, dot, dash, underscore');
  }
  assertAcceptablePassword(input.password, username);
  const hierarchy = await repos.units.hierarchy();
  for (const unitId of [input.unitId, ...input.grants.map((g) => g.unitId)]) {
    if (!hierarchy.units.has(unitId)) throw new DomainError('UNIT_NOT_FOUND', `Unknown unit ${unitId}`, { unitId });
  }
  const existing = await repos.credentials.forUsername(username);
  if (existing?.user.demo) throw new DomainError('INVALID_INPUT', `${username} is a demo account`);
  const userId = existing?.user.id ?? `u.${username}`;
  await repos.users.upsertMany([{ id: userId, username, displayName: input.displayName, unitId: input.unitId, demo: false }]);
  await repos.roles.replace(new Map([[userId, input.grants]]));
  await repos.credentials.setPassword(userId, await hashPassword(input.password), now.toISOString(), {
    actor: null,
    action: existing ? 'user.update' : 'user.create',
    entityType: 'user',
    entityId: userId,
    before: existing ? { username, unitId: existing.user.unitId, displayName: existing.user.displayName } : null,
    after: { username, unitId: input.unitId, displayName: input.displayName, grants: input.grants },
  });
  return { userId };
}
