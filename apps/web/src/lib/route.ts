/**
 * Client routes live in the URL hash, so any static host (and the API server's fallback) serves them.
 *   #/                                   home: my tasks and, for units with units below, the overviews
 *   #/directives/<directiveId>           one directive seen from the user's own unit
 *   #/directives/<directiveId>/<u1>/<u2> drilled down: u1 below the user's unit, u2 below u1
 *   #/password                           change one's password
 *   #/compiled/<directiveId>             the coordinator's compiled report, printable
 *   #/document/<directiveId>             a directive's full text and its original file (PDF viewer or picture)
 *   #/progress/<directiveId>/<unitId>    a unit's report of the units it passed the directive to (a district's communes), printable
 *   #/issue                              issue a directive: where its content comes from (a dispatch, or a blank form)
 *   #/issue/draft, #/issue/preview       its next steps, so Back and Forward move between them
 *   #/calendar/<year>                    the working-day calendar of a year (#/calendar: this year)
 *   #/urging                             draft and issue an urging document from the overdue list
 *   #/urging/<directiveId>               the same, drafted from that directive's overdue tasks (an inbox row's đôn đốc)
 *   #/escalations                        units late or overdue to urge ("Đơn vị chậm, quá hạn cần đôn đốc"), filtered and paged
 *   #/statistics/<yyyy-MM>               the tasks of the user's unit by the official buckets for a month (#/statistics: this month)
 *   #/help                               how each role works
 *   #/notifications                      the person's notifications, newest first (the bell opens it)
 *   #/settings/notifications             how the person hears of things: contacts, push, preferences, the delivery log
 *   #/admin                              accounts an administrator keeps: find, create, edit, deactivate, send a code
 *   #/admin/import                       enrol people from a roster file: template, dry run, import, code sheet
 *   #/admin/sso                          the provinces' identity providers (single sign-on): system administrator
 *   #/admin/settings                     a province's settings: the defaults its new directives start from
 *   #/admin/units                        the administrator's units: rename, add, merge or split with the legal basis
 *   #/activate/<code>                    set one's password with a one-time code (activation or reset), signed out
 *   #/forgot                             ask for a reset link, signed out
 */
/** The issue form's steps, each with its address: the source (#/issue), the draft, the preview. */
export type IssueStep = 'source' | 'draft' | 'preview';

export type Route =
  | { readonly name: 'home' }
  | { readonly name: 'directive'; readonly directiveId: string; readonly trail: readonly string[] }
  | { readonly name: 'password' }
  | { readonly name: 'compiled'; readonly directiveId: string }
  | { readonly name: 'document'; readonly directiveId: string }
  | { readonly name: 'progress'; readonly directiveId: string; readonly unitId: string }
  | { readonly name: 'issue'; readonly step?: IssueStep }
  | { readonly name: 'calendar'; readonly year: number | null }
  | { readonly name: 'statistics'; readonly month: string | null }
  /** The urging letter, drafted from every overdue task of the unit's directives, or from one directive's. */
  | { readonly name: 'urging'; readonly directiveId?: string }
  | { readonly name: 'escalations' }
  | { readonly name: 'notifications' }
  | { readonly name: 'help' }
  | { readonly name: 'notificationSettings' }
  | { readonly name: 'admin' }
  | { readonly name: 'adminImport' }
  | { readonly name: 'adminSso' }
  | { readonly name: 'adminSettings' }
  | { readonly name: 'adminUnits' }
  | { readonly name: 'activate'; readonly code: string }
  | { readonly name: 'forgot' }
  | { readonly name: 'notFound' };

function decode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

export function parseRoute(hash: string): Route {
  // Trailing slashes from the first of them only (`(?<!\/)`), not again from each.
  const path = hash.replace(/^#/, '').replace(/^\/+|(?<!\/)\/+$/g, '');
  if (path === '') return { name: 'home' };
  if (path === 'password') return { name: 'password' };
  if (path === 'issue') return { name: 'issue' };
  if (path === 'issue/draft') return { name: 'issue', step: 'draft' };
  if (path === 'issue/preview') return { name: 'issue', step: 'preview' };
  if (path === 'calendar') return { name: 'calendar', year: null };
  if (path === 'statistics') return { name: 'statistics', month: null };
  if (path === 'urging') return { name: 'urging' };
  if (path === 'escalations') return { name: 'escalations' };
  if (path === 'notifications') return { name: 'notifications' };
  if (path === 'help') return { name: 'help' };
  if (path === 'settings/notifications') return { name: 'notificationSettings' };
  if (path === 'admin') return { name: 'admin' };
  if (path === 'admin/import') return { name: 'adminImport' };
  if (path === 'admin/sso') return { name: 'adminSso' };
  if (path === 'admin/settings') return { name: 'adminSettings' };
  if (path === 'admin/units') return { name: 'adminUnits' };
  if (path === 'forgot') return { name: 'forgot' };
  if (path === 'activate') return { name: 'activate', code: '' };
  const activation = /^activate\/([0-9A-Za-z-]{1,64})$/.exec(path);
  if (activation) return { name: 'activate', code: activation[1]! };
  const month = /^statistics\/(\d{4}-(0[1-9]|1[0-2]))$/.exec(path);
  if (month) return { name: 'statistics', month: month[1]! };
  const calendar = /^calendar\/(\d{4})$/.exec(path);
  if (calendar) return { name: 'calendar', year: Number(calendar[1]) };
  const segments = path.split('/').map(decode);
  if (segments.some((s) => s === null || s === '')) return { name: 'notFound' };
  const [head, directiveId, ...trail] = segments as string[];
  if (head === 'directives' && directiveId !== undefined) return { name: 'directive', directiveId, trail };
  if (head === 'compiled' && directiveId !== undefined && trail.length === 0) return { name: 'compiled', directiveId };
  if (head === 'document' && directiveId !== undefined && trail.length === 0) return { name: 'document', directiveId };
  if (head === 'progress' && directiveId !== undefined && trail.length === 1) return { name: 'progress', directiveId, unitId: trail[0]! };
  if (head === 'urging' && directiveId !== undefined && trail.length === 0) return { name: 'urging', directiveId };
  return { name: 'notFound' };
}

export function hrefFor(route: Route): string {
  switch (route.name) {
    case 'home':
    case 'notFound':
      return '#/';
    case 'password':
      return '#/password';
    case 'issue':
      return route.step === undefined || route.step === 'source' ? '#/issue' : `#/issue/${route.step}`;
    case 'calendar':
      return route.year === null ? '#/calendar' : `#/calendar/${route.year}`;
    case 'urging':
      return route.directiveId === undefined ? '#/urging' : `#/urging/${encodeURIComponent(route.directiveId)}`;
    case 'escalations':
      return '#/escalations';
    case 'notifications':
      return '#/notifications';
    case 'help':
      return '#/help';
    case 'notificationSettings':
      return '#/settings/notifications';
    case 'admin':
      return '#/admin';
    case 'adminImport':
      return '#/admin/import';
    case 'adminSso':
      return '#/admin/sso';
    case 'adminSettings':
      return '#/admin/settings';
    case 'adminUnits':
      return '#/admin/units';
    case 'forgot':
      return '#/forgot';
    case 'activate':
      return route.code === '' ? '#/activate' : `#/activate/${route.code}`;
    case 'statistics':
      return route.month === null ? '#/statistics' : `#/statistics/${route.month}`;
    case 'directive':
      return `#/${['directives', route.directiveId, ...route.trail].map(encodeURIComponent).join('/')}`;
    case 'compiled':
      return `#/compiled/${encodeURIComponent(route.directiveId)}`;
    case 'document':
      return `#/document/${encodeURIComponent(route.directiveId)}`;
    case 'progress':
      return `#/progress/${encodeURIComponent(route.directiveId)}/${encodeURIComponent(route.unitId)}`;
  }
}
