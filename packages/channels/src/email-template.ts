import type { OutgoingMessage } from './channel';
import { escapeHtml, oneLine } from './text';

/**
 * The e-mail a notification becomes: the same content as text and as HTML, Vietnamese, with the
 * deep link as a button and a footer that says why the person gets it and where to change that
 * (a notice with no way out reads as spam, to people and to filters).
 */

export interface EmailTemplateOptions {
  /** The product's name as people know it, in the footer. */
  readonly appName: string;
  /** The web app's address (no trailing `#/…`): the footer's link to the notification settings. */
  readonly appUrl: string;
}

export interface RenderedEmail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export const OPEN_IN_APP = 'Mở trong ứng dụng';
export const SETTINGS_LABEL = 'Đổi cách nhận thông báo';

/** The notification-settings page of the app at `appUrl`. */
export function settingsUrl(appUrl: string): string {
  let base = appUrl;
  while (base.endsWith('/')) base = base.slice(0, -1);
  return `${base}/#/settings/notifications`;
}

/**
 * A body's blocks: paragraphs, and runs of lines that start with "-", "*" or "•" as a list (a
 * digest is one line per item). Blank lines only separate.
 */
type Block = { kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] };

const BULLET = /^[-*•]\s+/;

function blocks(body: string): Block[] {
  const result: Block[] = [];
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.length === 0) continue;
    if (BULLET.test(line)) {
      const item = line.replace(BULLET, '');
      const last = result.at(-1);
      if (last?.kind === 'list') last.items.push(item);
      else result.push({ kind: 'list', items: [item] });
    } else {
      result.push({ kind: 'paragraph', text: line });
    }
  }
  return result;
}

export function renderEmail(message: Pick<OutgoingMessage, 'title' | 'body' | 'link'>, options: EmailTemplateOptions): RenderedEmail {
  const subject = oneLine(message.title);
  const settings = settingsUrl(options.appUrl);
  const why = `Bạn nhận thư này vì bạn có việc trong ${options.appName} và đã chọn nhận thông báo qua thư điện tử.`;
  const parts = blocks(message.body);

  const textBody = parts.map((b) => (b.kind === 'paragraph' ? b.text : b.items.map((i) => `  • ${i}`).join('\n'))).join('\n\n');
  const text = [subject, '', textBody, '', `${OPEN_IN_APP}: ${message.link}`, '', '-- ', why, `${SETTINGS_LABEL}: ${settings}`, ''].join('\n');

  const htmlBody = parts
    .map((b) =>
      b.kind === 'paragraph'
        ? `<p style="margin:0 0 12px">${escapeHtml(b.text)}</p>`
        : `<ul style="margin:0 0 12px;padding-left:20px">${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`,
    )
    .join('\n');
  const html = `<!doctype html>
<html lang="vi">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1f2328">
<div style="max-width:600px;margin:0 auto;background:#ffffff;border-radius:6px;padding:24px">
<h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(subject)}</h1>
${htmlBody}
<p style="margin:24px 0"><a href="${escapeHtml(message.link)}" style="display:inline-block;background:#b3261e;color:#ffffff;text-decoration:none;padding:10px 18px;border-radius:4px;font-weight:bold">${OPEN_IN_APP}</a></p>
<p style="margin:0 0 12px;font-size:13px;color:#57606a">Nếu nút không mở được, hãy chép đường dẫn này vào trình duyệt: <span style="word-break:break-all">${escapeHtml(message.link)}</span></p>
<hr style="border:none;border-top:1px solid #d0d7de;margin:24px 0 12px">
<p style="margin:0;font-size:12px;color:#57606a">${escapeHtml(why)}<br>${SETTINGS_LABEL}: <a href="${escapeHtml(settings)}" style="color:#57606a">${escapeHtml(settings)}</a></p>
</div>
</body>
</html>
`;
  return { subject, text, html };
}
