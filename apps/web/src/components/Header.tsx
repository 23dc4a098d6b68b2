import { unitDisplayName } from '@chidao/domain';
import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api';
import { hrefFor } from '../lib/route';
import { useSignedOut } from '../session';
import { useTRPC } from '../trpc';
import { Bell } from './Bell';
import { ErrorNotice } from './ErrorNotice';
import { LanguageSwitch } from './LanguageSwitch';

export function Header({ me }: { me: Me | null }) {
  const { t } = useTranslation();
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <a className="brand" href={hrefFor({ name: 'home' })}>
          {t('app.title')}
        </a>
        {/* Keyed by the person: the live count is theirs, and a new sign-in opens a new feed. */}
        {me ? <Bell key={me.id} /> : null}
        <LanguageSwitch />
        {me ? <UserMenu me={me} /> : null}
      </div>
    </header>
  );
}

function UserMenu({ me }: { me: Me }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const signedOut = useSignedOut();
  // A phone may be shared: useSignedOut also clears what the device keeps (device.ts).
  const signOut = useMutation(
    trpc.session.signOut.mutationOptions({
      onSuccess: async () => {
        await signedOut(me.id);
      },
    }),
  );
  return (
    <div className="user-menu">
      <p className="user" data-testid="current-user" data-unit-id={me.unitId}>
        <span className="visually-hidden">{t('header.user')}: </span>
        <span className="user__name">{me.displayName}</span>
        <span className="user__unit">{me.unitName === undefined ? null : unitDisplayName(me.unitName)}</span>
      </p>
      {me.mayIssue ? (
        <a className="user-menu__link" href={hrefFor({ name: 'issue' })} data-testid="nav-issue">
          {t('issue.nav')}
        </a>
      ) : null}
      <a className="user-menu__link" href={hrefFor({ name: 'statistics', month: null })} data-testid="nav-statistics">
        {t('statistics.nav')}
      </a>
      <a className="user-menu__link" href={hrefFor({ name: 'calendar', year: null })} data-testid="nav-calendar">
        {t('calendar.nav')}
      </a>
      <a className="user-menu__link" href={hrefFor({ name: 'notificationSettings' })} data-testid="nav-notification-settings">
        {t('notifications.settings.nav')}
      </a>
      <a className="user-menu__link" href={hrefFor({ name: 'help' })} data-testid="nav-help">
        {t('help.nav')}
      </a>
      <a className="user-menu__link" href={hrefFor({ name: 'password' })}>
        {t('header.changePassword')}
      </a>
      <button type="button" className="button button--secondary" disabled={signOut.isPending} onClick={() => signOut.mutate()}>
        {signOut.isPending ? t('header.signingOut') : t('header.signOut')}
      </button>
      {signOut.isError ? <ErrorNotice error={signOut.error} /> : null}
    </div>
  );
}
