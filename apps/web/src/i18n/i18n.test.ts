import { ERROR_CODES } from '@chidao/domain';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { errorMessageKey } from '../lib/errors';
import { en } from './en';
import { vi } from './vi';

/** "a.b.c" → value for every leaf of a nested message object. */
function flatten(messages: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(messages)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object' && value !== null) for (const [k, v] of flatten(value, path)) out.set(k, v);
    else out.set(path, value);
  }
  return out;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

describe('locales', () => {
  const viKeys = flatten(vi);
  const enKeys = flatten(en);

  it('have identical key sets', () => {
    expect([...enKeys.keys()].sort()).toEqual([...viKeys.keys()].sort());
  });

  it('have a non-empty string for every key', () => {
    for (const [locale, keys] of [['vi', viKeys], ['en', enKeys]] as const) {
      for (const [key, value] of keys) {
        expect(typeof value, `${locale}:${key}`).toBe('string');
        expect((value as string).trim(), `${locale}:${key}`).not.toBe('');
      }
    }
  });

  it('use the same placeholders for the same key', () => {
    for (const [key, value] of viKeys) {
      expect(placeholders(enKeys.get(key) as string), key).toEqual(placeholders(value as string));
    }
  });

  it('have a message for every domain error code', () => {
    for (const code of Object.keys(ERROR_CODES)) {
      expect(viKeys.has(`errors.codes.${code}`), code).toBe(true);
      expect(enKeys.has(`errors.codes.${code}`), code).toBe(true);
    }
  });

  it('resolve error keys through i18next, Vietnamese by default', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ resources: { vi: { translation: vi }, en: { translation: en } }, lng: 'vi', fallbackLng: 'vi', showSupportNotice: false });
    const error = Object.assign(new Error('x'), { name: 'TRPCClientError', data: { domainCode: 'ALREADY_ACKNOWLEDGED' } });
    expect(i18n.t(errorMessageKey(error))).toBe(vi.errors.codes.ALREADY_ACKNOWLEDGED);
    await i18n.changeLanguage('en');
    expect(i18n.t(errorMessageKey(error))).toBe(en.errors.codes.ALREADY_ACKNOWLEDGED);
  });

  it('use the words the product is built around', () => {
    expect(vi.tasks.title).toBe('Nhiệm vụ của tôi');
    expect(vi.tasks.acknowledge).toBe('Tiếp nhận');
    expect(vi.state.issued).toBe('Chưa tiếp nhận');
    expect(vi.state.acknowledged).toBe('Đã tiếp nhận');
  });
});
