/** How long the worker waits for each of its connections to close once its workers have stopped. */
export const CLOSE_WITHIN_MS = 5_000;

/** Runs `close`; true when it settled (done or failed) within `ms`, false when it was still waiting. */
export async function closeWithin(close: () => Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), ms);
  });
  try {
    return await Promise.race([close().then(() => true, () => true), late]);
  } finally {
    clearTimeout(timer);
  }
}
