import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { ESMS_CODES, ESMS_REQUEST_ID_MAX, ESMS_SEND_PATH } from '../sms';
import { BodyTooLarge, Listener, readBody, sendJson } from './http';
import { Recorder, type ProviderStub } from './recorder';

/**
 * eSMS.vn's JSON send API on the loopback ("SendMultipleMessage_V4_post_json"): it checks each
 * request as the documentation describes it (POST, JSON, every field a string, the required ones
 * present) and answers with eSMS's own bodies: `{ CodeResult: "100", CountRegenerate: 0, SMSID }`
 * on success, `{ CodeResult, ErrorMessage }` otherwise, including 124 for a RequestId seen before.
 * A request of the wrong shape gets HTTP 400 and is recorded with why, so a test sees the mistake.
 */

export interface SmsRequest {
  readonly body: Record<string, unknown>;
  /** The CodeResult answered, or `HTTP <status>` when the request was refused before that. */
  readonly answer: string;
  /** Why a request was refused (shape, credentials), for failing tests to print. */
  readonly problem: string | null;
  readonly receivedAt: Date;
}

export interface SmsGatewayStubOptions {
  readonly port?: number;
  readonly host?: string;
  readonly apiKey?: string;
  readonly secretKey?: string;
  readonly brandname?: string;
  /** Numbers (in any accepted form, compared in the 0… form) starting with this are refused with 108. */
  readonly invalidPrefix?: string;
}

/** Failures on demand: eSMS CodeResult ("103": no balance, "146": wrong template); eSMS publishes no throttling code, so the throttle is HTTP 429. */
export interface SmsGatewayStub extends ProviderStub<SmsRequest, string> {
  /** The base URL, for createSmsChannel's `url` and SMS_GATEWAY_URL. */
  readonly url: string;
  readonly apiKey: string;
  readonly secretKey: string;
  readonly brandname: string;
}

const FIELDS = new Set(['ApiKey', 'SecretKey', 'Phone', 'Content', 'Brandname', 'SmsType', 'IsUnicode', 'Sandbox', 'RequestId', 'CallbackUrl', 'campaignid', 'SendDate']);
const REQUIRED = ['ApiKey', 'SecretKey', 'Phone', 'Content', 'SmsType'];
const MESSAGES: Record<string, string> = {
  [ESMS_CODES.WRONG_KEYS]: 'Sai thông tin ApiKey hoặc SecretKey.',
  [ESMS_CODES.UNKNOWN_BRANDNAME]: 'Brandname không tồn tại.',
  [ESMS_CODES.PHONE_FORMAT]: 'Số điện thoại không đúng định dạng.',
  [ESMS_CODES.DUPLICATE_REQUEST_ID]: 'Trùng RequestId khi gửi tin.',
  [ESMS_CODES.NO_BALANCE]: 'Không đủ số dư để gửi tin.',
  [ESMS_CODES.WRONG_TEMPLATE]: 'Sai template chăm sóc khách hàng.',
};

export async function startSmsGatewayStub(options: SmsGatewayStubOptions = {}): Promise<SmsGatewayStub> {
  const apiKey = options.apiKey ?? 'test-api-key';
  const secretKey = options.secretKey ?? 'test-secret-key';
  const brandname = options.brandname ?? 'CHIDAO';
  const recorder = new Recorder<SmsRequest>('SMS request', (r) => `${r.answer}${r.problem ? ` (${r.problem})` : ''}: ${JSON.stringify({ ...r.body, ApiKey: '…', SecretKey: '…' })}`);
  const counts = { requests: 0, sent: 0, duplicates: 0 };
  const requestIds = new Set<string>();
  let rateLimit = { left: 0, retryAfter: 1 };
  let failures = { left: 0, code: '' };

  const server = createServer((req, res) => {
    counts.requests += 1;
    const path = (req.url ?? '').split('?')[0];
    const record = (body: Record<string, unknown>, answer: string, problem: string | null) => recorder.add({ body, answer, problem, receivedAt: new Date() });
    const badRequest = (body: Record<string, unknown>, problem: string) => {
      record(body, 'HTTP 400', problem);
      sendJson(res, 400, { Message: problem });
    };
    if (req.method !== 'POST' || (path !== ESMS_SEND_PATH && `${path}/` !== ESMS_SEND_PATH)) {
      record({}, 'HTTP 404', `${req.method} ${path}`);
      return sendJson(res, 404, { Message: 'Endpoint not found.' });
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
        for (const [name, value] of Object.entries(body)) {
          if (!FIELDS.has(name)) return badRequest(body, `unknown field ${name}`);
          if (typeof value !== 'string') return badRequest(body, `${name} must be a string, got ${typeof value}`);
        }
        for (const name of REQUIRED) if (!body[name]) return badRequest(body, `${name} is required`);
        if (body.SmsType === '2' && !body.Brandname) return badRequest(body, 'Brandname is required for SmsType 2');
        if (body.IsUnicode !== undefined && body.IsUnicode !== '0' && body.IsUnicode !== '1') return badRequest(body, 'IsUnicode must be "0" or "1"');
        if (typeof body.RequestId === 'string' && body.RequestId.length > ESMS_REQUEST_ID_MAX) return badRequest(body, `RequestId over ${ESMS_REQUEST_ID_MAX} characters`);

        if (rateLimit.left > 0) {
          rateLimit.left -= 1;
          record(body, 'HTTP 429', 'rate limited on purpose');
          return sendJson(res, 429, { Message: 'Too many requests' }, { 'Retry-After': String(rateLimit.retryAfter) });
        }
        const answer = (code: string, problem: string | null = null) => {
          record(body, code, problem);
          sendJson(res, 200, { CodeResult: code, ErrorMessage: MESSAGES[code] ?? 'Lỗi.' });
        };
        if (failures.left > 0) {
          failures.left -= 1;
          return answer(failures.code, 'failing on purpose');
        }
        if (body.ApiKey !== apiKey || body.SecretKey !== secretKey) return answer(ESMS_CODES.WRONG_KEYS);
        if (body.SmsType === '2' && body.Brandname !== brandname) return answer(ESMS_CODES.UNKNOWN_BRANDNAME);
        const phone = String(body.Phone);
        const national = phone.startsWith('84') ? `0${phone.slice(2)}` : phone;
        if (!/^0[0-9]{9}$/.test(national) || (options.invalidPrefix !== undefined && national.startsWith(options.invalidPrefix))) return answer(ESMS_CODES.PHONE_FORMAT);
        if (typeof body.RequestId === 'string' && body.RequestId !== '') {
          if (requestIds.has(body.RequestId)) {
            counts.duplicates += 1;
            return answer(ESMS_CODES.DUPLICATE_REQUEST_ID);
          }
          requestIds.add(body.RequestId);
        }
        counts.sent += 1;
        record(body, ESMS_CODES.SUCCESS, null);
        sendJson(res, 200, { CodeResult: ESMS_CODES.SUCCESS, CountRegenerate: 0, SMSID: randomUUID() });
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
    apiKey,
    secretKey,
    brandname,
    get received() {
      return recorder.items;
    },
    get sent() {
      return recorder.items.filter((r) => r.answer === ESMS_CODES.SUCCESS);
    },
    counts,
    rateLimitNext(n, retryAfterSeconds = 1) {
      rateLimit = { left: n, retryAfter: retryAfterSeconds };
    },
    failNext(n, codeResult) {
      failures = { left: n, code: codeResult };
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
