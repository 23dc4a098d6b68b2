import { TransientChannelError, type Channel, type OutgoingMessage, type SendOutcome } from './channel';
import { postJson, throwIfTransientStatus } from './http-client';
import { nationalForm } from './phone';
import { bounded, httpUrl, LIMITS, oneLine, providerIdFor } from './text';

/**
 * Brandname SMS through eSMS.vn (ViHAT), one of the large Vietnamese SMS gateways, by its published
 * JSON API "SendMultipleMessage_V4_post_json" (developers.esms.vn, "Send OTP/Customer care
 * message"): POST a JSON object of strings, answered by `{ CodeResult, SMSID, ErrorMessage }`.
 *
 * What the published documentation leaves open, and what this adapter assumes:
 * - customer-care brandname SMS (SmsType "2") must match a template registered with the carriers
 *   through eSMS; our content is always "<title>\n<link>", so that is the template to register.
 *   A mismatch is code 146 (TEMPLATE_REJECTED here);
 * - eSMS publishes no rate-limit code; a throttling proxy would answer HTTP 429, which (like 5xx
 *   and no answer) is transient here;
 * - code 99 is "the phone number is blocked in the system" in the current table (older copies of
 *   the docs called it "unknown error"); we follow the current table (INVALID_ADDRESS).
 */

/** The path of the JSON send API under the gateway's base URL (https://rest.esms.vn). */
export const ESMS_SEND_PATH = '/MainService.svc/json/SendMultipleMessage_V4_post_json/';
export const ESMS_DEFAULT_URL = 'https://rest.esms.vn';
/** eSMS: "RequestId … maximum length 50 characters; each RequestId is blocked for 24 hours". */
export const ESMS_REQUEST_ID_MAX = 50;

/** eSMS's CodeResult values (developers.esms.vn, "Table of error codes") and what each means for us. */
export const ESMS_CODES = {
  SUCCESS: '100',
  PHONE_BLOCKED: '99',
  WRONG_KEYS: '101',
  NO_PRICE_LIST: '102',
  NO_BALANCE: '103',
  UNKNOWN_BRANDNAME: '104',
  PHONE_FORMAT: '108',
  UNSUPPORTED_TYPE: '118',
  DUPLICATE_REQUEST_ID: '124',
  IP_NOT_WHITELISTED: '140',
  WRONG_TEMPLATE: '146',
  CARRIER_NOT_REGISTERED: '177',
  MISSING_TYPE: '300',
} as const;

export interface SmsChannelOptions {
  /** The gateway's base URL. Default https://rest.esms.vn. */
  readonly url?: string;
  readonly apiKey: string;
  readonly secretKey: string;
  /** The sender name registered with eSMS and the carriers (e.g. "UBND-TINH"). */
  readonly brandname: string;
  /** eSMS posts the delivery report here when the carrier answers. */
  readonly callbackUrl?: string;
  /** A message is cut to fit this many segments (each 67 characters in Unicode). Default 3. */
  readonly maxSegments?: number;
  /** Default 15 s. */
  readonly timeoutMs?: number;
}

/** Characters that fit in `segments` Unicode (UCS-2) SMS: 70 in one, 67 each when concatenated. */
export function unicodeCapacity(segments: number): number {
  return segments <= 1 ? 70 : 67 * segments;
}

/**
 * The SMS text: the title and the deep link, the title cut so the whole fits (an SMS is a pointer
 * into the app, not the notice itself). A link too long to leave room for words is left out, and
 * the body's start stands in for it. NFC first: decomposed Vietnamese letters take two characters.
 */
export function smsContent(message: Pick<OutgoingMessage, 'title' | 'body' | 'link'>, capacity: number): string {
  const title = oneLine(message.title.normalize('NFC'));
  const link = message.link;
  if (link.length + 1 + 20 <= capacity) return `${bounded(title, capacity - link.length - 1)}\n${link}`;
  return bounded(oneLine(`${title}: ${message.body.normalize('NFC')}`), capacity);
}

export function createSmsChannel(options: SmsChannelOptions): Channel {
  for (const field of ['apiKey', 'secretKey', 'brandname'] as const) {
    if (!options[field]) throw new Error(`SMS channel: "${field}" is required`);
  }
  const base = new URL(options.url ?? ESMS_DEFAULT_URL);
  const endpoint = new URL(ESMS_SEND_PATH, base).href;
  const capacity = unicodeCapacity(options.maxSegments ?? 3);

  async function send(message: OutgoingMessage): Promise<SendOutcome> {
    const phone = typeof message.to === 'string' ? nationalForm(message.to) : null;
    if (phone === null) return { ok: false, code: 'INVALID_ADDRESS', reason: 'not a Vietnamese mobile number (0xxxxxxxxx, +84xxxxxxxxx)' };
    if (message.key.length === 0 || message.key.length > LIMITS.key) return { ok: false, code: 'REJECTED', reason: `the key must have 1 to ${LIMITS.key} characters` };
    const link = httpUrl(message.link);
    if (link === null) return { ok: false, code: 'REJECTED', reason: 'the link is not an absolute http(s) URL' };

    const request = {
      ApiKey: options.apiKey,
      SecretKey: options.secretKey,
      Phone: phone,
      Content: smsContent({ title: bounded(message.title, LIMITS.title), body: bounded(message.body, LIMITS.body), link: link.href }, capacity),
      Brandname: options.brandname,
      // 2: customer care (chăm sóc khách hàng), the type for transactional notices.
      SmsType: '2',
      IsUnicode: '1',
      // eSMS refuses a RequestId it saw in the last 24 hours (code 124): a retry cannot send twice.
      RequestId: providerIdFor(message.key, ESMS_REQUEST_ID_MAX),
      ...(options.callbackUrl ? { CallbackUrl: options.callbackUrl } : {}),
    };
    const answer = await postJson('SMS gateway', endpoint, request, {}, options.timeoutMs ?? 15_000);
    throwIfTransientStatus('SMS gateway', answer);
    const body = answer.body as { CodeResult?: unknown; SMSID?: unknown; ErrorMessage?: unknown } | undefined;
    if (answer.status >= 400) return { ok: false, code: 'REJECTED', reason: `SMS gateway answered HTTP ${answer.status}` };
    if (body === undefined || typeof body !== 'object' || body === null) throw new TransientChannelError(`SMS gateway answered HTTP ${answer.status} without JSON`);
    return outcomeOf(String(body.CodeResult), typeof body.SMSID === 'string' ? body.SMSID : null, typeof body.ErrorMessage === 'string' ? body.ErrorMessage : '');
  }

  return { name: 'sms', send };
}

/**
 * CodeResult, sorted. Anything an operator must fix (keys, balance, brandname, IP whitelist,
 * carrier registration) is REJECTED rather than transient: retrying for hours would not fix it,
 * and the person is better served by the next channel now; the code is in the reason for the log.
 */
function outcomeOf(code: string, smsId: string | null, errorMessage: string): SendOutcome {
  const reason = `eSMS CodeResult ${code}${errorMessage ? `: ${errorMessage}` : ''}`;
  switch (code) {
    case ESMS_CODES.SUCCESS:
      return { ok: true, providerId: smsId };
    case ESMS_CODES.DUPLICATE_REQUEST_ID:
      // An earlier attempt with this key was taken (we crashed before recording it): already sent.
      return { ok: true, providerId: smsId };
    case ESMS_CODES.PHONE_BLOCKED:
    case ESMS_CODES.PHONE_FORMAT:
      return { ok: false, code: 'INVALID_ADDRESS', reason };
    case ESMS_CODES.WRONG_TEMPLATE:
      return { ok: false, code: 'TEMPLATE_REJECTED', reason };
    default:
      return { ok: false, code: 'REJECTED', reason };
  }
}
