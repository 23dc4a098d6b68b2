import { useEffect, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me } from './api';
import { ErrorNotice, Loading } from './components/ErrorNotice';
import { Header } from './components/Header';
import { hrefFor, type Route } from './lib/route';
import { useRoute } from './lib/useRoute';
import { ChangePassword } from './screens/ChangePassword';
import { StatisticsPage } from './screens/StatisticsPage';
import { UrgingPage } from './screens/UrgingPage';
import { CalendarPage } from './screens/CalendarPage';
import { CompiledReportPage } from './screens/CompiledReportPage';
import { DirectivePage } from './screens/directive/DirectivePage';
import { Home } from './screens/Home';
import { NotificationsPage } from './screens/notifications/NotificationsPage';
import { NotificationSettings } from './screens/notifications/NotificationSettings';
import { IssueDirective } from './screens/issue/IssueDirective';
import { SignIn } from './screens/SignIn';
import { useMe, useSignedOutWatcher } from './session';

const MAIN_ID = 'main-content';

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
        {content}
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
    case 'notifications':
      return <NotificationsPage key={me.id} />;
    case 'notificationSettings':
      return <NotificationSettings key={me.id} administrator={me.mayKeepCalendar} />;
    case 'notFound':
      return <NotFound />;
  }
}

/** After client-side navigation, move focus to the new page's heading, as a page load would. */
function usePageFocus(route: Route): void {
  const href = hrefFor(route);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('page-title')?.focus();
  }, [href]);
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
