import { unitDisplayName } from '@chidao/domain';
import { useTranslation } from 'react-i18next';
import type { Me } from '../api';
import { hrefFor } from '../lib/route';
import { useSignedOut } from '../session';
import { Bell } from './Bell';
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
  const signedOut = useSignedOut();
  // Works without a connection: the sign-in page shows at once and the device is cleared (a phone may
  // be shared); the server's session ends as soon as a request gets through (useSignedOut).
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
      {me.mayAdminister ? (
        <a className="user-menu__link" href={hrefFor({ name: 'admin' })} data-testid="nav-admin">
          {t('admin.nav')}
        </a>
      ) : null}
      {me.mayAdminister ? (
        <a className="user-menu__link" href={hrefFor({ name: 'adminUnits' })} data-testid="nav-admin-units">
          {t('units.nav')}
        </a>
      ) : null}
      <a className="user-menu__link" href={hrefFor({ name: 'notificationSettings' })} data-testid="nav-notification-settings">
        {t('notifications.settings.nav')}
      </a>
      <a className="user-menu__link" href={hrefFor({ name: 'help' })} data-testid="nav-help">
        {t('help.nav')}
      </a>
      <a className="user-menu__link" href={hrefFor({ name: 'password' })}>
        {t('header.changePassword')}
      </a>
      <button type="button" className="button button--secondary" onClick={() => signedOut(me.id)} data-testid="sign-out">
        {t('header.signOut')}
      </button>
    </div>
  );
}
