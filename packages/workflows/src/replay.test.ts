import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { testWorkflowBundle } from './testing';

/**
 * Histories recorded from real runs (the timer tests beside it, timers*.test.ts, with RECORD_HISTORIES=1) replayed
 * against today's workflow code: a change that would break directives already running fails here.
 * Changing running logic deliberately goes behind `patched()`, then the histories are recorded anew.
 */
const dir = fileURLToPath(new URL('../histories', import.meta.url));
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
Runtime.install({ logger: new DefaultLogger('WARN') });

describe('recorded histories replay against the current workflow code', () => {
  it('has histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });

  it.each(files)('%s', async (file) => {
    const { workflowId, history } = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { workflowId: string; history: unknown };
    const workflowBundle = await bundle();
    await Worker.runReplayHistory({ workflowBundle }, historyFromJSON(history), workflowId);
  });
});

let bundled: ReturnType<typeof testWorkflowBundle> | undefined;
function bundle() {
  bundled ??= testWorkflowBundle();
  return bundled;
}
