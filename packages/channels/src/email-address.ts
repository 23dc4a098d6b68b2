/**
 * What we accept as a recipient's e-mail address: one plain addr-spec (local@domain), checked before
 * any connection is made, so a typo in a profile is refused at once (INVALID_ADDRESS) rather than
 * bounced by a server later, and so nothing in it can add a recipient or a header (a comma, a
 * bracket, CR/LF) once it is in the SMTP envelope.
 *
 * Deliberately narrower than RFC 5322 (no quoted local parts, no comments, no IP-literal domains):
 * nobody in a provincial office has such an address, and each of those forms is a way to smuggle
 * something past a check.
 */

/** RFC 5321: 64 octets for the local part, 254 for the whole path. */
const MAX_LOCAL = 64;
const MAX_ADDRESS = 254;

// atext of RFC 5322 (letters, digits and these marks), with dots between, never two in a row.
const LOCAL_PART = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
// A domain label: letters (Unicode too: nodemailer turns an IDN into punycode), digits, inner hyphens.
const LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/** The address, trimmed, when it is one we send to; null otherwise. */
export function validEmailAddress(input: string): string | null {
  const address = input.trim();
  if (address.length === 0 || address.length > MAX_ADDRESS) return null;
  const at = address.lastIndexOf('@');
  if (at <= 0 || at !== address.indexOf('@')) return null;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > MAX_LOCAL || !LOCAL_PART.test(local)) return null;
  const labels = domain.split('.');
  // A bare host (user@localhost) is fine for a local test server; a real domain has a dot.
  if (labels.some((label) => !LABEL.test(label))) return null;
  return address;
}

export interface Mailbox {
  readonly name: string | null;
  readonly address: string;
}

/** `Theo dõi chỉ đạo <no-reply@example.gov.vn>` or a bare address; null when malformed. */
export function parseMailbox(input: string): Mailbox | null {
  const text = input.trim();
  if (/[\r\n]/.test(text)) return null;
  if (!text.endsWith('>')) {
    const address = validEmailAddress(text);
    return address === null ? null : { name: null, address };
  }
  const open = text.lastIndexOf('<');
  if (open < 0) return null;
  const address = validEmailAddress(text.slice(open + 1, -1));
  const name = text.slice(0, open).trim().replace(/^"(.*)"$/, '$1');
  if (address === null || /[<>"]/.test(name)) return null;
  return { name: name.length > 0 ? name : null, address };
}
