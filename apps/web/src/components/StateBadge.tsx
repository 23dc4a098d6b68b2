import { useTranslation } from 'react-i18next';
import type { AssignmentState } from '../api';
import { formatDateTime } from '../lib/format';
import { Icon, type IconName } from './Icon';

type Shown = AssignmentState | 'notAssigned' | 'issuer';

const ICONS: Record<Shown, IconName> = {
  issued: 'clock',
  acknowledged: 'check',
  in_progress: 'clock',
  reported: 'check',
  returned: 'dash',
  accepted: 'check',
  completed: 'check',
  recalled: 'dash',
  reassigned: 'dash',
  notAssigned: 'dash',
  issuer: 'flag',
};

/** An assignment's state as icon plus words (never colour alone), with when it was acknowledged. */
export function StateBadge({ state, acknowledgedAt }: { state: Shown; acknowledgedAt?: string | null }) {
  const { t } = useTranslation();
  return (
    <span className="state-wrap" data-state={state}>
      <span className={`state state--${state}`}>
        <Icon name={ICONS[state]} />
        <span className="state__label">{t(`state.${state}`)}</span>
      </span>
      {state === 'acknowledged' && acknowledgedAt ? (
        <span className="state__when"> {t('state.acknowledgedAt', { dateTime: formatDateTime(acknowledgedAt) })}</span>
      ) : null}
    </span>
  );
}
