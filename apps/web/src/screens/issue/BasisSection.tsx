import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format';
import { quote, type Draft } from '../../lib/issue';
import { hrefFor } from '../../lib/route';

/**
 * The documents this one carries out or rests on ("Thực hiện Công văn số 2841/BTTTT-THH …"), as the
 * intake read them, each quoted; one that is a directive of this system, received by the reader's
 * unit, is named with a link to it. Read-only: the link is proposed, not yet recorded on issue.
 */
export function BasisSection({ draft, source }: { draft: Draft | null; source: string | null }) {
  const { t } = useTranslation();
  const id = useId();
  // A draft kept on the device before citations were read has none.
  const cited = draft?.basis ?? [];
  if (cited.length === 0 || source === null) return null;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="issue-basis">
      <h2 id={`${id}-title`} className="card__title">
        {t('issue.basis.title', { count: cited.length })}
      </h2>
      <ul className="request-list">
        {cited.map((doc, i) => {
          const span = draft!.spans.basis?.[i];
          return (
            <li key={`${doc.reference}-${i}`} data-testid="issue-basis-item">
              <strong>
                {doc.name} {doc.reference}
              </strong>
              {doc.date ? ` ${t('issue.basis.dated', { date: formatDate(doc.date) })}` : null}
              {doc.issuer ? ` ${t('issue.basis.of', { issuer: doc.issuer })}` : null}
              {doc.directiveId ? (
                <>
                  {' · '}
                  <a href={hrefFor({ name: 'directive', directiveId: doc.directiveId, trail: [] })} data-testid="issue-basis-link">
                    {t('issue.basis.known')}
                  </a>
                </>
              ) : null}
              {span ? (
                <span className="hint issue__sample">
                  <span className="visually-hidden">{t('issue.fromSource')}: </span>
                  <q>{quote(source, span)}</q>
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
