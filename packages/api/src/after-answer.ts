/**
 * Work a procedure does after its answer has gone, so that the answer's time says nothing about it
 * (a password reset that finds an account takes no longer to answer than one that finds none).
 * Kept track of, so that a test or a graceful shutdown can wait until it has all finished.
 */
export class AfterAnswer {
  readonly #pending = new Set<Promise<void>>();

  /** Starts `work` now, without waiting for it; a failure goes to `onError`, never to the caller. */
  run(work: () => Promise<void>, onError: (error: unknown) => void): void {
    const running: Promise<void> = Promise.resolve()
      .then(work)
      .catch(onError)
      .finally(() => this.#pending.delete(running));
    this.#pending.add(running);
  }

  /** Resolves once every piece of work started so far, and any it started in turn, has finished. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }
}

/** This process's work after answers. */
export const afterAnswer = new AfterAnswer();
