import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { CHANNEL_VARIABLES, channelVariablesMarkdown, channelsFromEnv } from './env';
import { generateVapidKeys } from './push';

const vapid = generateVapidKeys();
const all = {
  SMTP_URL: 'smtp://127.0.0.1:2525',
  MAIL_FROM: 'UBND tỉnh <thong-bao@ubnd.test>',
  VAPID_PUBLIC_KEY: vapid.publicKey,
  VAPID_PRIVATE_KEY: vapid.privateKey,
  VAPID_SUBJECT: 'mailto:ops@ubnd.test',
  SMS_API_KEY: 'k',
  SMS_SECRET_KEY: 's',
  SMS_BRANDNAME: 'UBND-TINH',
  ZALO_ACCESS_TOKEN: 't',
  ZALO_TEMPLATE_ID: '231677',
};

describe('channelsFromEnv', () => {
  it('turns nothing on when nothing is set (empty values count as unset)', () => {
    expect(channelsFromEnv({})).toEqual({});
    expect(channelsFromEnv({ SMTP_URL: '', VAPID_SUBJECT: ' ', MAIL_FROM: 'a@b.test', SMS_GATEWAY_URL: 'http://x.test', ZALO_ZNS_URL: 'http://y.test' })).toEqual({});
  });

  it('turns each channel on when configured', async () => {
    const channels = channelsFromEnv(all);
    expect(Object.keys(channels).sort()).toEqual(['email', 'push', 'sms', 'zalo']);
    for (const [name, channel] of Object.entries(channels)) expect(channel.name).toBe(name);
    await Promise.all(Object.values(channels).map((c) => c.close?.()));
    expect(Object.keys(channelsFromEnv({ SMTP_URL: all.SMTP_URL }))).toEqual(['email']);
  });

  it('names the variable when a value cannot work', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ SMTP_URL: 'mail.ubnd.test' }, /^SMTP_URL:/],
      [{ SMTP_URL: 'https://mail.ubnd.test' }, /^SMTP_URL:/],
      [{ SMTP_URL: all.SMTP_URL, MAIL_FROM: 'khong hop le' }, /^MAIL_FROM:/],
      [{ VAPID_PUBLIC_KEY: vapid.publicKey }, /^VAPID_PRIVATE_KEY:.*missing VAPID_PRIVATE_KEY, VAPID_SUBJECT/],
      [{ VAPID_PUBLIC_KEY: 'abc', VAPID_PRIVATE_KEY: vapid.privateKey, VAPID_SUBJECT: all.VAPID_SUBJECT }, /^VAPID_PUBLIC_KEY:/],
      [{ VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: 'abc', VAPID_SUBJECT: all.VAPID_SUBJECT }, /^VAPID_PRIVATE_KEY:/],
      [{ VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey, VAPID_SUBJECT: 'ops@ubnd.test' }, /^VAPID_SUBJECT:/],
      [{ SMS_API_KEY: 'k', SMS_SECRET_KEY: 's' }, /^SMS_BRANDNAME:/],
      [{ SMS_API_KEY: 'k', SMS_SECRET_KEY: 's', SMS_BRANDNAME: 'b', SMS_GATEWAY_URL: 'ftp://x' }, /^SMS_GATEWAY_URL:/],
      [{ SMS_API_KEY: 'k', SMS_SECRET_KEY: 's', SMS_BRANDNAME: 'b', SMS_CALLBACK_URL: 'x' }, /^SMS_CALLBACK_URL:/],
      [{ ZALO_TEMPLATE_ID: '1' }, /^ZALO_ACCESS_TOKEN:/],
      [{ ZALO_ACCESS_TOKEN: 't', ZALO_TEMPLATE_ID: '1', ZALO_ZNS_URL: 'not a url' }, /^ZALO_ZNS_URL:/],
    ];
    for (const [env, expected] of cases) expect(() => channelsFromEnv(env), JSON.stringify(env)).toThrow(expected);
  });

  it('documents every variable it reads', () => {
    const names = CHANNEL_VARIABLES.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of Object.keys(all)) expect(names).toContain(name);
  });
});

describe('the README', () => {
  it("lists the channels' variables as they are", async () => {
    const readme = await readFile(new URL('../../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(channelVariablesMarkdown());
  });
});
