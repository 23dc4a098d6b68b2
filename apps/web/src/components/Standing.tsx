import { useTranslation } from 'react-i18next';
import type { Assignment } from '../api';
import { formatDateTime } from '../lib/format';
import { Icon, type IconName } from './Icon';

/** Where something stands; a task may also have no deadline at all ("thường xuyên"). */
type Standing = NonNullable<Assignment['standing']> | { readonly kind: 'noDeadline' };
type Deadline = NonNullable<Assignment['deadline']>;

const ICONS: Record<Standing['kind'], IconName> = {
  within: 'clock',
  dueSoon: 'alert',
  overdue: 'alert',
  doneOnTime: 'check',
  doneLate: 'check',
  noDeadline: 'clock',
};

/** How an assignment stands against its deadline, as words and an icon (trong hạn, quá hạn N ngày …). */
export function StandingBadge({ standing }: { standing: Standing | null }) {
  const { t } = useTranslation();
  if (!standing) return null;
  const days = standing.kind === 'overdue' ? standing.daysOverdue : standing.kind === 'doneLate' ? standing.daysLate : 0;
  return (
    <span className={`standing standing--${standing.kind}`} data-testid="standing" data-standing={standing.kind}>
      <Icon name={ICONS[standing.kind]} />
      <span>{t(standing.kind === 'overdue' || standing.kind === 'doneLate' ? `standing.${standing.kind}${standing.counted === 'workingDays' ? 'Working' : ''}` : `standing.${standing.kind}`, { count: days })}</span>
    </span>
  );
}

/** "Hạn tiếp nhận: 30/11/2026 23:59" with its standing beside it. */
export function DeadlineLine({ deadline, standing }: { deadline: Deadline | null; standing: Standing | null }) {
  const { t } = useTranslation();
  if (!deadline) return null;
  return (
    <span className="deadline" data-testid="deadline" data-deadline-kind={deadline.kind}>
      <span>{t(`standing.deadline.${deadline.kind}`, { dateTime: formatDateTime(deadline.at) })}</span>{' '}
      <StandingBadge standing={standing} />
    </span>
  );
}
