import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

/** The built web app (apps/web/dist) as files: content types, pre-compressed copies, caching. */

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  // PDF.js's worker (the original's viewer) keeps the module extension it ships with.
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
};

/**
 * The copies the web app's build writes beside each text file (vite-plugin-compression2), best
 * first: brotli is about a sixth smaller than gzip on our JavaScript.
 */
const ENCODINGS = [
  { name: 'br', suffix: '.br' },
  { name: 'gzip', suffix: '.gz' },
] as const;

export type Encoding = (typeof ENCODINGS)[number]['name'];

/**
 * The codings an Accept-Encoding header allows (RFC 9110 §12.5.3): listed without `q=0`, or covered by
 * `*` when not listed with `q=0`. We take the best one we have rather than the client's order: every
 * browser that accepts br ranks it no lower than gzip in practice, and it is the smaller.
 */
export function acceptedEncodings(header: string | undefined): ReadonlySet<Encoding> {
  const weights = new Map<string, number>();
  for (const part of (header ?? '').split(',')) {
    const [token = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    if (token === '') continue;
    const q = params.find((p) => p.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(token, Number.isNaN(weight) ? 0 : weight);
  }
  const accepted = new Set<Encoding>();
  for (const { name } of ENCODINGS) {
    const weight = weights.get(name) ?? (name === 'gzip' ? weights.get('x-gzip') : undefined) ?? weights.get('*') ?? 0;
    if (weight > 0) accepted.add(name);
  }
  return accepted;
}

/**
 * Serves a file of `root` (a folder already resolved), or index.html for a client route. Hashed files
 * under assets/ are cached for a year (their name changes with their content); everything else,
 * index.html, the service worker (sw.js) and the manifest above all, is revalidated on each visit so a
 * release is seen at once (a cached sw.js would keep phones on the old release's precache). Source maps are
 * never served: they would publish the whole source, and a build from before they were turned off may
 * still have them.
 */
export function serveWebFile(req: IncomingMessage, res: ServerResponse, root: string, pathname: string, headers: Record<string, string>): void {
  let file: string;
  try {
    file = normalize(join(root, decodeURIComponent(pathname)));
  } catch {
    file = join(root, 'index.html');
  }
  // Inside root itself, not a sibling folder whose name starts the same ("/srv/dist2" beside "/srv/dist").
  const inside = file.startsWith(root + sep);
  if (inside && extname(file) === '.map') {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    return;
  }
  if (!inside || !isFile(file)) file = join(root, 'index.html');
  // No web app at all (not built yet, or a deploy replacing dist/ at this moment): say so and keep
  // serving the API, rather than fail the whole process on the missing file.
  if (!isFile(file)) {
    res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'retry-after': '5' }).end('The web app is not built (npm run build:web).');
    return;
  }
  const immutable = file.startsWith(join(root, 'assets') + sep);
  const accepted = acceptedEncodings(req.headers['accept-encoding']);
  const encoding = ENCODINGS.find(({ name, suffix }) => accepted.has(name) && isFile(file + suffix));
  const sent = encoding ? file + encoding.suffix : file;
  res.writeHead(200, {
    ...headers,
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'content-length': String(statSync(sent).size),
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    // Caches between here and the browser must keep one copy per coding, whichever was sent this time.
    vary: 'Accept-Encoding',
    ...(encoding ? { 'content-encoding': encoding.name } : {}),
  });
  if (req.method === 'HEAD') res.end();
  else createReadStream(sent).pipe(res);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
