/**
 * The one password of every demo account (`npm start` on the embedded default database), published in
 * the README. Demo accounts never exist on an external database, and the API refuses them unless demo
 * mode is on.
 */
export const DEMO_PASSWORD = 'demo-kg-2020';
