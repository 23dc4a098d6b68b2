import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Piscina from 'piscina';
import { IntakeError } from './errors';
import { isScanFile, type PagePreview } from './files/document';
import type { DispatchDraft } from './types';
import type { IntakeJob, IntakeJobResult, PoolJob } from './worker';

export interface IntakePoolOptions {
  /** Worker threads reading documents at once. */
  readonly threads?: number;
  /** Jobs waiting for a thread; past it a request is told INTAKE_BUSY. */
  readonly queue?: number;
  /** Time one document may take (read and parse), in ms; past it the thread is stopped. */
  readonly timeoutMs?: number;
  /**
   * Time a PDF or a picture may take, in ms: OCR reads a page in 2–5 s on an idle core, several times
   * that on a busy one, and a scan may have 10 pages. A bound against a hostile file, not the time a
   * scan is expected to take. Its programs are killed a second before it, so that the job says why;
   * the thread is stopped at it.
   */
  readonly scanTimeoutMs?: number;
  /** Heap one thread may use, in MiB; past it the thread dies and the job is DOCUMENT_TOO_COMPLEX. */
  readonly memoryMb?: number;
}

export const INTAKE_POOL_DEFAULTS = { threads: 1, queue: 4, timeoutMs: 10_000, scanTimeoutMs: 180_000, memoryMb: 256 } as const;

/** Reads pasted or uploaded dispatches off the caller's event loop; see createIntakePool. */
export interface IntakeReader {
  /** `pages`: pictures of the first pages of a PDF or of a picture, to show beside the form. */
  read(job: Exclude<IntakeJob, { table: unknown }>): Promise<{ text: string; draft: DispatchDraft; pages: readonly PagePreview[] }>;
  /** A roster file's cells (table.ts), under the same thread, time and memory bounds as a dispatch. */
  readTable(file: { readonly name: string; readonly bytes: Uint8Array }): Promise<string[][]>;
  close(): Promise<void>;
}

/**
 * A pool of worker threads that read and parse dispatches, so that a hostile document costs one
 * job, never the server: each job runs under a time budget and each thread under a heap cap; a
 * thread that runs out of either is replaced. Errors are IntakeErrors: what the document broke
 * (DOCUMENT_TOO_LARGE, DOCUMENT_TOO_COMPLEX, NOT_A_DISPATCH, UNSUPPORTED_FILE) or INTAKE_BUSY
 * when the queue is full.
 */
export function createIntakePool(options: IntakePoolOptions = {}): IntakeReader {
  const { threads, queue, timeoutMs, scanTimeoutMs, memoryMb } = { ...INTAKE_POOL_DEFAULTS, ...options };
  const pool = new Piscina<PoolJob, IntakeJobResult>({
    filename: fileURLToPath(new URL('./worker.ts', import.meta.url)),
    // The worker is TypeScript, as the rest of the package: tsx's loader, and nothing of the host's
    // own flags (a worker refuses process-wide ones).
    execArgv: ['--import', tsxLoader()],
    // Threads are started with the pool and kept: starting one (Node, tsx, the readers' modules) takes
    // seconds on a busy machine, which a document's time budget must not pay.
    minThreads: threads,
    maxThreads: threads,
    resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: Math.min(64, Math.ceil(memoryMb / 4)), stackSizeMb: 4 },
  });
  // A thread that dies with no job of its own left (its job was stopped at the time budget, then the
  // thread ran out of heap before it was gone) has nobody to answer: its job was already refused as
  // DOCUMENT_TOO_COMPLEX, and piscina replaces the thread. Piscina says so as an 'error' event of the
  // pool, which, unheard, would end the whole server.
  pool.on('error', () => undefined);
  // Counted here, not by piscina's maxQueue: a task with an abort signal skips the queue it bounds.
  let inFlight = 0;
  const run = async (job: IntakeJob): Promise<IntakeJobResult & { ok: true }> => {
    if (inFlight >= threads + queue) throw new IntakeError('INTAKE_BUSY', 'Too many documents are being read; try again in a moment.');
    const scan = 'file' in job && isScanFile(job.file.name);
    const own = scan ? scanTimeoutMs : timeoutMs;
    // The budget is for reading, not for waiting: one more for each round of jobs ahead of this one
    // (each may be a scan).
    const budget = own + Math.max(timeoutMs, scanTimeoutMs) * Math.floor(inFlight / threads);
    inFlight++;
    let result: IntakeJobResult;
    // A scan's pages are drawn in a folder of the job's, removed here: a stopped thread cleans up nothing.
    let workDir: string | undefined;
    try {
      if (scan) workDir = await mkdtemp(join(tmpdir(), 'chidao-intake-'));
      result = await pool.run({ ...job, budgetMs: Math.max(own - 1000, own / 2), ...(workDir ? { workDir } : {}) }, { signal: AbortSignal.timeout(budget) });
    } catch (error) {
      throw poolFailure(error, own);
    } finally {
      inFlight--;
      if (workDir) await rm(workDir, { recursive: true, force: true });
    }
    if (!result.ok) throw new IntakeError(result.code, result.message);
    return result;
  };
  return {
    async read(job) {
      const result = await run(job);
      if (!('draft' in result)) throw new Error('The intake pool answered a dispatch with a table');
      return { text: result.text, draft: result.draft, pages: result.pages };
    },
    async readTable(file) {
      const result = await run({ table: file });
      if (!('rows' in result)) throw new Error('The intake pool answered a table with a dispatch');
      return result.rows;
    },
    close: () => pool.close({ force: true }),
  };
}

function poolFailure(error: unknown, timeoutMs: number): unknown {
  const e = error as { name?: string; code?: string; message?: string };
  if (e.name === 'AbortError' || e.name === 'TimeoutError') {
    return new IntakeError('DOCUMENT_TOO_COMPLEX', `The document took more than ${timeoutMs / 1000} s to read.`);
  }
  if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') return new IntakeError('DOCUMENT_TOO_COMPLEX', 'The document needs more memory than a dispatch may.');
  return error;
}

function tsxLoader(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
}
