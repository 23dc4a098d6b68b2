/**
 * A browser's cookies for tests that call the server over HTTP: what each answer sets (a cookie set
 * with Max-Age=0 or emptied is dropped), and the headers a page sends back with them (the Cookie
 * header and the CSRF token the app echoes).
 */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  remember(response: Response): void {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const value = pair!.slice(eq + 1);
      if (/Max-Age=0/.test(line) || value === '') this.cookies.delete(pair!.slice(0, eq));
      else this.cookies.set(pair!.slice(0, eq), value);
    }
  }

  headers(): Record<string, string> {
    return { cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '), 'x-csrf-token': this.cookies.get('chidao_csrf') ?? '' };
  }
}
