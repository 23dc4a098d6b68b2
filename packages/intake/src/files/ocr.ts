import { spawn } from 'node:child_process';
import { IntakeError } from '../errors';
import type { LayoutBox } from '../types';
import { columnsFirst, type PageLine } from './layout';

/**
 * Limits of the programs OCR runs: Debian's poppler-utils (pdftoppm, a PDF page to a picture) and
 * tesseract-ocr with tesseract-ocr-vie. Each runs as a child process of the worker thread, one at a
 * time, under an address-space cap and the job's remaining time, and is killed past either.
 */
export interface OcrLimits {
  /** Address space of one child, in MiB (prlimit --as). */
  readonly memoryMb: number;
  /** Longest side, in pixels, a page is rendered at for OCR: about 280 dpi on A4. */
  readonly renderPixels: number;
  /** Longest side of the picture of a page shown beside the form. */
  readonly previewPixels: number;
  /** Pixels of an uploaded picture (width × height), and of its longest side. */
  readonly imagePixels: number;
  readonly imageSide: number;
  /** Bytes a child may print; more is a document no dispatch is. */
  readonly outputBytes: number;
}

export const OCR_LIMITS: OcrLimits = {
  memoryMb: 1024,
  renderPixels: 3300,
  previewPixels: 1000,
  imagePixels: 40_000_000,
  imageSide: 12_000,
  outputBytes: 16 * 1024 * 1024,
};

/** Packages that install the programs, for the message when they are missing. */
export const OCR_PACKAGES = 'tesseract-ocr tesseract-ocr-vie poppler-utils';

/**
 * Runs one program under the limits and the time left until `deadline` (epoch ms); its standard
 * output. A program that runs out of time is DOCUMENT_TOO_COMPLEX: a document that takes longer
 * than the budget is one to split, not to wait for.
 */
export function runBounded(command: string, args: readonly string[], deadline: number, limits: OcrLimits = OCR_LIMITS): Promise<Buffer> {
  const timeout = deadline - Date.now();
  if (timeout <= 0) return Promise.reject(tooSlow());
  return new Promise((resolve, reject) => {
    // prlimit (util-linux) sets the caps in the child before it runs the program; OMP_THREAD_LIMIT
    // keeps tesseract to one core, as the pool keeps parsing to its threads.
    const child = spawn('prlimit', [`--as=${limits.memoryMb * 1024 * 1024}`, `--cpu=${Math.ceil(timeout / 1000) + 1}`, '--', command, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', OMP_THREAD_LIMIT: '1', LC_ALL: 'C.UTF-8' },
      timeout,
      killSignal: 'SIGKILL',
    });
    const out: Buffer[] = [];
    let size = 0;
    let stderr = '';
    let overflow = false;
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.outputBytes) {
        overflow = true;
        child.kill('SIGKILL');
      } else out.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 4096) stderr += chunk.toString('utf8');
    });
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new Error(`prlimit is not installed (util-linux); OCR runs ${command} under it`) : error),
    );
    child.on('close', (code, signal) => {
      if (overflow) return reject(new IntakeError('DOCUMENT_TOO_COMPLEX', 'The document gives more than a dispatch could.'));
      if (signal === 'SIGXCPU' || (signal !== null && Date.now() >= deadline - 50)) return reject(tooSlow());
      // Past the address-space cap a program dies of a signal, or fails to map, allocate or start a thread.
      if (signal !== null || /alloc|memory|failed to map|Thread creation failed/i.test(stderr)) return reject(tooBig());
      if (/failed to execute/.test(stderr)) return reject(new Error(`${command} is not installed: apt-get install ${OCR_PACKAGES}`));
      if (code !== 0) return reject(Object.assign(new Error(`${command} exited with ${code}: ${stderr.trim()}`), { exitCode: code, stderr }));
      resolve(Buffer.concat(out));
    });
  });
}

const tooBig = () => new IntakeError('DOCUMENT_TOO_COMPLEX', 'The document needs more memory to read than a dispatch may.');
const tooSlow = () => new IntakeError('DOCUMENT_TOO_COMPLEX', 'The document takes longer to read than a dispatch may.');

/** One page of a PDF on disk as a picture: grey PNG for OCR, or a small JPEG to show. */
export async function renderPage(pdfPath: string, page: number, purpose: 'ocr' | 'preview', deadline: number, limits: OcrLimits = OCR_LIMITS): Promise<Buffer> {
  const format = purpose === 'ocr' ? ['-gray', '-png'] : ['-jpeg', '-jpegopt', 'quality=70'];
  const side = purpose === 'ocr' ? limits.renderPixels : limits.previewPixels;
  try {
    // -scale-to bounds the picture whatever size the page claims to be; with no output name it is printed.
    return await runBounded('pdftoppm', ['-f', String(page), '-l', String(page), '-scale-to', String(side), ...format, '-singlefile', pdfPath], deadline, limits);
  } catch (error) {
    if ((error as { exitCode?: number }).exitCode !== undefined) throw new IntakeError('UNSUPPORTED_FILE', `Page ${page} cannot be drawn.`);
    throw error;
  }
}

/** The lines tesseract reads in a picture on disk, each with its box and its words' mean confidence. */
export async function ocrPicture(
  picturePath: string,
  page: number,
  deadline: number,
  limits: OcrLimits = OCR_LIMITS,
): Promise<{ lines: PageLine[]; confidence: number | null }> {
  let tsv: string;
  try {
    tsv = (await runBounded('tesseract', [picturePath, 'stdout', '-l', 'vie', '--psm', '3', 'tsv'], deadline, limits)).toString('utf8');
  } catch (error) {
    if ((error as { exitCode?: number }).exitCode !== undefined) throw new IntakeError('UNSUPPORTED_FILE', `Page ${page} is not a picture OCR can read.`);
    throw error;
  }
  return linesOfTsv(tsv, page);
}

/**
 * Tesseract's TSV: a row per page, block, paragraph, line and word (level 1–5), each with its box in
 * pixels; words carry a confidence. Words are joined into their lines; the page's confidence is the
 * mean over its words, so a page of a few bad words counts them as the few they are.
 */
export function linesOfTsv(tsv: string, page: number): { lines: PageLine[]; confidence: number | null } {
  let pageWidth = 1;
  let pageHeight = 1;
  interface Segment {
    left: number;
    top: number;
    right: number;
    bottom: number;
    words: string[];
    confs: number[];
  }
  // A line of tesseract's is cut where a gap between words is wider than three times the line's
  // height: tesseract may read the two columns of a header as one line.
  const segments: Segment[] = [];
  const lineHeight = new Map<string, number>();
  let open: { key: string; segment: Segment } | null = null;
  let total = 0;
  let count = 0;
  for (const row of tsv.split('\n').slice(1)) {
    const cells = row.split('\t');
    if (cells.length < 12) continue;
    const [level, , block, par, line, , left, top, width, height, conf] = cells.slice(0, 11).map(Number) as number[];
    const text = cells.slice(11).join('\t').trim();
    const key = `${block}.${par}.${line}`;
    if (level === 1) {
      pageWidth = width! || 1;
      pageHeight = height! || 1;
    } else if (level === 4) {
      lineHeight.set(key, height!);
    } else if (level === 5 && text !== '') {
      const gap = open && open.key === key ? left! - open.segment.right : Infinity;
      if (!open || open.key !== key || gap > 3 * (lineHeight.get(key) ?? height!)) {
        open = { key, segment: { left: left!, top: top!, right: left! + width!, bottom: top! + height!, words: [], confs: [] } };
        segments.push(open.segment);
      }
      const s = open.segment;
      s.words.push(text);
      s.top = Math.min(s.top, top!);
      s.right = Math.max(s.right, left! + width!);
      s.bottom = Math.max(s.bottom, top! + height!);
      if (conf! >= 0) {
        s.confs.push(conf!);
        total += conf!;
        count++;
      }
    }
  }
  const mean = (values: readonly number[]) => (values.length === 0 ? null : Math.round(values.reduce((a, b) => a + b, 0) / values.length));
  const lines = segments.map((s) => ({
    text: s.words.join(' '),
    page,
    box: { x: round(s.left / pageWidth), y: round(s.top / pageHeight), width: round((s.right - s.left) / pageWidth), height: round((s.bottom - s.top) / pageHeight) },
    confidence: mean(s.confs),
  }));
  return { lines: columnsFirst(lines), confidence: count === 0 ? null : Math.round(total / count) };
}

const round = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 10_000) / 10_000;

/**
 * The size of a PNG or JPEG from its header, before any program decodes it: a picture of a few
 * kilobytes can claim a billion pixels (a decompression bomb). UNSUPPORTED_FILE when the bytes are
 * neither; DOCUMENT_TOO_LARGE when the picture is larger than a scanned page.
 */
export function checkPicture(name: string, bytes: Uint8Array, limits: OcrLimits = OCR_LIMITS): { type: 'png' | 'jpeg'; width: number; height: number } {
  const size = pictureSize(bytes);
  if (size === null) throw new IntakeError('UNSUPPORTED_FILE', `${name} is not a PNG or JPEG picture.`);
  if (size.width === 0 || size.height === 0) throw new IntakeError('UNSUPPORTED_FILE', `${name} is an empty picture.`);
  if (size.width > limits.imageSide || size.height > limits.imageSide || size.width * size.height > limits.imagePixels) {
    throw new IntakeError('DOCUMENT_TOO_LARGE', `${name} is ${size.width} × ${size.height} pixels; a scanned page has at most ${limits.imagePixels / 1_000_000} million.`);
  }
  return size;
}

function pictureSize(b: Uint8Array): { type: 'png' | 'jpeg'; width: number; height: number } | null {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (b.length >= 24 && PNG.every((v, i) => b[i] === v)) {
    // The first chunk is IHDR: width and height, big-endian, at 16 and 20.
    if (String.fromCharCode(...b.subarray(12, 16)) !== 'IHDR') return null;
    return { type: 'png', width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    // Segment by segment to the frame header (SOF0–SOF15 but DHT, JPG and DAC), which gives the size.
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1]!;
      if (marker === 0xff) {
        i++;
        continue;
      }
      const length = view.getUint16(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { type: 'jpeg', height: view.getUint16(i + 5), width: view.getUint16(i + 7) };
      }
      if (length < 2) return null;
      i += 2 + length;
    }
  }
  return null;
}
