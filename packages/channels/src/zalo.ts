import { TransientChannelError, type Channel, type OutgoingMessage, type SendOutcome } from './channel';
import { postJson, throwIfTransientStatus } from './http-client';
import { internationalForm } from './phone';
import { bounded, httpUrl, LIMITS, oneLine, providerIdFor } from './text';

/**
 * Zalo Notification Service (ZNS): a message from a registered template to a phone number's Zalo
 * account, `POST <base>/message/template` with the Official Account's `access_token` header and
 * `{ phone, template_id, template_data, tracking_id }`, answered `{ error: 0, message, data:
 * { msg_id, sent_time, quota } }` or `{ error: <negative>, message }`.
 *
 * What we could and could not check of ZNS's error codes (zalo.cloud/zns/guidelines/handle-error-code):
 * - read in the official table: -100 … -111;
 * - confirmed by other sources quoting Zalo's answers: -114 (user inactive, refuses ZNS or an old
 *   Zalo), -118 (Zalo account not existed), -124 (access token invalid);
 * - inferred from the order of an unnumbered copy of the table that agrees with -114 and -118:
 *   -112 (template data invalid), -115 (out of quota), -117 (OA/app may not use the template),
 *   -119 (account cannot receive ZNS);
 * - not found at all: a code for "too many requests". We treat HTTP 429 as throttling, and -32
 *   (the "exceeded rate limit" code of Zalo's OA APIs, unverified for ZNS) as throttling too.
 * - ZNS documents no de-duplication by tracking_id: a send retried after a crash between Zalo's
 *   answer and our record can reach the phone twice. tracking_id is our key, for reconciliation.
 */

export const ZALO_ZNS_DEFAULT_URL = 'https://business.openapi.zalo.me';
export const ZNS_SEND_PATH = '/message/template';
/** Not documented where we could read it; kept short so a longer limit never bites. */
export const ZNS_TRACKING_ID_MAX = 48;

export const ZNS_ERRORS = {
  SUCCESS: 0,
  RATE_LIMITED: -32,
  UNKNOWN: -100,
  PHONE_INVALID: -108,
  TEMPLATE_ID_INVALID: -109,
  ZALO_VERSION_UNSUPPORTED: -110,
  TEMPLATE_DATA_EMPTY: -111,
  TEMPLATE_DATA_INVALID: -112,
  USER_CANNOT_RECEIVE: -114,
  OUT_OF_QUOTA: -115,
  TEMPLATE_NOT_PERMITTED: -117,
  ZALO_ACCOUNT_NOT_EXISTED: -118,
  ACCOUNT_CANNOT_RECEIVE_ZNS: -119,
  ACCESS_TOKEN_INVALID: -124,
} as const;

export interface ZaloChannelOptions {
  /** Default https://business.openapi.zalo.me (a local stub in tests). */
  readonly url?: string;
  /**
   * The Official Account's access token, or a function that gives the current one: ZNS tokens
   * live about a day and are renewed with the refresh token by whoever holds it.
   */
  readonly accessToken: string | (() => Promise<string>);
  /**
   * The template for messages that name none: registered with Zalo with the parameters `title`,
   * `body` and `link` (each a text parameter).
   */
  readonly templateId?: string;
  /** Default 15 s. */
  readonly timeoutMs?: number;
}

/** ZNS parameter values are short (the exact limit depends on the parameter's registered type; 400 holds for text ones we saw). */
const MAX_PARAM = 400;
const MAX_PARAMS = 30;
const PARAM_NAME = /^[A-Za-z0-9_]{1,64}$/;

export function createZaloChannel(options: ZaloChannelOptions): Channel {
  if (!options.accessToken) throw new Error('Zalo channel: "accessToken" is required');
  const endpoint = `${(options.url ?? ZALO_ZNS_DEFAULT_URL).replace(/\/$/, '')}${ZNS_SEND_PATH}`;
  if (httpUrl(endpoint) === null) throw new Error(`Zalo channel: "url" is not an http(s) URL: ${options.url}`);
  const accessToken = options.accessToken;
  const token = typeof accessToken === 'string' ? async () => accessToken : accessToken;

  async function send(message: OutgoingMessage): Promise<SendOutcome> {
    const phone = typeof message.to === 'string' ? internationalForm(message.to) : null;
    if (phone === null) return { ok: false, code: 'INVALID_ADDRESS', reason: 'not a Vietnamese mobile number (0xxxxxxxxx, +84xxxxxxxxx)' };
    if (message.key.length === 0 || message.key.length > LIMITS.key) return { ok: false, code: 'REJECTED', reason: `the key must have 1 to ${LIMITS.key} characters` };
    const link = httpUrl(message.link);
    if (link === null) return { ok: false, code: 'REJECTED', reason: 'the link is not an absolute http(s) URL' };
    const templateId = message.template?.id ?? options.templateId;
    if (!templateId) return { ok: false, code: 'TEMPLATE_REJECTED', reason: 'no ZNS template: the message names none and no default is configured' };

    const data: Record<string, string> = message.template
      ? {}
      : { title: bounded(oneLine(message.title), 100), body: bounded(oneLine(message.body), MAX_PARAM), link: link.href };
    if (message.template) {
      const entries = Object.entries(message.template.data);
      if (entries.length > MAX_PARAMS || entries.some(([name]) => !PARAM_NAME.test(name))) {
        return { ok: false, code: 'TEMPLATE_REJECTED', reason: `template parameters must be at most ${MAX_PARAMS}, named with letters, digits and _` };
      }
      for (const [name, value] of entries) data[name] = bounded(String(value), MAX_PARAM);
    }

    let currentToken: string;
    try {
      currentToken = await token();
    } catch (error) {
      throw new TransientChannelError(`Zalo ZNS: could not get the access token: ${error instanceof Error ? error.message : String(error)}`, null, { cause: error });
    }
    const answer = await postJson(
      'Zalo ZNS',
      endpoint,
      { phone, template_id: templateId, template_data: data, tracking_id: providerIdFor(message.key, ZNS_TRACKING_ID_MAX) },
      { access_token: currentToken },
      options.timeoutMs ?? 15_000,
    );
    throwIfTransientStatus('Zalo ZNS', answer);
    if (answer.status >= 400) return { ok: false, code: 'REJECTED', reason: `Zalo ZNS answered HTTP ${answer.status}` };
    const body = answer.body as { error?: unknown; message?: unknown; data?: { msg_id?: unknown } } | undefined;
    if (typeof body !== 'object' || body === null || typeof body.error !== 'number') throw new TransientChannelError(`Zalo ZNS answered HTTP ${answer.status} without its JSON`);
    return outcomeOf(body.error, typeof body.message === 'string' ? body.message : '', typeof body.data?.msg_id === 'string' ? body.data.msg_id : null);
  }

  return { name: 'zalo', send };
}

/**
 * ZNS's answer, sorted by whether waiting helps:
 * - the person cannot get ZNS (no Zalo account, refuses ZNS, old app, bad number): INVALID_ADDRESS,
 *   so the dispatcher falls back to SMS or e-mail;
 * - the template or its data: TEMPLATE_REJECTED (a configuration mistake, fixed by a person);
 * - throttling, Zalo's own "unknown error, try again later" (-100), and an access token that is
 *   invalid (it expires daily and the renewal may not have run yet): transient;
 * - the rest, out of quota included (topping up is a person's job, and the notice should take
 *   another channel now rather than wait for it): REJECTED, with Zalo's code in the reason.
 */
function outcomeOf(error: number, text: string, msgId: string | null): SendOutcome {
  const reason = `Zalo ZNS error ${error}${text ? `: ${text}` : ''}`;
  switch (error) {
    case ZNS_ERRORS.SUCCESS:
      return { ok: true, providerId: msgId };
    case ZNS_ERRORS.PHONE_INVALID:
    case ZNS_ERRORS.ZALO_VERSION_UNSUPPORTED:
    case ZNS_ERRORS.USER_CANNOT_RECEIVE:
    case ZNS_ERRORS.ZALO_ACCOUNT_NOT_EXISTED:
    case ZNS_ERRORS.ACCOUNT_CANNOT_RECEIVE_ZNS:
      return { ok: false, code: 'INVALID_ADDRESS', reason };
    case ZNS_ERRORS.TEMPLATE_ID_INVALID:
    case ZNS_ERRORS.TEMPLATE_DATA_EMPTY:
    case ZNS_ERRORS.TEMPLATE_DATA_INVALID:
    case ZNS_ERRORS.TEMPLATE_NOT_PERMITTED:
      return { ok: false, code: 'TEMPLATE_REJECTED', reason };
    case ZNS_ERRORS.RATE_LIMITED:
    case ZNS_ERRORS.UNKNOWN:
      throw new TransientChannelError(reason, null);
    case ZNS_ERRORS.ACCESS_TOKEN_INVALID:
      throw new TransientChannelError(reason, 60_000);
    default:
      return { ok: false, code: 'REJECTED', reason };
  }
}
