import { createServer } from 'node:http';
import { escapeHtml } from '../text';
import { Listener } from './http';
import { startSmtpSink, type ReceivedEmail, type SmtpSink } from './smtp-sink';

/**
 * The demo's mailbox for `npm start`: the SMTP sink, and a small read-only web page that lists
 * what arrived (newest first) and shows one message. A message's HTML is someone else's markup
 * (ours, but built from user text), so it is served on its own URL under a CSP `sandbox` with no
 * script, and the page shows it in an iframe with an empty `sandbox` attribute: it can neither run
 * code nor reach the page around it. Listens on the loopback only.
 */

export interface DevMailboxOptions {
  /** Default 2525 (0: any free port). */
  readonly smtpPort?: number;
  /** Default 8025 (0: any free port). */
  readonly httpPort?: number;
  readonly host?: string;
}

export interface DevMailbox {
  readonly sink: SmtpSink;
  /** smtp://host:port: the SMTP_URL for the worker. */
  readonly smtpUrl: string;
  /** http://host:port/: the page to open. */
  readonly url: string;
  stop(): Promise<void>;
}

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
// `sandbox` without allow-scripts: the message's HTML is inert even if opened directly.
const MESSAGE_CSP = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";
const SECURITY = { 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer', 'Cache-Control': 'no-store' };

const STYLE = `body{font-family:system-ui,Arial,sans-serif;margin:0;color:#1f2328}header{background:#b3261e;color:#fff;padding:12px 20px}
h1{font-size:18px;margin:0}main{padding:16px 20px}table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:8px;border-bottom:1px solid #d0d7de;font-size:14px}
a{color:#0b57d0}iframe{width:100%;height:70vh;border:1px solid #d0d7de}pre{white-space:pre-wrap;background:#f6f8fa;padding:12px}.meta{color:#57606a;font-size:13px}`;

function page(title: string, body: string, refreshSeconds?: number): string {
  const refresh = refreshSeconds ? `<meta http-equiv="refresh" content="${refreshSeconds}">` : '';
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8">${refresh}<meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><header><h1>Hộp thư thử nghiệm — ${escapeHtml(title)}</h1></header><main>${body}</main></body></html>`;
}

function time(date: Date): string {
  return date.toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' });
}

function listPage(messages: readonly ReceivedEmail[]): string {
  const rows = [...messages]
    .reverse()
    .map((m) => `<tr><td><a href="/messages/${m.id}">${escapeHtml(m.subject || '(không tiêu đề)')}</a></td><td>${escapeHtml(m.to.join(', '))}</td><td>${escapeHtml(time(m.receivedAt))}</td></tr>`)
    .join('');
  const table = rows
    ? `<table><thead><tr><th>Tiêu đề</th><th>Người nhận</th><th>Thời gian</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p>Chưa có thư nào. Thư gửi đi từ ứng dụng sẽ hiện ở đây.</p>';
  // Reloads itself, so a demo watches the e-mail arrive.
  return page(`${messages.length} thư`, `<p class="meta">Trang tự tải lại mỗi 5 giây.</p>${table}`, 5);
}

function messagePage(m: ReceivedEmail): string {
  const view = m.html !== null ? `<iframe sandbox="" src="/messages/${m.id}/html" title="Nội dung thư"></iframe>` : '';
  return page(
    m.subject || '(không tiêu đề)',
    `<p><a href="/">← Tất cả thư</a></p><p class="meta">Từ: ${escapeHtml(m.from)}<br>Đến: ${escapeHtml(m.to.join(', '))}<br>Lúc: ${escapeHtml(time(m.receivedAt))}<br>Message-ID: ${escapeHtml(m.messageId ?? '')}</p>${view}<h2>Bản văn bản</h2><pre>${escapeHtml(m.text)}</pre>`,
  );
}

export async function startDevMailbox(options: DevMailboxOptions = {}): Promise<DevMailbox> {
  const host = options.host ?? '127.0.0.1';
  const sink = await startSmtpSink({ port: options.smtpPort ?? 2525, host });
  const server = createServer((req, res) => {
    const send = (status: number, type: string, body: string, csp = PAGE_CSP) => {
      res.writeHead(status, { 'Content-Type': `${type}; charset=utf-8`, 'Content-Security-Policy': csp, ...SECURITY });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'text/plain', 'read only');
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/') return send(200, 'text/html', listPage(sink.messages));
    if (path === '/messages.json') {
      return send(200, 'application/json', JSON.stringify([...sink.messages].reverse().map(({ headers: _headers, ...m }) => m)));
    }
    const match = /^\/messages\/([0-9]{1,12})(\/html)?$/.exec(path ?? '');
    const message = match ? sink.messages.find((m) => m.id === Number(match[1])) : undefined;
    if (!match || !message) return send(404, 'text/plain', 'không có thư này');
    if (match[2]) return send(200, 'text/html', message.html ?? '', MESSAGE_CSP);
    return send(200, 'text/html', messagePage(message));
  });
  const listener = new Listener(server, options.httpPort ?? 8025, host);
  try {
    await listener.start();
  } catch (error) {
    await sink.stop();
    throw error;
  }
  return {
    sink,
    get smtpUrl() {
      return sink.url;
    },
    get url() {
      return `http://${host}:${listener.address.port}/`;
    },
    async stop() {
      await Promise.all([listener.stop(), sink.stop()]);
    },
  };
}
