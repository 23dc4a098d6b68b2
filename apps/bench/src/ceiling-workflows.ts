/** The raw ceiling's workflow: starts and completes, nothing else. */
export async function trivialWorkflow(): Promise<void> {}
