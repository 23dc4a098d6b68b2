import { useTranslation } from 'react-i18next';
import type { AckCount } from '../api';
import { formatNumber, formatPercent, ratio } from '../lib/format';

/** The bar is decoration; the numbers beside it are the information, as text. */
function Bar({ share }: { share: number }) {
  return (
    <span className="progress" aria-hidden="true">
      <span className="progress__fill" style={{ width: `${Math.round(share * 100)}%` }} />
    </span>
  );
}

/** "x / y" with a bar, for a table cell. Shows a dash when there is nothing below. */
export function AckRatio({ count }: { count: AckCount }) {
  const { t } = useTranslation();
  const share = ratio(count.acknowledged, count.total);
  if (share === null) {
    return (
      <span className="ack ack--none">
        <span aria-hidden="true">—</span>
        <span className="visually-hidden">{t('overview.noneBelow')}</span>
      </span>
    );
  }
  return (
    <span className="ack">
      <span className="ack__text">
        {t('overview.ratio', { acknowledged: formatNumber(count.acknowledged), total: formatNumber(count.total) })}
      </span>
      <Bar share={share} />
    </span>
  );
}

/** "x / y đã tiếp nhận (z%)" with a bar, for a summary line. */
export function AckSummary({ count }: { count: AckCount }) {
  const { t } = useTranslation();
  const share = ratio(count.acknowledged, count.total);
  if (share === null) return <span className="ack ack--none">{t('overview.noneBelow')}</span>;
  return (
    <span className="ack ack--summary">
      <span className="ack__text">
        {t('overview.ackCount', { acknowledged: formatNumber(count.acknowledged), total: formatNumber(count.total) })}{' '}
        {t('overview.percent', { percent: formatPercent(share) })}
      </span>
      <Bar share={share} />
    </span>
  );
}
