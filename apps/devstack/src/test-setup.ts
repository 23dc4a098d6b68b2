// vitest globalSetup: one PostgreSQL cluster and one workflow bundle for the whole test run, and one
// database migrated and seeded as the stack prepares it (with the demo accounts), which each browser
// test's stack copies instead of migrating and seeding its own (browser.ts).
import { setupSeededTemplate } from '@chidao/db/testing';
import { setupEngineTests } from '@chidao/workflows/testing';
import { PREPARED_DATABASE } from './prepared-database';
import { prepareDatabase } from './stack';

export default async function setup(): Promise<() => Promise<void>> {
  const stopEngine = await setupEngineTests();
  try {
    const dropPrepared = await setupSeededTemplate(PREPARED_DATABASE, async (url) => {
      const { db } = await prepareDatabase(url, { demoAccounts: true });
      await db.close();
    });
    return async () => {
      await dropPrepared();
      await stopEngine();
    };
  } catch (error) {
    await stopEngine();
    throw error;
  }
}
