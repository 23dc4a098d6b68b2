import { Component, lazy, Suspense, useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from './api';
import { ErrorNotice, Loading } from './components/ErrorNotice';
import { Header } from './components/Header';
import { hrefFor, type Route } from './lib/route';
import { useRoute } from './lib/useRoute';
import { Home } from './screens/Home';
import { SignIn } from './screens/SignIn';
import { useMe, useSignedOutWatcher } from './session';

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
const DirectivePage = lazy(() => import('./screens/directive/DirectivePage').then((m) => ({ default: m.DirectivePage })));
const NotificationsPage = lazy(() => import('./screens/notifications/NotificationsPage').then((m) => ({ default: m.NotificationsPage })));
const NotificationSettings = lazy(() => import('./screens/notifications/NotificationSettings').then((m) => ({ default: m.NotificationSettings })));
const IssueDirective = lazy(() => import('./screens/issue/IssueDirective').then((m) => ({ default: m.IssueDirective })));

export function App() {
  const { t } = useTranslation();
  const me = useMe();
  useSignedOutWatcher();
  let content: ReactNode;
  if (me.isPending) content = <Loading />;
  else if (me.isError) content = <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />;
  else if (me.data === null) content = <SignIn />;
  else content = <SignedIn me={me.data} />;

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

function SignedIn({ me }: { me: Me }) {
  const route = useRoute();
  usePageFocus(route);
  switch (route.name) {
    case 'home':
      return <Home key={me.id} />;
    case 'directive':
      return <DirectivePage key={`${me.id}:${hrefFor(route)}`} directiveId={route.directiveId} trail={route.trail} />;
    case 'password':
      return <ChangePassword key={me.id} />;
    case 'compiled':
      return <CompiledReportPage key={`${me.id}:${route.directiveId}`} directiveId={route.directiveId} />;
    case 'issue':
      return <IssueDirective key={me.id} />;
    case 'calendar':
      return <CalendarPage key={`${me.id}:${route.year ?? ''}`} year={route.year} mayKeep={me.mayKeepCalendar} />;
    case 'statistics':
      return <StatisticsPage key={`${me.id}:${route.month ?? ''}`} month={route.month} mayUrge={me.mayIssue} />;
    case 'urging':
      return <UrgingPage key={me.id} />;
    case 'escalations':
      return <EscalationsPage key={me.id} />;
    case 'notifications':
      return <NotificationsPage key={me.id} />;
    case 'notificationSettings':
      return <NotificationSettings key={me.id} administrator={me.mayKeepCalendar} />;
    case 'notFound':
      return <NotFound />;
  }
}

/**
 * After client-side navigation, move focus to the new page's heading, as a page load would. A page
 * whose chunk is still loading has no heading yet: focus it when it appears (within a while).
 */
function usePageFocus(route: Route): void {
  const href = hrefFor(route);
  const first = useRef(true);
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
