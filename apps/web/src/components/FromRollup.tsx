import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MetricDefView } from '../api';
import { useMe } from '../session';
import { useTRPC } from '../trpc';

/**
 * "Báo cáo từ tổng hợp" (issue 25): where the unit issued its own directive to carry this one out, the
 * figures it owes, read live from that directive's rollup, and a button that fills them into the
 * report form. Nothing is sent from here: the unit checks them and sends the form, which is its
 * confirmation; a correction below therefore goes up only when it sends again.
 */
export function FromRollup({
  assignmentId,
  metrics,
  onFill,
}: {
  assignmentId: string;
  metrics: readonly MetricDefView[];
  onFill: (figures: Readonly<Record<string, number>>, correction: boolean) => void;
}) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  // Only a unit that may issue to units below it can have issued one: no question asked for a commune.
  const mayIssue = useMe().data?.mayIssue ?? false;
  const live = useQuery(trpc.chains.fromRollup.queryOptions({ assignmentId }, { enabled: mayIssue && metrics.length > 0, refetchInterval: 60_000 }));
  const [filled, setFilled] = useState(false);
  const data = live.data;
  if (!data) return null;
  const labelOf = (key: string) => metrics.find((m) => m.key === key)?.label ?? key;
  return (
    <div className="notice" data-testid="from-rollup">
      <p>{t('chain.fromRollup', { reference: data.implementing.reference, reported: data.reported, expected: data.expected })}</p>
      {data.pendingReview ? <p className="hint">{t('chain.pendingReview')}</p> : null}
      {data.missing.length > 0 ? <p className="hint">{t('chain.missing', { metrics: data.missing.map(labelOf).join(', ') })}</p> : null}
      {data.changed ? null : <p className="hint">{t('chain.unchanged')}</p>}
      {data.correction ? <p className="hint">{t('chain.correction')}</p> : null}
      <button
        type="button"
        className="button button--secondary"
        onClick={() => {
          onFill(data.figures, data.correction);
          setFilled(true);
        }}
        data-testid="from-rollup-fill"
      >
        {t('chain.fill')}
      </button>
      {filled ? (
        <p className="hint" role="status">
          {t('chain.filled')}
        </p>
      ) : null}
    </div>
  );
}
