// @chidao/reconcile: does the read model match the workflows? `compare.ts` is the rule (pure),
// `collect.ts` reads both sides, `cli.ts` is `npm run reconcile`.
export * from './compare';
export * from './collect';
export * from './reconcile';
