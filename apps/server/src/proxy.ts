import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * Which reverse proxies in front of the server to believe about the client: none (false), the nearest
 * `n` hops, or those at these addresses. Each proxy appends the address it was reached from to
 * X-Forwarded-For (and the scheme to X-Forwarded-Proto): entries from the right were written by our
 * proxies, entries further left by whoever sent the request, so only the right may be believed.
 */
export type TrustProxy = false | number | readonly string[];

/** More hops than any deployment of ours has; a larger count is more likely a typo. */
export const MAX_PROXY_HOPS = 10;

/**
 * TRUST_PROXY's value: off (empty, 0, false, off), one proxy (1, true, on), a number of hops, or a
 * comma list of the proxies' IP addresses; null when it is none of these.
 */
export function parseTrustProxy(value: string): TrustProxy | null {
  const text = value.trim().toLowerCase();
  if (['', '0', 'false', 'off'].includes(text)) return false;
  if (['1', 'true', 'on'].includes(text)) return 1;
  if (/^\d+$/.test(text)) return Number(text) <= MAX_PROXY_HOPS ? Number(text) : null;
  const addresses = text.split(',').map((a) => a.trim());
  return addresses.every((a) => isIP(a) !== 0) ? addresses.map(plainAddress) : null;
}

/** An IPv4 address as a dual-stack socket reports it (::ffff:10.0.0.2) is that IPv4 address. */
function plainAddress(address: string): string {
  return address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
}

/** A header's comma-separated entries, trimmed, empty ones dropped (repeated headers arrive joined). */
function entries(req: IncomingMessage, name: string): string[] {
  const value = req.headers[name];
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).split(',').map((e) => e.trim()).filter((e) => e !== '');
}

/**
 * Who sent the request, as far as `trust` allows: the address after the trusted hops (counting from
 * the server's peer), and the scheme the outermost trusted proxy was reached over (null: not known
 * from a trusted proxy). With fewer entries than trusted hops, the leftmost is the best there is.
 */
export function forwarded(req: IncomingMessage, trust: TrustProxy): { readonly address: string | null; readonly proto: string | null } {
  const peer = req.socket.remoteAddress ? plainAddress(req.socket.remoteAddress) : null;
  if (trust === false || peer === null) return { address: peer, proto: null };
  // Nearest first: the peer, then X-Forwarded-For from the right.
  const hops = [peer, ...entries(req, 'x-forwarded-for').reverse().map(plainAddress)];
  let trusted = 0;
  if (typeof trust === 'number') trusted = trust;
  else while (trusted < hops.length && trust.includes(hops[trusted]!)) trusted++;
  const protos = entries(req, 'x-forwarded-proto');
  return {
    address: hops[Math.min(trusted, hops.length - 1)]!,
    proto: trusted === 0 || protos.length === 0 ? null : protos[Math.max(0, protos.length - trusted)]!.toLowerCase(),
  };
}
