import type { Mutation, MutationKey, QueryClient, QueryFilters } from '@tanstack/react-query';
import type { inferRouterInputs } from '@trpc/server';
import type { AppRouter } from '../api';
import { isSignedOutError } from './errors';

/**
 * Which cached queries each mutation makes stale, declared once for the whole app and applied by the
 * query client's mutation cache (see `createQueryClient`), so no screen invalidates by hand.
 *
 * Applied when the mutation settles, a refusal included: the state may have moved meanwhile (returned,
 * recalled, acknowledged from another device), and a mutation that failed after its retries (network,
 * server unavailable; see lib/idempotency.ts) may still have been applied. Offline, React Query holds
 * the mutation paused; it settles (and invalidates) once it has run. A mutation that finds the session
 * gone invalidates nothing: the signed-out watcher drops the whole cache instead.
 */

type Routers = AppRouter['_def']['record'];
type Inputs = inferRouterInputs<AppRouter>;
type ProcedureOf<R extends keyof Routers, P> = P extends keyof Routers[R] ? Routers[R][P] : never;

/** `'router.procedure'` of every mutation the API has. */
export type MutationPath = {
  [R in keyof Routers & string]: {
    [P in keyof Routers[R] & string]: ProcedureOf<R, P> extends { _def: { type: 'mutation' } } ? `${R}.${P}` : never;
  }[keyof Routers[R] & string];
}[keyof Routers & string];

/** `'router.procedure'` of every query the API has, or a whole router (`'directives'`). */
export type QueryPath =
  | (keyof Routers & string)
  | {
      [R in keyof Routers & string]: {
        [P in keyof Routers[R] & string]: ProcedureOf<R, P> extends { _def: { type: 'query' } } ? `${R}.${P}` : never;
      }[keyof Routers[R] & string];
    }[keyof Routers & string];

type InputOf<P extends MutationPath> = P extends `${infer R extends keyof Inputs}.${infer Proc}`
  ? Proc extends keyof Inputs[R]
    ? Inputs[R][Proc]
    : never
  : never;

/** A query path, with the part of its input that must match (an assignment's own lists, not every one). */
export interface Stale {
  readonly path: QueryPath;
  readonly input?: Readonly<Record<string, unknown>>;
}

const all = (path: QueryPath): Stale => ({ path });
const forAssignment = (path: QueryPath, assignmentId: string): Stale => ({ path, input: { assignmentId } });

/** Everything about directives and assignments: amendments, recall, forward, reassignment, child deadlines. */
const directivesAndAssignments = (): Stale[] => [all('directives'), all('assignments')];
/** An assignment's own requests (extension, explanation) and its timeline. */
const requestsOf = ({ assignmentId }: { assignmentId: string }): Stale[] => [
  forAssignment('assignments.requests', assignmentId),
  forAssignment('assignments.timeline', assignmentId),
];
const nothing = (): Stale[] => [];

/** The table: every mutation of the API (the compiler checks none is missing) to what it makes stale. */
export const STALE_AFTER: { readonly [P in MutationPath]: (input: InputOf<P>) => readonly Stale[] } = {
  // Signing in or out resets the whole cache (session.ts); the rest changes no data the app shows.
  'session.signIn': nothing,
  'session.signOut': nothing,
  'session.changePassword': nothing,
  // A reset request changes nothing the app shows; redeeming a code signs in, which resets the cache.
  'session.requestReset': nothing,
  'session.redeemCode': nothing,
  'intake.parse': nothing,
  'directives.preview': nothing,
  // A directive that carries out another shows on that one's page (chains.below) and in its unit's figures owed upward.
  'directives.issue': () => [all('directives'), all('chains')],
  'directives.attachOriginal': () => [all('directives.document')],
  'directives.amendDeadline': directivesAndAssignments,
  'directives.amendAcknowledgement': directivesAndAssignments,
  'directives.recall': directivesAndAssignments,
  'directives.endProgressReports': directivesAndAssignments,
  'assignments.acknowledge': () => [all('assignments.mine'), all('assignments.search'), all('directives')],
  'assignments.requestExtension': requestsOf,
  'assignments.decideExtension': (input) => [...requestsOf(input), all('directives')],
  'assignments.requestExplanation': requestsOf,
  'assignments.answerExplanation': requestsOf,
  // A drop changes the unit's tasks, its card and the statistics.
  'assignments.requestAdjustment': (input) => [...requestsOf(input), all('directives.adjustments')],
  'assignments.decideAdjustment': (input) => [...requestsOf(input), all('directives.adjustments'), all('assignments.mine'), all('assignments.search'), all('statistics')],
  'assignments.setChildDeadline': directivesAndAssignments,
  'assignments.forward': directivesAndAssignments,
  'assignments.reassign': directivesAndAssignments,
  'reports.submit': ({ assignmentId }) => [
    forAssignment('reports.history', assignmentId),
    forAssignment('assignments.periods', assignmentId),
    forAssignment('attachments.list', assignmentId),
    all('assignments.mine'), all('assignments.search'),
    all('directives'),
    all('statistics'),
    // The figures a unit above owes, read live from this report's rollup (chains.fromRollup).
    all('chains'),
  ],
  'attachments.upload': ({ assignmentId }) => [forAssignment('attachments.list', assignmentId)],
  // Its input names the attachment only: every assignment's list may hold it.
  'attachments.remove': () => [all('attachments.list')],
  'reports.review': ({ assignmentId }) => [
    forAssignment('reports.history', assignmentId),
    forAssignment('assignments.timeline', assignmentId),
    all('directives'),
    all('statistics'),
    all('chains'),
  ],
  'escalations.markSeen': () => [all('escalations')],
  // The named units' cards show the urging; the draft lists what is still overdue.
  'urging.issue': () => [all('assignments'), all('urging')],
  'escalations.resolve': () => [all('escalations')],
  // The bell's count and list; the settings page's own lists.
  'notifications.markRead': () => [all('notifications.list')],
  'notifications.markAllRead': () => [all('notifications.list')],
  'notifications.setPreferences': () => [all('notifications.preferences')],
  'notifications.requestCode': () => [all('notifications.contacts')],
  'notifications.verifyContact': () => [all('notifications.contacts'), all('notifications.preferences')],
  'notifications.removeContact': () => [all('notifications.contacts')],
  'notifications.subscribePush': nothing,
  'notifications.unsubscribePush': nothing,
  // A year's days change every deadline computed from now on; the lists show deadlines already set.
  'calendar.setYear': () => [all('calendar')],
  'calendar.addFixedHoliday': () => [all('calendar')],
  // A decided unit's task moves (a new assignment or a join): the directive's tree, rollups and the list of decisions.
  'reorganisation.decide': () => [all('reorganisation'), ...directivesAndAssignments()],
  // The administration screen's list and the account being edited.
  'admin.createAccount': () => [all('admin')],
  'admin.updateAccount': () => [all('admin')],
  'admin.deactivate': () => [all('admin')],
  'admin.reactivate': () => [all('admin')],
  'admin.sendCode': () => [all('admin')],
  'admin.importPreview': nothing,
  'admin.importApply': () => [all('admin')],
  // Single sign-on: the providers' list, and what the sign-in page offers.
  'admin.setIdentityProvider': () => [all('admin'), all('session.signInOptions')],
  'admin.removeIdentityProvider': () => [all('admin'), all('session.signInOptions')],
  'admin.linkSubject': () => [all('admin')],
  'admin.unlinkSubject': () => [all('admin')],
  // A new form starts from the province's settings (directives.issueOptions): only new directives take them.
  'admin.updateSettings': () => [all('admin'), all('directives.issueOptions')],
  // A unit renamed, added, merged or split: every list naming units, and each running directive it reorganised.
  'units.preview': nothing,
  'units.applyChange': () => [all('units'), all('admin'), all('reorganisation'), ...directivesAndAssignments()],
};

/**
 * The filter for a stale entry, in the key shape @trpc/tanstack-react-query gives its queries
 * (`[['router', 'procedure'], { input, type }]`), matched partially: a router prefix matches its
 * procedures, an input matches the queries whose input has those values.
 */
export function staleFilter(stale: Stale): QueryFilters {
  const path = stale.path.split('.');
  return { queryKey: stale.input === undefined ? [path] : [path, { input: stale.input }] };
}

/** The path of a mutation made with tRPC's `mutationOptions` (its key is `[['router', 'procedure']]`). */
export function mutationPathOf(mutation: { readonly options: { readonly mutationKey?: MutationKey } }): MutationPath | null {
  const [path] = mutation.options.mutationKey ?? [];
  if (!Array.isArray(path)) return null;
  const joined = path.join('.');
  return Object.hasOwn(STALE_AFTER, joined) ? (joined as MutationPath) : null;
}

/** What a settled mutation makes stale (nothing when it found the session gone). */
export function staleAfter(path: MutationPath, input: unknown, error: unknown): readonly Stale[] {
  if (error && isSignedOutError(error)) return [];
  return (STALE_AFTER[path] as (input: unknown) => readonly Stale[])(input);
}

/** For the mutation cache's `onSettled`: invalidates (and refetches the active of) what the mutation made stale. */
export async function invalidateAfter(
  queryClient: QueryClient,
  mutation: Pick<Mutation<unknown, unknown, unknown, unknown>, 'options' | 'state'>,
  error: unknown,
): Promise<void> {
  const path = mutationPathOf(mutation);
  if (path === null) return;
  await Promise.all(staleAfter(path, mutation.state.variables, error).map((s) => queryClient.invalidateQueries(staleFilter(s))));
}
