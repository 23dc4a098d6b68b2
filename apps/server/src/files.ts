import { API_CSP } from './hardening';
import { errorFields, type Log } from './log';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import { createFilesCaller, domainCodeOf, FILE_NAMES, FILE_PATHS, type Context, type FileName } from '@chidao/api';

/**
 * Where the files are: GET /files/<name>.xlsx (an edXML package: .edxml)?<the procedure's input as query
 * parameters>; a directive's original at /files/original and a report's attachment at
 * /files/attachment?id=<its id> (each its own type, whatever it is).
 */
export const FILES_PREFIX = '/files/';

/** The path a file procedure is reached at. */
export function filePath(name: FileName): string {
  return `${FILES_PREFIX}${FILE_PATHS[name]}`;
}

/**
 * The policy every file is served under, the API's own in a sandbox: an attachment's or an original's
 * bytes come from a user. Its type is the sniffed one and the browser may not guess another (nosniff,
 * set for every answer); opened on its own, the sandbox gives it no script, no origin and nothing to
 * load, and nobody frames it.
 */
export const FILE_CSP = `sandbox; ${API_CSP}`;

/** More query parameters than any file takes is no request for a file (statistics takes five). */
const MAX_PARAMS = 8;

/**
 * A Content-Disposition that saves the file under its own name in every browser: `filename*` in UTF-8
 * (RFC 5987/6266), which keeps Vietnamese letters, and a plain ASCII `filename` for clients that read
 * only that one (letters without their marks, anything else an underscore).
 */
export function contentDisposition(filename: string, type: 'attachment' | 'inline' = 'attachment'): string {
  const ascii = filename
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, (c) => (c === 'đ' ? 'd' : 'D'))
    .replace(/[^\x20-\x7e]|["\\]/g, '_');
  // encodeURIComponent leaves ' ( ) * ! unescaped; RFC 5987's attr-char does not allow them.
  const encoded = encodeURIComponent(filename).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** What a person who followed a download link reads when there is no file, by status. */
const REFUSALS: Record<number, string> = {
  400: 'Yêu cầu tải tệp không hợp lệ.',
  401: 'Phiên đăng nhập đã kết thúc. Hãy đăng nhập lại rồi tải lại tệp.',
  403: 'Bạn không có quyền tải tệp này.',
  404: 'Không tìm thấy tệp này.',
  405: 'Tệp chỉ tải được bằng GET.',
};

function refuse(res: ServerResponse, status: number, domainCode: string | null, requestId: string): void {
  const words = REFUSALS[status] ?? `Không tạo được tệp (mã yêu cầu ${requestId}).`;
  res
    .writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...(domainCode ? { 'x-domain-code': domainCode } : {}), ...(status === 405 ? { allow: 'GET, HEAD' } : {}) })
    .end(`${words}\n`);
}

/**
 * Answers GET /files/<name>.xlsx (or .edxml, or /files/original, /files/attachment): the file procedure of that name (files.ts in @chidao/api) called with
 * the request's own context, so the session, the input bounds and the access rules are the ones a
 * tRPC call meets. The answer is the bytes with their type and name; a refusal is its HTTP status with
 * a line a person can read (the link is followed by a browser, not by the app's client).
 */
export async function serveFile(req: IncomingMessage, res: ServerResponse, url: URL, context: () => Promise<Context>, requestId: string, log: Log): Promise<void> {
  res.setHeader('cache-control', 'no-store');
  if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, null, requestId);
  const name = FILE_NAMES.find((n) => url.pathname === filePath(n));
  if (!name) return refuse(res, 404, null, requestId);
  const keys = [...url.searchParams.keys()];
  if (keys.length > MAX_PARAMS || new Set(keys).size !== keys.length) return refuse(res, 400, 'INVALID_INPUT', requestId);
  try {
    const caller = createFilesCaller(await context());
    const file = await caller[name as FileName](Object.fromEntries(url.searchParams) as never);
    res.writeHead(200, {
      'content-type': file.contentType,
      'content-length': String(file.bytes.length),
      'content-disposition': contentDisposition(file.filename, file.inline ? 'inline' : 'attachment'),
      // A PDF's scripts and forms, or whatever a file typed by its first bytes might still hold, stay in an opaque sandbox.
      'content-security-policy': FILE_CSP,
      'x-content-type-options': 'nosniff',
    });
    res.end(req.method === 'HEAD' ? undefined : file.bytes);
  } catch (error) {
    const status = error instanceof TRPCError ? getHTTPStatusCodeFromError(error) : 500;
    // The person sees the request id only; the log has the cause, under the same id.
    if (status >= 500) log.error({ requestId, path: url.pathname, ...errorFields(error instanceof TRPCError ? (error.cause ?? error) : error) }, 'request failed');
    if (res.headersSent) res.destroy();
    else refuse(res, status, error instanceof TRPCError ? domainCodeOf(error) : null, requestId);
  }
}
