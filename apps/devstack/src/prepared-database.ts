/**
 * The environment variable naming the run's prepared database (src/test-setup.ts): migrated and
 * seeded by the stack's own prepareDatabase, with the demo accounts, for each test stack to copy
 * (browser.ts). Its own module so that the globalSetup need not load the browser fixtures.
 */
export const PREPARED_DATABASE = 'TEST_DEVSTACK_DATABASE';
