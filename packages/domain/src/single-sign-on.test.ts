import { describe, expect, it } from 'vitest';
import { buildHierarchy, THREE_LEVEL_SCHEME } from './hierarchy';
import { KIEN_GIANG_SCHEME, kienGiangUnits } from './seed/kien-giang-2020';
import { checkIssuer, checkSecretRef, decideSsoAccount, provinceOf, type AccountCandidate, type VerifiedIdentity } from './single-sign-on';
import { codeOf } from './test-support';

const hierarchy = buildHierarchy(KIEN_GIANG_SCHEME, kienGiangUnits());
const COMMUNE = 'kg.rach-gia.p-vinh-thanh';

describe('provinceOf', () => {
  it('finds the province above a unit, the province itself, and nothing for an unknown unit', () => {
    expect(provinceOf(hierarchy, COMMUNE)).toBe('kg');
    expect(provinceOf(hierarchy, 'kg.rach-gia')).toBe('kg');
    expect(provinceOf(hierarchy, 'kg')).toBe('kg');
    expect(provinceOf(hierarchy, 'no-such-unit')).toBeNull();
  });

  it('is null for a tree without a province above the unit', () => {
    const tree = buildHierarchy(THREE_LEVEL_SCHEME, [{ id: 'd', name: 'Huyện', level: 'district', kind: 'people_committee', parentId: null }]);
    expect(provinceOf(tree, 'd')).toBeNull();
  });
});

describe('checkIssuer', () => {
  it('takes https issuers, and http on the loopback only', () => {
    expect(checkIssuer(' https://sso.kiengiang.gov.vn/realms/kg ')).toBe('https://sso.kiengiang.gov.vn/realms/kg');
    expect(checkIssuer('http://127.0.0.1:4100')).toBe('http://127.0.0.1:4100');
    expect(checkIssuer('http://localhost:4100')).toBe('http://localhost:4100');
  });

  it.each(['http://sso.example.gov.vn', 'ftp://sso.example', 'javascript:alert(1)', 'không phải URL', '', 'https://sso.example/?a=1', 'https://sso.example/#x', 'https://u:p@sso.example', `https://${'a'.repeat(500)}.vn`])(
    'refuses %j',
    (value) => {
      expect(codeOf(() => checkIssuer(value))).toBe('INVALID_INPUT');
    },
  );
});

describe('checkSecretRef', () => {
  it('takes a reference to an environment variable or a file, never a secret', () => {
    expect(checkSecretRef('env:CHIDAO_KG_OIDC_SECRET')).toBe('env:CHIDAO_KG_OIDC_SECRET');
    expect(checkSecretRef('file:/run/secrets/kg-oidc')).toBe('file:/run/secrets/kg-oidc');
    expect(checkSecretRef(null)).toBeNull();
    expect(checkSecretRef('  ')).toBeNull();
  });

  it.each(['hunter2', 'env:lower', 'env:', 'file:relative', 'file:/run/../etc/shadow', `env:${'A'.repeat(200)}`])('refuses %j', (value) => {
    expect(codeOf(() => checkSecretRef(value))).toBe('INVALID_INPUT');
  });
});

describe('decideSsoAccount', () => {
  const identity: VerifiedIdentity = { issuer: 'https://sso.kg', subject: 'sub-1', email: 'a@kg.gov.vn', emailVerified: true };
  const active = (id: string, unitId = COMMUNE): AccountCandidate => ({ id, unitId, active: true });
  const decide = (over: Partial<Parameters<typeof decideSsoAccount>[0]>) =>
    decideSsoAccount({ hierarchy, provinceId: 'kg', identity, linked: null, linkByVerifiedEmail: false, byEmail: [], ...over });

  it('signs in the account linked to the subject', () => {
    expect(decide({ linked: active('u.a') })).toEqual({ kind: 'sign_in', userId: 'u.a' });
  });

  it('refuses a linked account that is deactivated, or of another province', () => {
    expect(decide({ linked: { ...active('u.a'), active: false } })).toEqual({ kind: 'refuse', reason: 'account_inactive' });
    const elsewhere = buildHierarchy(KIEN_GIANG_SCHEME, [...kienGiangUnits(), { id: 'ag', name: 'An Giang', level: 'province', kind: 'people_committee', parentId: null }]);
    expect(decide({ hierarchy: elsewhere, provinceId: 'ag', linked: active('u.a') })).toEqual({ kind: 'refuse', reason: 'other_province' });
  });

  it('refuses an unknown subject, whatever its e-mail, unless the province links by verified e-mail', () => {
    expect(decide({ byEmail: [active('u.a')] })).toEqual({ kind: 'refuse', reason: 'subject_unknown' });
    expect(decide({ linkByVerifiedEmail: true, byEmail: [active('u.a')] })).toEqual({ kind: 'link_and_sign_in', userId: 'u.a' });
  });

  it('links by e-mail only when the provider verified it and exactly one active account of the province has it', () => {
    const on = { linkByVerifiedEmail: true };
    expect(decide({ ...on, identity: { ...identity, emailVerified: false }, byEmail: [active('u.a')] })).toEqual({ kind: 'refuse', reason: 'subject_unknown' });
    expect(decide({ ...on, identity: { ...identity, email: null }, byEmail: [active('u.a')] })).toEqual({ kind: 'refuse', reason: 'subject_unknown' });
    expect(decide({ ...on, byEmail: [active('u.a'), active('u.b')] })).toEqual({ kind: 'refuse', reason: 'subject_unknown' });
    expect(decide({ ...on, byEmail: [{ ...active('u.a'), active: false }] })).toEqual({ kind: 'refuse', reason: 'subject_unknown' });
    expect(decide({ ...on, provinceId: 'ag', byEmail: [active('u.a')] })).toEqual({ kind: 'refuse', reason: 'subject_unknown' });
  });
});
