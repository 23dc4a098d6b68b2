import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { ZNS_ERRORS, ZNS_SEND_PATH } from '../zalo';
import { BodyTooLarge, Listener, readBody, sendJson } from './http';
import { Recorder, type ProviderStub } from './recorder';

/**
 * Zalo ZNS's template API on the loopback: `POST /message/template` with the `access_token` header
 * and `{ phone, template_id, template_data, tracking_id }`, checked as ZNS documents it, answered
 * with ZNS's bodies (`{ error: 0, message: "Success", data: { msg_id, sent_time, quota } }`, or a
 * negative `error` with Zalo's English message). Templates are registered with the stub with their
 * parameter names; an unknown one is -109, missing parameters -112.
 *
 * ZNS documents no refusal of a repeated tracking_id, so the stub sends it again, as Zalo would,
 * and counts it in `duplicates` for tests that check a retry did not send twice.
 */

export interface ZaloRequest {
  readonly accessToken: string | null;
  readonly body: Record<string, unknown>;
  /** The `error` answered, or null when the request was refused with an HTTP status. */
  readonly error: number | null;
  readonly problem: string | null;
  readonly duplicate: boolean;
  readonly receivedAt: Date;
}

export interface ZaloStubOptions {
  readonly port?: number;
  readonly host?: string;
  readonly accessToken?: string;
  /** Template id → its parameter names. Default: DEFAULT_TEST_TEMPLATE with title, body, link. */
  readonly templates?: Readonly<Record<string, readonly string[]>>;
  /** Numbers (84… form) starting with this are "Phone number invalid" (-108). */
  readonly invalidPrefix?: string;
  /** Numbers (84… form) starting with this have no Zalo account (-118). */
  readonly notOnZaloPrefix?: string;
  readonly dailyQuota?: number;
}

/** Failures on demand: ZNS error (-124, -115); no ZNS throttling code could be verified, so the throttle is HTTP 429. */
export interface ZaloStub extends ProviderStub<ZaloRequest, number> {
  /** The base URL, for createZaloChannel's `url` and ZALO_ZNS_URL. */
  readonly url: string;
  readonly accessToken: string;
  readonly templateId: string;
}

export const DEFAULT_TEST_TEMPLATE = '100001';

const FIELDS = new Set(['phone', 'template_id', 'template_data', 'tracking_id', 'mode', 'sending_mode']);
const MESSAGES: Record<number, string> = {
  [ZNS_ERRORS.SUCCESS]: 'Success',
  [ZNS_ERRORS.RATE_LIMITED]: 'Exceeded rate limit',
  [ZNS_ERRORS.UNKNOWN]: 'Unknown error',
  [ZNS_ERRORS.PHONE_INVALID]: 'Phone number invalid',
  [ZNS_ERRORS.TEMPLATE_ID_INVALID]: 'Template ID invalid',
  [ZNS_ERRORS.TEMPLATE_DATA_EMPTY]: 'Template data empty',
  [ZNS_ERRORS.TEMPLATE_DATA_INVALID]: 'Template data invalid',
  [ZNS_ERRORS.USER_CANNOT_RECEIVE]: 'User is inactive, or reject the message, or using an outdated Zalo version, or other internal errors',
  [ZNS_ERRORS.OUT_OF_QUOTA]: 'Out of quota',
  [ZNS_ERRORS.ZALO_ACCOUNT_NOT_EXISTED]: 'Zalo account not existed',
  [ZNS_ERRORS.ACCESS_TOKEN_INVALID]: 'Access token invalid',
};

export async function startZaloStub(options: ZaloStubOptions = {}): Promise<ZaloStub> {
  const accessToken = options.accessToken ?? 'test-zalo-access-token';
  const templates = options.templates ?? { [DEFAULT_TEST_TEMPLATE]: ['title', 'body', 'link'] };
  const dailyQuota = options.dailyQuota ?? 500;
  const recorder = new Recorder<ZaloRequest>('ZNS request', (r) => `${r.error ?? 'HTTP'}${r.problem ? ` (${r.problem})` : ''}: ${JSON.stringify(r.body)}`);
  const counts = { requests: 0, sent: 0, duplicates: 0 };
  const trackingIds = new Set<string>();
  let rateLimit = { left: 0, retryAfter: 1 };
  let failures = { left: 0, error: 0 };

  const server = createServer((req, res) => {
    counts.requests += 1;
    const token = typeof req.headers.access_token === 'string' ? req.headers.access_token : null;
    const record = (body: Record<string, unknown>, error: number | null, problem: string | null, duplicate = false) =>
      recorder.add({ accessToken: token, body, error, problem, duplicate, receivedAt: new Date() });
    const badRequest = (body: Record<string, unknown>, problem: string) => {
      record(body, null, problem);
      sendJson(res, 400, { error: 400, message: problem });
    };
    if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== ZNS_SEND_PATH) {
      record({}, null, `${req.method} ${req.url}`);
      return sendJson(res, 404, { error: 404, message: 'Not found' });
    }
    readBody(req, 64 * 1024)
      .then((raw) => {
        if (!(req.headers['content-type'] ?? '').startsWith('application/json')) return badRequest({}, 'Content-Type must be application/json');
        let body: Record<string, unknown>;
        try {
          const parsed: unknown = JSON.parse(raw.toString('utf8'));
          if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return badRequest({}, 'the body is not a JSON object');
          body = parsed as Record<string, unknown>;
        } catch {
          return badRequest({}, 'the body is not JSON');
        }
        for (const name of Object.keys(body)) if (!FIELDS.has(name)) return badRequest(body, `unknown field ${name}`);
        for (const name of ['phone', 'template_id', 'tracking_id'] as const) {
          if (body[name] !== undefined && typeof body[name] !== 'string') return badRequest(body, `${name} must be a string`);
        }

        const answer = (error: number, problem: string | null = null, duplicate = false) => {
          record(body, error, problem, duplicate);
          if (error !== 0) return sendJson(res, 200, { error, message: MESSAGES[error] ?? 'Error' });
          counts.sent += 1;
          sendJson(res, 200, {
            error: 0,
            message: MESSAGES[0],
            data: { msg_id: randomUUID().replaceAll('-', ''), sent_time: String(Date.now()), quota: { dailyQuota: String(dailyQuota), remainingQuota: String(Math.max(0, dailyQuota - counts.sent)) } },
          });
        };
        if (rateLimit.left > 0) {
          rateLimit.left -= 1;
          record(body, null, 'rate limited on purpose');
          return sendJson(res, 429, { error: 429, message: 'Too many requests' }, { 'Retry-After': String(rateLimit.retryAfter) });
        }
        if (failures.left > 0) {
          failures.left -= 1;
          return answer(failures.error, 'failing on purpose');
        }
        if (token !== accessToken) return answer(ZNS_ERRORS.ACCESS_TOKEN_INVALID);
        const phone = typeof body.phone === 'string' ? body.phone : '';
        if (!/^84[0-9]{9}$/.test(phone) || (options.invalidPrefix !== undefined && phone.startsWith(options.invalidPrefix))) return answer(ZNS_ERRORS.PHONE_INVALID);
        const params = templates[String(body.template_id)];
        if (params === undefined) return answer(ZNS_ERRORS.TEMPLATE_ID_INVALID);
        const data = body.template_data;
        if (typeof data !== 'object' || data === null || Array.isArray(data) || Object.keys(data).length === 0) return answer(ZNS_ERRORS.TEMPLATE_DATA_EMPTY);
        const values = data as Record<string, unknown>;
        const missing = params.filter((p) => typeof values[p] !== 'string' && typeof values[p] !== 'number');
        if (missing.length > 0) return answer(ZNS_ERRORS.TEMPLATE_DATA_INVALID, `missing ${missing.join(', ')}`);
        if (options.notOnZaloPrefix !== undefined && phone.startsWith(options.notOnZaloPrefix)) return answer(ZNS_ERRORS.ZALO_ACCOUNT_NOT_EXISTED);
        let duplicate = false;
        if (typeof body.tracking_id === 'string') {
          duplicate = trackingIds.has(body.tracking_id);
          if (duplicate) counts.duplicates += 1;
          trackingIds.add(body.tracking_id);
        }
        answer(0, null, duplicate);
      })
      .catch((error: unknown) => {
        if (error instanceof BodyTooLarge) return badRequest({}, 'body too large');
        res.destroy();
      });
  });
  const listener = new Listener(server, options.port ?? 0, options.host ?? '127.0.0.1');
  await listener.start();

  return {
    get url() {
      return `http://${listener.address.host}:${listener.address.port}`;
    },
    accessToken,
    templateId: Object.keys(templates)[0] ?? DEFAULT_TEST_TEMPLATE,
    get received() {
      return recorder.items;
    },
    get sent() {
      return recorder.items.filter((r) => r.error === 0);
    },
    counts,
    rateLimitNext(n, retryAfterSeconds = 1) {
      rateLimit = { left: n, retryAfter: retryAfterSeconds };
    },
    failNext(n, error) {
      failures = { left: n, error };
    },
    waitFor: (predicate, timeoutMs) => recorder.waitFor(predicate, timeoutMs),
    clear: () => recorder.clear(),
    get running() {
      return listener.running;
    },
    start: () => listener.start(),
    stop: () => listener.stop(),
  };
}
