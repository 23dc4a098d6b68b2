import { useId } from 'react';
import { useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { formatDate } from '../../lib/format';
import { quote, type Draft, type ImplementsValue } from '../../lib/issue';
import { hrefFor } from '../../lib/route';
import type { Shared } from './fields';

/**
 * The assignment this directive carries out (issue 25), and the documents it rests on as the intake
 * read them ("Thực hiện Công văn số 2841/BTTTT-THH …"), each quoted. A cited directive of this system
 * is named with a link to it and proposed as the one carried out: the person confirms, and issuing
 * records the link (the server checks the issuing unit received it). A form opened with "Ban hành
 * văn bản thực hiện" starts linked; the link can be removed.
 */
export function BasisSection({ draft, source, control, setValue, issuer, errorOf }: Pick<Shared, 'control' | 'setValue' | 'issuer' | 'errorOf'> & { draft: Draft | null; source: string | null }) {
  const { t } = useTranslation();
  const id = useId();
  const linked = useWatch({ control, name: 'implements' }) ?? null;
  // A draft kept on the device before citations were read has none.
  const cited = source === null ? [] : (draft?.basis ?? []);
  if (cited.length === 0 && linked === null) return null;
  const link = (value: ImplementsValue | null) => setValue('implements', value, { shouldDirty: true });
  const error = errorOf('implements');
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="issue-basis">
      <h2 id={`${id}-title`} className="card__title">
        {cited.length > 0 ? t('issue.basis.title', { count: cited.length }) : t('issue.basis.linkedTitle')}
      </h2>
      {linked ? (
        <div className="notice" data-testid="issue-implements">
          <p>{t('issue.basis.linked', { citation: linked.citation })}</p>
          {error ? (
            <p className="field__error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="button" className="button button--secondary" onClick={() => link(null)} data-testid="issue-implements-remove">
            {t('issue.basis.unlink')}
          </button>
        </div>
      ) : null}
      {cited.length > 0 ? (
        <ul className="request-list">
          {cited.map((doc, i) => {
            const span = draft!.spans.basis?.[i];
            const citation = `${doc.reference}${doc.date ? ` ${t('issue.basis.dated', { date: formatDate(doc.date) })}` : ''}${doc.issuer ? ` ${t('issue.basis.of', { issuer: doc.issuer })}` : ''}`;
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
                    {linked?.directiveId !== doc.directiveId ? (
                      <>
                        {' '}
                        <button
                          type="button"
                          className="button button--secondary"
                          onClick={() => link({ directiveId: doc.directiveId!, unitId: issuer.id, citation })}
                          data-testid="issue-basis-propose"
                        >
                          {t('issue.basis.propose')}
                        </button>
                      </>
                    ) : null}
                  </>
                ) : null}
                {span ? (
                  <span className="hint issue__sample">
                    <span className="visually-hidden">{t('issue.fromSource')}: </span>
                    <q>{quote(source!, span)}</q>
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </section>
  );
}
