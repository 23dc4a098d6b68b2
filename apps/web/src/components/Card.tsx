import type { ReactNode } from 'react';

/**
 * A card of the page: a section labelled by the h2 title in its header. `header` is what else the
 * header holds after the title (a filter, a badge); `unitId` marks a card that shows one unit.
 */
export function CardSection({
  className,
  titleId,
  title,
  testId,
  unitId,
  header,
  children,
}: {
  className: string;
  titleId: string;
  title: ReactNode;
  testId: string;
  unitId?: string;
  header?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <section className={`card ${className}`} aria-labelledby={titleId} data-testid={testId} data-unit-id={unitId}>
      <header className="card__header">
        <h2 id={titleId} className="card__title">
          {title}
        </h2>
        {header}
      </header>
      {children}
    </section>
  );
}
