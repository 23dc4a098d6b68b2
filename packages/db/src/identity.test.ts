import pg from 'pg';
import { DIRECTIVE_1119, KG, kienGiangUnits } from '@chidao/domain';
import { describe, expect, it } from 'vitest';
import { createDb } from './client';
import { hashPassword, needsRehash, verifyPassword } from './passwords';
import { createRepositories } from './repositories';
import { DEMO_PASSWORD, seedReferenceData } from './seed';
import { createTestDatabase } from './testing';
import { useTestStore } from './test-store';

const store = useTestStore({ units: kienGiangUnits(), demoUsers: true });

async function sql(text: string, values: unknown[] = []): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: store.url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

describe('passwords', () => {
  it('are argon2id hashes that verify only the password they were made from', async () => {
    const hash = await hashPassword('một mật khẩu dài');
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'một mật khẩu dài')).toBe(true);
    expect(await verifyPassword(hash, 'mot mat khau dai')).toBe(false);
    expect(await verifyPassword('not a hash', 'x')).toBe(false);
    expect(needsRehash(hash)).toBe(false);
    expect(needsRehash('$argon2id$v=19$m=4096,t=3,p=1$c29tZXNhbHQ$iWh06vD8Fy27wf9npn6FXWiCX4K6pW6Ue1Bnzz07Z8A')).toBe(true);
  });
});

describe('the demo seed', () => {
  it('gives every demo account the published password', async () => {
    const account = await store.repos.credentials.forUsername(`ct.${KG.province}`);
    expect(account?.user).toMatchObject({ id: 'u.kg', unitId: 'kg', demo: true });
    expect(await verifyPassword(account!.passwordHash!, DEMO_PASSWORD)).toBe(true);
    expect(await store.repos.credentials.forUsername('ct.nobody')).toBeNull();
  });

  it('makes every account chair of its unit; the province leads and keeps the calendar, Sở TT&TT coordinates 1119', async () => {
    expect(await store.repos.roles.forUser('u.kg.rach-gia')).toEqual([{ role: 'chair', unitId: 'kg.rach-gia', directiveId: null }]);
    expect(await store.repos.roles.forUser('u.kg')).toEqual([
      { role: 'chair', unitId: 'kg', directiveId: null },
      { role: 'province_leader', unitId: 'kg', directiveId: null },
      { role: 'system_admin', unitId: 'kg', directiveId: null },
    ]);
    expect(await store.repos.roles.forUser(`u.${KG.soTTTT}`)).toEqual([
      { role: 'chair', unitId: KG.soTTTT, directiveId: null },
      { role: 'coordinator', unitId: KG.soTTTT, directiveId: DIRECTIVE_1119.id },
    ]);
  });

  it('keeps a password changed later when it runs again, and its grants unchanged', async () => {
    const hash = await hashPassword('đã đổi mật khẩu');
    await store.repos.credentials.setPassword('u.kg.an-bien', hash, '2026-01-01T00:00:00.000Z');
    await seedReferenceData(store.repos, { units: kienGiangUnits(), demoUsers: true });
    expect((await store.repos.credentials.forUsername('ct.kg.an-bien'))?.passwordHash).toBe(hash);
    expect(await store.repos.roles.forUser('u.kg')).toHaveLength(3);
  });

  it('creates no account at all without demo users (an external, production database)', async () => {
    const scratch = await createTestDatabase();
    const scratchDb = createDb(scratch.url);
    try {
      const r = createRepositories(scratchDb);
      expect(await seedReferenceData(r, { units: kienGiangUnits(), demoUsers: false })).toEqual({ units: 187, users: 0 });
      expect(await scratchDb.prisma.user.count()).toBe(0);
      expect(await scratchDb.prisma.userRole.count()).toBe(0);
    } finally {
      await scratchDb.close();
      await scratch.drop();
    }
  });

  it('cannot store a malformed grant', async () => {
    await expect(store.repos.roles.replace(new Map([['u.kg', [{ role: 'coordinator', unitId: 'kg', directiveId: null }]]]))).rejects.toMatchObject({
      code: 'INVALID_INPUT',
    });
    await expect(sql(`INSERT INTO user_role (user_id, unit_id, role) VALUES ('u.kg', 'kg', 'mayor')`)).rejects.toThrow(/user_role_role_check/);
    await expect(sql(`INSERT INTO user_role (user_id, unit_id, role) VALUES ('u.kg', 'kg', 'coordinator')`)).rejects.toThrow(
      /user_role_directive_check/,
    );
  });
});

describe('sessions', () => {
  const session = (id: string, userId = 'u.kg') => ({
    id,
    userId,
    tokenHash: `token-of-${id}`,
    csrfHash: `csrf-of-${id}`,
    createdAt: '2026-03-02T08:00:00.000Z',
    lastSeenAt: '2026-03-02T08:00:00.000Z',
    address: '127.0.0.1',
    userAgent: 'test',
  });

  it('are found by the hash of their token, and replacing one ends it', async () => {
    await store.repos.sessions.create(session('s1'));
    expect(await store.repos.sessions.byTokenHash('token-of-s1')).toMatchObject({ id: 's1', userId: 'u.kg', csrfHash: 'csrf-of-s1' });
    await store.repos.sessions.create(session('s2'), { replacing: 's1' });
    expect(await store.repos.sessions.byTokenHash('token-of-s1')).toBeNull();
    expect(await store.repos.sessions.byTokenHash('token-of-s2')).not.toBeNull();
  });

  it('are read with their account and its grants in one query, the same as read one by one', async () => {
    const found = await store.repos.sessions.withAccountByTokenHash('token-of-s2');
    expect(found).toEqual({
      session: await store.repos.sessions.byTokenHash('token-of-s2'),
      user: await store.repos.users.get('u.kg'),
      grants: await store.repos.roles.forUser('u.kg'),
    });
    expect(found?.grants).toHaveLength(3);
    expect(await store.repos.sessions.withAccountByTokenHash('token-of-s1')).toBeNull();
  });

  it('move lastSeenAt forward only', async () => {
    await store.repos.sessions.touch('s2', '2026-03-02T08:10:00.000Z');
    await store.repos.sessions.touch('s2', '2026-03-02T08:05:00.000Z');
    expect((await store.repos.sessions.get('s2'))?.lastSeenAt).toBe('2026-03-02T08:10:00.000Z');
  });

  it("end one user's others, and write the entry of an ending only when there was one", async () => {
    await store.repos.sessions.create(session('s3'));
    await store.repos.sessions.create(session('s4', 'u.kg.rach-gia'));
    expect(await store.repos.sessions.deleteForUser('u.kg', 's3')).toBe(1);
    expect((await store.repos.sessions.forUser('u.kg')).map((s) => s.id)).toEqual(['s3']);
    const audit = { actor: { userId: 'u.kg', role: null, unitId: 'kg' }, action: 'session.sign_out', entityType: 'session', entityId: 's3' };
    expect(await store.repos.sessions.delete('s3', audit)).toBe(true);
    expect(await store.repos.sessions.delete('s3', audit)).toBe(false);
    expect(await store.repos.audit.forEntity('session', 's3')).toHaveLength(1);
    expect((await store.repos.sessions.forUser('u.kg.rach-gia')).map((s) => s.id)).toEqual(['s4']);
  });
});

describe('sign-in attempts', () => {
  const at = (m: number) => new Date(Date.parse('2026-03-02T09:00:00.000Z') + m * 60_000).toISOString();
  const reserve = (m: number, username: string, address: string, limits = { maxFailuresPerAccount: 5, maxFailuresPerAddress: 20 }) =>
    store.repos.signInAttempts.reserve({ at: at(m), username, address, since: at(m - 15), ...limits });

  it("count an account's failures since its last success, and an address's regardless, unfinished ones included", async () => {
    const attempt = async (m: number, username: string, succeeded: boolean | null) => {
      const { attemptId } = await reserve(m, username, '10.0.0.9');
      if (succeeded !== null) await store.repos.signInAttempts.settle(attemptId!, succeeded);
    };
    await attempt(0, 'ct.kg', false);
    await attempt(1, 'ct.kg', false);
    await attempt(2, 'ct.kg', true);
    await attempt(3, 'ct.kg', false);
    // Never marked (its check never finished): a failure.
    await attempt(4, 'ct.nobody', null);
    const { attemptId, failures } = await reserve(5, 'ct.kg', '10.0.0.9');
    expect(attemptId).not.toBeNull();
    expect(failures.account).toEqual([at(3)]);
    expect(failures.address).toEqual([at(0), at(1), at(3), at(4)]);
    expect(await store.repos.signInAttempts.prune(at(2))).toBe(2);
  });

  it('give no place past the limit of the account or of the address; failures leave the window', async () => {
    const limits = { maxFailuresPerAccount: 2, maxFailuresPerAddress: 3 };
    expect((await reserve(0, 'ct.a', '10.0.1.1', limits)).attemptId).not.toBeNull();
    expect((await reserve(1, 'ct.a', '10.0.1.1', limits)).attemptId).not.toBeNull();
    expect(await reserve(2, 'ct.a', '10.0.1.2', limits)).toEqual({ attemptId: null, failures: { account: [at(0), at(1)], address: [] } });
    expect((await reserve(3, 'ct.b', '10.0.1.1', limits)).attemptId).not.toBeNull();
    expect((await reserve(4, 'ct.c', '10.0.1.1', limits)).attemptId).toBeNull();
    expect((await reserve(4, 'ct.c', '10.0.1.3', limits)).attemptId).not.toBeNull();
    // Fifteen minutes after the first two, they count no more (the window is open at its start).
    expect((await reserve(16, 'ct.a', '10.0.1.4', limits)).attemptId).not.toBeNull();
  });
});

describe('the audit trail', () => {
  it('appends entries and reads an entity’s in order', async () => {
    const first = await store.repos.audit.append({
      actor: { userId: 'u.kg', role: 'chair', unitId: 'kg' },
      action: 'assignment.acknowledge',
      entityType: 'assignment',
      entityId: 'a-1',
      before: { state: 'issued' },
      after: { state: 'acknowledged' },
      requestId: 'req-1',
      address: '127.0.0.1',
    });
    await store.repos.audit.append({ actor: null, action: 'assignment.remind', entityType: 'assignment', entityId: 'a-1', after: { step: 1 } });
    const entries = await store.repos.audit.forEntity('assignment', 'a-1');
    expect(entries.map((e) => [e.action, e.actorUserId, e.before, e.after])).toEqual([
      ['assignment.acknowledge', 'u.kg', { state: 'issued' }, { state: 'acknowledged' }],
      ['assignment.remind', null, null, { step: 1 }],
    ]);
    expect(entries[0]).toMatchObject({ id: first.id, actorRole: 'chair', actorUnitId: 'kg', requestId: 'req-1', address: '127.0.0.1' });
    expect(Date.parse(entries[0]!.at)).not.toBeNaN();
  });

  it('is refused any UPDATE, DELETE or TRUNCATE by the database', async () => {
    await expect(sql(`UPDATE audit_entry SET action = 'forged'`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(sql(`DELETE FROM audit_entry`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(sql(`TRUNCATE audit_entry`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    await expect(store.db.prisma.auditEntry.deleteMany({})).rejects.toThrow(/append-only/);
    expect(await store.repos.audit.forEntity('assignment', 'a-1')).toHaveLength(2);
  });

  it('offers no way to change an entry in code', () => {
    expect(Object.keys(store.repos.audit).sort()).toEqual(['append', 'byActionKey', 'forEntity']);
  });
});

describe('real accounts', () => {
  it('are provisioned with a password, roles and an entry by the system', async () => {
    const { provisionAccount } = await import('./accounts');
    const input = {
      username: 'Van.Thu.Rach-Gia',
      displayName: 'Văn thư UBND thành phố Rạch Giá',
      unitId: 'kg.rach-gia',
      grants: [{ role: 'officer' as const, unitId: 'kg.rach-gia', directiveId: null }],
      password: 'một mật khẩu thật dài',
    };
    const { userId } = await provisionAccount(store.repos, input);
    expect(userId).toBe('u.van.thu.rach-gia');
    const account = await store.repos.credentials.forUsername('van.thu.rach-gia');
    expect(account?.user).toMatchObject({ demo: false, unitId: 'kg.rach-gia' });
    expect(await verifyPassword(account!.passwordHash!, input.password)).toBe(true);
    expect(await store.repos.roles.forUser(userId)).toEqual(input.grants);
    expect((await store.repos.audit.forEntity('user', userId)).map((e) => [e.action, e.actorUserId])).toEqual([['user.create', null]]);
    await expect(provisionAccount(store.repos, { ...input, password: 'short' })).rejects.toMatchObject({ code: 'WEAK_PASSWORD' });
    await expect(provisionAccount(store.repos, { ...input, unitId: 'kg.nowhere' })).rejects.toMatchObject({ code: 'UNIT_NOT_FOUND' });
    await expect(provisionAccount(store.repos, { ...input, username: 'ct.kg' })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
