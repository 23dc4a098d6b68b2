import { useTranslation } from 'react-i18next';
import type { ReviewState } from '../api';
import { Icon, type IconName } from './Icon';

const ICONS: Record<ReviewState, IconName> = { pending: 'clock', accepted: 'check', returned: 'undo' };

/** A report's review state as icon plus words (never colour alone). */
export function ReviewBadge({ review }: { review: ReviewState }) {
  const { t } = useTranslation();
  return (
    <span className={`state state--review-${review}`} data-review={review}>
      <Icon name={ICONS[review]} />
      <span className="state__label">{t(`history.review.${review}`)}</span>
    </span>
  );
}
