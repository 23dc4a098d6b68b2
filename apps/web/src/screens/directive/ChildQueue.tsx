import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { CardSection } from '../../components/Card';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';

/** Each queue's i18n key prefix, with its card's class and test id and the test id of its outcome notice. */
const QUEUES = {
  requests: { name: 'child-requests', doneTestId: 'child-requests-done' },
  review: { name: 'review-queue', doneTestId: 'review-done' },
} as const;

/**
 * A card of the child units waiting on this unit (reports to review, requests to decide), read from
 * one query per child: one card per waiting unit, what is loading or failed, or that none waits. A
 * decided item leaves the list; its outcome (passed to `onDone` by the item) stays here, and focus with it.
 */
export function ChildQueue<T extends { readonly child: { readonly id: string } }>({
  kind,
  unitName,
  queries,
  items,
  renderItem,
}: {
  kind: keyof typeof QUEUES;
  unitName: string;
  queries: readonly { readonly isPending: boolean; readonly isError: boolean; readonly error: unknown; refetch(): unknown }[];
  items: readonly T[];
  renderItem: (item: T, onDone: (message: string) => void) => ReactNode;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const { name, doneTestId } = QUEUES[kind];
  const loading = queries.some((q) => q.isPending);
  const failed = queries.find((q) => q.isError);
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  return (
    <CardSection className={name} titleId={titleId} title={t(`${kind}.title`)} testId={name}>
      {done ? (
        <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef} data-testid={doneTestId}>
          {done}
        </p>
      ) : null}
      {failed?.error ? <ErrorNotice error={failed.error} onRetry={() => void failed.refetch()} /> : null}
      {loading && items.length === 0 ? <Loading /> : null}
      {!loading && items.length === 0 ? <p className="empty">{t(`${kind}.empty`)}</p> : null}
      {items.length > 0 ? (
        <ul className="cards" aria-label={t(`${kind}.caption`, { unit: unitName })}>
          {items.map((item) => (
            <li key={item.child.id}>{renderItem(item, setDone)}</li>
          ))}
        </ul>
      ) : null}
    </CardSection>
  );
}
