import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SessionPort } from '@chidao/api';

const COOKIE = 'chidao_session';

/**
 * A signed cookie holding the user id: enough for the development sign-in. Real accounts,
 * expiry and CSRF protection belong to the identity work.
 */
export function createSessionCodec(secret: string) {
  const sign = (value: string) => createHmac('sha256', secret).update(value).digest('base64url');
  return {
    read(req: IncomingMessage): string | null {
      const raw = (req.headers.cookie ?? '')
        .split(';')
        .map((c) => c.trim())
        .find((c) => c.startsWith(`${COOKIE}=`))
        ?.slice(COOKIE.length + 1);
      if (!raw) return null;
      const dot = raw.lastIndexOf('.');
      if (dot < 1) return null;
      const value = decodeURIComponent(raw.slice(0, dot));
      const mac = Buffer.from(raw.slice(dot + 1));
      const expected = Buffer.from(sign(value));
      return mac.length === expected.length && timingSafeEqual(mac, expected) ? value : null;
    },
    port(req: IncomingMessage, res: ServerResponse): SessionPort {
      let userId = this.read(req);
      return {
        get userId() {
          return userId;
        },
        set(next) {
          userId = next;
          const cookie = next
            ? `${COOKIE}=${encodeURIComponent(next)}.${sign(next)}; Path=/; HttpOnly; SameSite=Strict`
            : `${COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`;
          res.appendHeader('Set-Cookie', cookie);
        },
      };
    },
  };
}
