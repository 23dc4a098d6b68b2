/**
 * How many calls one HTTP request to the API may carry, and which may not share one: the server
 * refuses other batches (400 BATCH_REFUSED) before any call runs, and the web app's client splits its
 * requests to match. Batching saves round trips for reads; it must not multiply what a limit counts.
 */

/** The most calls one batched request may carry. */
export const MAX_BATCH_CALLS = 10;

/**
 * Routers whose procedures go one per request: sign-in is throttled per attempt and sets cookies,
 * intake parses a whole dispatch.
 */
export const UNBATCHED_ROUTERS = ['session', 'intake'] as const;

/**
 * The procedures that take a file (a dispatch's PDF or scan, a roster of accounts, a report's
 * attachment): each goes alone, and only they may send a body as large as a file needs (the API
 * server's UPLOAD_BODY_BYTES; ATTACHMENT_BODY_BYTES for an attachment).
 */
export const UPLOAD_PROCEDURES: readonly string[] = ['intake.parse', 'admin.importPreview', 'admin.importApply', 'directives.attachOriginal', 'attachments.upload'];

/** Whether the procedure at `path` (`router.procedure`) may travel in a batch. */
export function mayBatch(path: string): boolean {
  return !UNBATCHED_ROUTERS.some((router) => path.startsWith(`${router}.`)) && !UPLOAD_PROCEDURES.includes(path);
}

/** Why a batch of `paths` is refused, or null when it may run. */
export function batchRefusal(paths: readonly string[]): 'too_many_calls' | 'unbatched_procedure' | null {
  if (paths.length > MAX_BATCH_CALLS) return 'too_many_calls';
  return paths.every(mayBatch) ? null : 'unbatched_procedure';
}
