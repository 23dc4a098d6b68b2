import { useQueryClient } from '@tanstack/react-query';
import { Component, lazy, Suspense, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from './api';
import { ErrorNotice, Loading } from './components/ErrorNotice';
import { Header } from './components/Header';
import { hrefFor, type Route } from './lib/route';
import { isSignOutPending, sharedStorage } from './lib/pendingSignOut';
import { documentTitle, type TitledScreen } from './lib/title';
import { useRoute } from './lib/useRoute';
import { Home } from './screens/Home';
import { SignIn } from './screens/SignIn';
import { seedQueries, useOutboxSender, useSnapshotKeeper } from './device';
import { useMe, useSessionChanged, useSignedOutWatcher } from './session';
import { useTRPC } from './trpc';

const MAIN_ID = 'main-content';

/**
 * Sign-in and the home page (a commune's task list) are in the first script; every other page is a
 * chunk of its own, fetched when first opened, so a commune chair on slow 3G does not download the
 * issue form, the dispatch reader, the compiled report or the statistics (issue 22's load budget).
 */
const ChangePassword = lazy(() => import('./screens/ChangePassword').then((m) => ({ default: m.ChangePassword })));
const StatisticsPage = lazy(() => import('./screens/StatisticsPage').then((m) => ({ default: m.StatisticsPage })));
const EscalationsPage = lazy(() => import('./screens/EscalationsPage').then((m) => ({ default: m.EscalationsPage })));
const UrgingPage = lazy(() => import('./screens/UrgingPage').then((m) => ({ default: m.UrgingPage })));
const CalendarPage = lazy(() => import('./screens/CalendarPage').then((m) => ({ default: m.CalendarPage })));
const CompiledReportPage = lazy(() => import('./screens/CompiledReportPage').then((m) => ({ default: m.CompiledReportPage })));
const DocumentPage = lazy(() => import('./screens/document/DocumentPage').then((m) => ({ default: m.DocumentPage })));
const DirectivePage = lazy(() => import('./screens/directive/DirectivePage').then((m) => ({ default: m.DirectivePage })));
const NotificationsPage = lazy(() => import('./screens/notifications/NotificationsPage').then((m) => ({ default: m.NotificationsPage })));
const NotificationSettings = lazy(() => import('./screens/notifications/NotificationSettings').then((m) => ({ default: m.NotificationSettings })));
const HelpPage = lazy(() => import('./screens/HelpPage').then((m) => ({ default: m.HelpPage })));
const AdminAccounts = lazy(() => import('./screens/admin/AdminAccounts').then((m) => ({ default: m.AdminAccounts })));
const AdminSso = lazy(() => import('./screens/admin/AdminSso').then((m) => ({ default: m.AdminSso })));
const AdminUnits = lazy(() => import('./screens/admin/AdminUnits').then((m) => ({ default: m.AdminUnits })));
const AdminImport = lazy(() => import('./screens/admin/AdminImport').then((m) => ({ default: m.AdminImport })));
const AdminSettings = lazy(() => import('./screens/admin/AdminSettings').then((m) => ({ default: m.AdminSettings })));
const Activate = lazy(() => import('./screens/Activate').then((m) => ({ default: m.Activate })));
const ForgotPassword = lazy(() => import('./screens/ForgotPassword').then((m) => ({ default: m.ForgotPassword })));
const IssueDirective = lazy(() => import('./screens/issue/IssueDirective').then((m) => ({ default: m.IssueDirective })));

export function App() {
  const { t } = useTranslation();
  useSeededFromDevice();
  const me = useMe();
  useSignedOutWatcher();
  const route = useRoute();
  useDocumentTitle(me.data === null ? (signedOutPage(route) ?? 'signIn') : me.data ? route.name : null);
  // Focus goes to the home page's heading after signing in: the form it was on is gone.
  const signedOut = useRef(false);
  if (me.data === null) signedOut.current = true;
  const sessionChanged = useSessionChanged();
  useSnapshotKeeper(me.data);
  // A session found ended while sending asks the person to sign in; the outbox waits for them.
  useOutboxSender(me.data ?? null, sessionChanged);
  let content: ReactNode;
  // Who was signed in when the device last had a connection is enough to show their tasks offline.
  // Signed out without a connection and reloaded before it returned: the next person signs in.
  if (me.data === undefined && me.isError && isSignOutPending(sharedStorage())) content = <SignedOut route={route} />;
  else if (me.data === undefined) content = me.isError ? <ErrorNotice error={me.error} onRetry={() => void me.refetch()} /> : <Loading />;
  else if (me.data === null) content = <SignedOut route={route} />;
  else content = <SignedIn me={me.data} afterSignIn={signedOut.current} />;

  return (
    <>
      {/* Not href="#main": the hash is the router's. */}
      <a
        className="skip-link"
        href={`#${MAIN_ID}`}
        onClick={(e) => {
          e.preventDefault();
          document.getElementById(MAIN_ID)?.focus();
        }}
      >
        {t('app.skipToContent')}
      </a>
      <Header me={me.data ?? null} />
      <main id={MAIN_ID} className="site-main" tabIndex={-1}>
        <PageNotLoaded>
          <Suspense fallback={<Loading />}>{content}</Suspense>
        </PageNotLoaded>
      </main>
    </>
  );
}

/**
 * Before the first render, the home page's answers kept on the device (device.ts) go into the query
 * cache, so the task list shows at once and with no signal; who is signed in is asked again regardless.
 */
function useSeededFromDevice(): void {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  useState(() => seedQueries(queryClient, trpc.session.me.queryKey()));
}

/** The pages a person reaches signed out: setting a password with a code, asking for a reset link. */
function signedOutPage(route: Route): 'activate' | 'forgot' | null {
  return route.name === 'activate' || route.name === 'forgot' ? route.name : null;
}

function SignedOut({ route }: { route: Route }) {
  if (route.name === 'activate') return <Activate key={route.code} code={route.code} />;
  if (route.name === 'forgot') return <ForgotPassword />;
  return <SignIn />;
}

function SignedIn({ me, afterSignIn }: { me: Me; afterSignIn: boolean }) {
  const route = useRoute();
  usePageFocus(route, afterSignIn);
  switch (route.name) {
    case 'home':
      return <Home key={me.id} />;
    case 'directive':
      return <DirectivePage key={`${me.id}:${hrefFor(route)}`} directiveId={route.directiveId} trail={route.trail} />;
    case 'password':
      return <ChangePassword key={me.id} />;
    case 'compiled':
      return <CompiledReportPage key={`${me.id}:${route.directiveId}`} directiveId={route.directiveId} />;
    case 'document':
      return <DocumentPage key={`${me.id}:${route.directiveId}`} directiveId={route.directiveId} />;
    case 'progress':
      return <CompiledReportPage key={`${me.id}:${route.directiveId}:${route.unitId}`} directiveId={route.directiveId} unitId={route.unitId} />;
    case 'issue':
      return <IssueDirective key={me.id} userId={me.id} step={route.step ?? 'source'} />;
    case 'calendar':
      return <CalendarPage key={`${me.id}:${route.year ?? ''}`} year={route.year} mayKeep={me.mayKeepCalendar} />;
    case 'statistics':
      return <StatisticsPage key={`${me.id}:${route.month ?? ''}`} month={route.month} mayUrge={me.mayIssue} />;
    case 'urging':
      return <UrgingPage key={`${me.id}:${route.directiveId ?? ''}`} directiveId={route.directiveId ?? null} />;
    case 'escalations':
      return <EscalationsPage key={me.id} />;
    case 'notifications':
      return <NotificationsPage key={me.id} />;
    case 'notificationSettings':
      return <NotificationSettings key={me.id} administrator={me.mayKeepCalendar} />;
    case 'help':
      return <HelpPage />;
    case 'admin':
      return me.mayAdminister ? <AdminAccounts key={me.id} selfId={me.id} mayConfigureSso={me.mayKeepCalendar} /> : <NotFound />;
    case 'adminImport':
      return me.mayAdminister ? <AdminImport key={me.id} /> : <NotFound />;
    case 'adminSso':
      return me.mayKeepCalendar ? <AdminSso key={me.id} /> : <NotFound />;
    case 'adminSettings':
      return me.mayAdminister ? <AdminSettings key={me.id} /> : <NotFound />;
    case 'adminUnits':
      return me.mayAdminister ? <AdminUnits key={me.id} /> : <NotFound />;
    case 'activate':
      return <Activate key={`${me.id}:${route.code}`} code={route.code} />;
    case 'forgot':
      return <ForgotPassword />;
    case 'notFound':
      return <NotFound />;
  }
}

/**
 * Each screen's name in the tab's title, in the interface language ("Thống kê nhiệm vụ — Theo dõi
 * chỉ đạo"), so tabs, history and screen readers tell the screens apart. While the session is still
 * being read (null), the application's name alone.
 */
function useDocumentTitle(screen: TitledScreen | null): void {
  const { t } = useTranslation();
  const title = screen === null ? t('app.title') : documentTitle(t(`pageTitle.${screen}`), t('app.title'));
  useEffect(() => {
    document.title = title;
  }, [title]);
}

/**
 * After client-side navigation, move focus to the new page's heading, as a page load would. A page
 * whose chunk is still loading has no heading yet: focus it when it appears (within a while). The
 * first page after a load keeps the browser's own focus, unless the person has just signed in: the
 * sign-in form they were on is gone, and focus would fall to the page's body.
 */
function usePageFocus(route: Route, afterSignIn: boolean): void {
  const href = hrefFor(route);
  const first = useRef(!afterSignIn);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const focus = () => {
      const title = document.getElementById('page-title');
      title?.focus();
      return title !== null;
    };
    if (focus()) return;
    const observer = new MutationObserver(() => {
      if (focus()) observer.disconnect();
    });
    observer.observe(document.getElementById(MAIN_ID) ?? document.body, { childList: true, subtree: true });
    const giveUp = window.setTimeout(() => observer.disconnect(), 30_000);
    return () => {
      observer.disconnect();
      window.clearTimeout(giveUp);
    };
  }, [href]);
}

/**
 * A page's chunk that failed to load (the signal dropped, or a new release replaced the old chunks):
 * say so and offer a reload, instead of the blank page an uncaught error leaves. React keeps a failed
 * lazy import failed, so only a reload tries again.
 */
class PageNotLoaded extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };
  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }
  override render() {
    return this.state.failed ? <PageNotLoadedNotice /> : this.props.children;
  }
}

function PageNotLoadedNotice() {
  const { t } = useTranslation();
  return (
    <div className="notice notice--error" role="alert">
      <p>{t('app.pageNotLoaded')}</p>
      <button type="button" className="button button--secondary" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </button>
    </div>
  );
}

function NotFound() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <h1 id="page-title" tabIndex={-1}>
        {t('notFound.title')}
      </h1>
      <p>
        <a href={hrefFor({ name: 'home' })}>{t('notFound.back')}</a>
      </p>
    </div>
  );
}
