import { createTransport } from 'nodemailer';
import { TransientChannelError, type Channel, type OutgoingMessage, type SendOutcome } from './channel';
import { parseMailbox, validEmailAddress, type Mailbox } from './email-address';
import { renderEmail } from './email-template';
import { bounded, httpUrl, LIMITS } from './text';

/**
 * E-mail over SMTP with nodemailer's pool: a few long-lived connections to the relay instead of a
 * handshake per notification (a reminder run sends hundreds at once).
 */

export interface EmailChannelOptions {
  /** smtp://user:pass@host:587 or smtps://host:465 (nodemailer's connection URL). */
  readonly url: string;
  /** `Name <address>` or an address: the From of every notice; its domain names the Message-IDs. */
  readonly from: string;
  /** The product's name in the footer. Default "Theo dõi chỉ đạo". */
  readonly appName?: string;
  /** The web app's address for the footer's settings link. Default: the message's link without its `#…`. */
  readonly appUrl?: string;
  /** At most this many connections at once. Default 3. */
  readonly maxConnections?: number;
  /**
   * How long to wait for the TCP connection, the server's greeting, and any later reply; a server
   * that hangs costs at most this, then the send fails as transient. Defaults 10 s, 10 s, 30 s.
   */
  readonly timeouts?: { readonly connectionMs?: number; readonly greetingMs?: number; readonly socketMs?: number };
}

/**
 * The Message-ID of the delivery with this key: `<key@domain>`, the key written with atext only
 * (RFC 5322 §3.6.4: id-left is a dot-atom-text). Letters, digits, "-" and "_" stay; every other
 * character becomes "=" and its UTF-8 bytes in hex, "=" included, so two keys never share an id.
 * A resend after a crash carries the same Message-ID, and mail clients and servers that
 * deduplicate on it show the notice once.
 */
export function messageIdFor(key: string, fromAddress: string): string {
  let left = '';
  for (const byte of Buffer.from(key, 'utf8')) {
    const c = String.fromCharCode(byte);
    left += /^[A-Za-z0-9_-]$/.test(c) ? c : `=${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1).toLowerCase();
  return `<${left}@${domain}>`;
}

export function createEmailChannel(options: EmailChannelOptions): Channel {
  const parsedFrom = parseMailbox(options.from);
  if (parsedFrom === null) throw new Error(`E-mail channel: "from" is not a mailbox: ${JSON.stringify(options.from)}`);
  const from: Mailbox = parsedFrom;
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw new Error('E-mail channel: "url" is not a URL (smtp://host:port or smtps://host:port)');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new Error(`E-mail channel: "url" must be smtp:// or smtps://, not ${url.protocol}//`);
  const appName = options.appName ?? 'Theo dõi chỉ đạo';

  const transport = createTransport({
    url: options.url,
    pool: true,
    maxConnections: options.maxConnections ?? 3,
    connectionTimeout: options.timeouts?.connectionMs ?? 10_000,
    greetingTimeout: options.timeouts?.greetingMs ?? 10_000,
    socketTimeout: options.timeouts?.socketMs ?? 30_000,
    // The message is built from our strings only; never let it read a file or fetch a URL.
    disableFileAccess: true,
    disableUrlAccess: true,
  });

  async function send(message: OutgoingMessage): Promise<SendOutcome> {
    if (typeof message.to !== 'string') return { ok: false, code: 'INVALID_ADDRESS', reason: 'an e-mail needs an address, not a push subscription' };
    const to = validEmailAddress(message.to);
    if (to === null) return { ok: false, code: 'INVALID_ADDRESS', reason: `not an e-mail address we send to: ${JSON.stringify(bounded(message.to, 80))}` };
    if (message.key.length === 0 || message.key.length > LIMITS.key) return { ok: false, code: 'REJECTED', reason: `the key must have 1 to ${LIMITS.key} characters` };
    const link = httpUrl(message.link);
    if (link === null) return { ok: false, code: 'REJECTED', reason: 'the link is not an absolute http(s) URL' };

    const appUrl = options.appUrl ?? `${link.origin}${link.pathname}`;
    const rendered = renderEmail(
      { title: bounded(message.title, LIMITS.title), body: bounded(message.body, LIMITS.body), link: link.href },
      { appName, appUrl },
    );
    const messageId = messageIdFor(message.key, from.address);
    try {
      const info = await transport.sendMail({
        from: from.name === null ? from.address : { name: from.name, address: from.address },
        to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        messageId,
        headers: {
          // RFC 3834: machine-made, so vacation responders and the like do not answer it.
          'Auto-Submitted': 'auto-generated',
          'X-Auto-Response-Suppress': 'All',
        },
      });
      if (info.rejected.length > 0) return { ok: false, code: 'INVALID_ADDRESS', reason: `the server refused the recipient: ${String(info.response ?? '')}` };
      return { ok: true, providerId: messageId };
    } catch (error) {
      return classify(error);
    }
  }

  return {
    name: 'email',
    send,
    async close() {
      transport.close();
    },
  };
}

interface SmtpError {
  readonly code?: string;
  readonly responseCode?: number;
  readonly command?: string;
  readonly response?: string;
  readonly message?: string;
}

/**
 * A failed send, sorted: a reply in 4xx, or no reply at all (refused, reset, timed out), is worth
 * another try later; a 5xx to RCPT TO is the recipient's address; any other 5xx is the server
 * refusing this message (its size, its content, our credentials), which a retry gets again.
 */
function classify(error: unknown): SendOutcome {
  const e = (error ?? {}) as SmtpError;
  const reply = e.response ?? e.message ?? String(error);
  const code = e.responseCode;
  if (code === undefined || code < 500 || code === 503) {
    // 503 is "bad sequence of commands": the session's state, not the message (nodemailer agrees).
    throw new TransientChannelError(`SMTP: ${e.code ?? 'error'}${code ? ` ${code}` : ''}: ${reply}`, null, { cause: error });
  }
  if (e.command === 'RCPT TO') return { ok: false, code: 'INVALID_ADDRESS', reason: `SMTP ${code}: ${reply}` };
  return { ok: false, code: 'REJECTED', reason: `SMTP ${code}${e.command ? ` to ${e.command}` : ''}: ${reply}` };
}
