/** The cookie the server puts the CSRF token in, and the header every request echoes it in. */
export const CSRF_COOKIE = 'chidao_csrf';
export const CSRF_HEADER = 'x-csrf-token';

/** A cookie's value from a `document.cookie` string; null when absent. */
export function cookieValue(cookies: string, name: string): string | null {
  for (const part of cookies.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/** Headers for a request: the CSRF token read fresh each time (sign-in and sign-out replace it). */
export function csrfHeaders(cookies: string): Record<string, string> {
  const token = cookieValue(cookies, CSRF_COOKIE);
  return token ? { [CSRF_HEADER]: token } : {};
}
