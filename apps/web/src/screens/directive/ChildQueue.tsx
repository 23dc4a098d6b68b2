import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { CardSection } from '../../components/Card';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';

/** The card's words, translated. */
interface QueueTexts {
  readonly title: string;
  readonly empty: string;
  readonly caption: string;
}

/**
 * A card of the child units waiting on this unit (reports to review, requests to decide): one card
 * per unit, what is loading or failed, or that none waits. A decided item leaves the list; its outcome
 * (passed to `onDone` by the item) stays here, and focus with it.
 */
export function ChildQueue<T extends { readonly child: { readonly id: string } }>({
  className,
  testId,
  doneTestId,
  texts,
  items,
  loading,
  failed,
  renderItem,
}: {
  className: string;
  testId: string;
  /** The test id of the outcome notice. */
  doneTestId: string;
  texts: QueueTexts;
  items: readonly T[];
  loading: boolean;
  failed: { readonly error: unknown; refetch(): unknown } | undefined;
  renderItem: (item: T, onDone: (message: string) => void) => ReactNode;
}) {
  const titleId = useId();
  const [done, setDone] = useState<string | null>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (done) doneRef.current?.focus();
  }, [done]);
  return (
    <CardSection className={className} titleId={titleId} title={texts.title} testId={testId}>
      {done ? (
        <p className="notice notice--success" role="status" tabIndex={-1} ref={doneRef} data-testid={doneTestId}>
          {done}
        </p>
      ) : null}
      {failed?.error ? <ErrorNotice error={failed.error} onRetry={() => void failed.refetch()} /> : null}
      {loading && items.length === 0 ? <Loading /> : null}
      {!loading && items.length === 0 ? <p className="empty">{texts.empty}</p> : null}
      {items.length > 0 ? (
        <ul className="cards" aria-label={texts.caption}>
          {items.map((item) => (
            <li key={item.child.id}>{renderItem(item, setDone)}</li>
          ))}
        </ul>
      ) : null}
    </CardSection>
  );
}
