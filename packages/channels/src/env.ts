import type { Channel, ChannelName } from './channel';
import { createEmailChannel } from './email';
import { parseMailbox } from './email-address';
import { createPushChannel, vapidProblem } from './push';
import { createSmsChannel, ESMS_DEFAULT_URL } from './sms';
import { httpUrl } from './text';
import { createZaloChannel, ZALO_ZNS_DEFAULT_URL } from './zalo';

/**
 * The channels a process (the worker) turns on from its environment: each one only when its
 * credentials are set, so a developer's machine without any runs with in-app notifications alone.
 * A channel half configured, or configured with a value that cannot work, stops the process at
 * start with the variable's name, rather than failing every delivery later.
 */

export interface ChannelVariable {
  readonly name: string;
  readonly channel: ChannelName;
  readonly meaning: string;
  /** Its value when unset, if it has one. */
  readonly default?: string;
}

export const DEFAULT_MAIL_FROM = 'Theo dõi chỉ đạo <no-reply@localhost>';

/** Every variable read here, with what it means: the README's table is made from this. */
export const CHANNEL_VARIABLES: readonly ChannelVariable[] = [
  { name: 'SMTP_URL', channel: 'email', meaning: 'The SMTP relay, smtp://user:pass@host:587 or smtps://host:465. Turns e-mail on.' },
  { name: 'MAIL_FROM', channel: 'email', meaning: 'The From of notices, `Name <address>`; its domain names the Message-IDs.', default: DEFAULT_MAIL_FROM },
  { name: 'VAPID_PUBLIC_KEY', channel: 'push', meaning: 'Web Push VAPID public key (base64url; the browser subscribes with it). The three VAPID_* turn Web Push on.' },
  { name: 'VAPID_PRIVATE_KEY', channel: 'push', meaning: 'Web Push VAPID private key (base64url). Make a pair with generateVapidKeys() once per deployment.' },
  { name: 'VAPID_SUBJECT', channel: 'push', meaning: 'A mailto: or https: URL push services may contact about our traffic.' },
  { name: 'SMS_API_KEY', channel: 'sms', meaning: 'eSMS.vn ApiKey. With SMS_SECRET_KEY and SMS_BRANDNAME, turns SMS on.' },
  { name: 'SMS_SECRET_KEY', channel: 'sms', meaning: 'eSMS.vn SecretKey.' },
  { name: 'SMS_BRANDNAME', channel: 'sms', meaning: 'The sender name registered with eSMS and the carriers.' },
  { name: 'SMS_GATEWAY_URL', channel: 'sms', meaning: "eSMS's REST base URL (a local stub in tests).", default: ESMS_DEFAULT_URL },
  { name: 'SMS_CALLBACK_URL', channel: 'sms', meaning: 'Optional: where eSMS posts delivery reports.' },
  { name: 'ZALO_ACCESS_TOKEN', channel: 'zalo', meaning: "The Zalo Official Account's access token. With ZALO_TEMPLATE_ID, turns Zalo ZNS on." },
  { name: 'ZALO_TEMPLATE_ID', channel: 'zalo', meaning: 'The ZNS template for notices, registered with the parameters title, body and link.' },
  { name: 'ZALO_ZNS_URL', channel: 'zalo', meaning: "ZNS's base URL (a local stub in tests).", default: ZALO_ZNS_DEFAULT_URL },
];

type Env = Readonly<Record<string, string | undefined>>;

/** A variable's value; an empty one (FOO= in a .env file) counts as unset. */
function read(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

function fail(name: string, problem: string): never {
  throw new Error(`${name}: ${problem}`);
}

/** The names of `names` that are unset, when at least one of them is set. */
function missingOf(env: Env, names: readonly string[]): string[] {
  const set = names.filter((name) => read(env, name) !== undefined);
  return set.length === 0 ? [] : names.filter((name) => read(env, name) === undefined);
}

function urlOf(env: Env, name: string, fallback: string): string {
  const value = read(env, name) ?? fallback;
  if (httpUrl(value) === null) fail(name, `not an http(s) URL: ${value}`);
  return value;
}

export function channelsFromEnv(env: Env): Partial<Record<ChannelName, Channel>> {
  const channels: Partial<Record<ChannelName, Channel>> = {};

  const smtpUrl = read(env, 'SMTP_URL');
  if (smtpUrl !== undefined) {
    let url: URL | null = null;
    try {
      url = new URL(smtpUrl);
    } catch {
      url = null;
    }
    if (url === null || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')) fail('SMTP_URL', 'must be smtp://host:port or smtps://host:port');
    const from = read(env, 'MAIL_FROM') ?? DEFAULT_MAIL_FROM;
    if (parseMailbox(from) === null) fail('MAIL_FROM', `not a mailbox ("Name <address>" or an address): ${from}`);
    channels.email = createEmailChannel({ url: smtpUrl, from });
  }

  const vapidNames = ['VAPID_PUBLIC_KEY', 'VAPID_PRIVATE_KEY', 'VAPID_SUBJECT'];
  const vapidMissing = missingOf(env, vapidNames);
  if (vapidMissing.length > 0) fail(vapidMissing[0]!, `Web Push needs ${vapidNames.join(', ')} together; missing ${vapidMissing.join(', ')}`);
  if (read(env, 'VAPID_PUBLIC_KEY') !== undefined) {
    const vapid = { publicKey: read(env, 'VAPID_PUBLIC_KEY')!, privateKey: read(env, 'VAPID_PRIVATE_KEY')!, subject: read(env, 'VAPID_SUBJECT')! };
    const problem = vapidProblem(vapid);
    if (problem) fail({ publicKey: 'VAPID_PUBLIC_KEY', privateKey: 'VAPID_PRIVATE_KEY', subject: 'VAPID_SUBJECT' }[problem.field], problem.message);
    channels.push = createPushChannel({ vapid });
  }

  const smsNames = ['SMS_API_KEY', 'SMS_SECRET_KEY', 'SMS_BRANDNAME'];
  const smsMissing = missingOf(env, smsNames);
  if (smsMissing.length > 0) fail(smsMissing[0]!, `SMS needs ${smsNames.join(', ')} together; missing ${smsMissing.join(', ')}`);
  if (read(env, 'SMS_API_KEY') !== undefined) {
    const callbackUrl = read(env, 'SMS_CALLBACK_URL');
    if (callbackUrl !== undefined && httpUrl(callbackUrl) === null) fail('SMS_CALLBACK_URL', `not an http(s) URL: ${callbackUrl}`);
    channels.sms = createSmsChannel({
      url: urlOf(env, 'SMS_GATEWAY_URL', ESMS_DEFAULT_URL),
      apiKey: read(env, 'SMS_API_KEY')!,
      secretKey: read(env, 'SMS_SECRET_KEY')!,
      brandname: read(env, 'SMS_BRANDNAME')!,
      ...(callbackUrl ? { callbackUrl } : {}),
    });
  }

  const zaloNames = ['ZALO_ACCESS_TOKEN', 'ZALO_TEMPLATE_ID'];
  const zaloMissing = missingOf(env, zaloNames);
  if (zaloMissing.length > 0) fail(zaloMissing[0]!, `Zalo ZNS needs ${zaloNames.join(', ')} together; missing ${zaloMissing.join(', ')}`);
  if (read(env, 'ZALO_ACCESS_TOKEN') !== undefined) {
    channels.zalo = createZaloChannel({
      url: urlOf(env, 'ZALO_ZNS_URL', ZALO_ZNS_DEFAULT_URL),
      accessToken: read(env, 'ZALO_ACCESS_TOKEN')!,
      templateId: read(env, 'ZALO_TEMPLATE_ID')!,
    });
  }

  return channels;
}

/** The variables as a Markdown table, for the README. */
export function channelVariablesMarkdown(): string {
  const rows = CHANNEL_VARIABLES.map((v) => `| \`${v.name}\` | ${v.channel} | ${v.meaning} | ${v.default ? `\`${v.default}\`` : ''} |`);
  return ['| Variable | Channel | Meaning | Default |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
