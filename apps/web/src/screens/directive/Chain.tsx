import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Me, Overview } from '../../api';
import { ErrorNotice } from '../../components/ErrorNotice';
import { deviceDrafts } from '../../device';
import { vietnamDay } from '../../lib/dates';
import { formatDate } from '../../lib/format';
import { formFromImplementing } from '../../lib/issue';
import { saveIssueDraft } from '../../lib/issueDraft';
import { hrefFor } from '../../lib/route';
import { useTRPC } from '../../trpc';

/**
 * Directive chains on the directive's page (issue 25): what the directive carries out, "Ban hành văn
 * bản thực hiện" for a unit that received it, and which units below issued their own to carry it
 * out, with a link down the chain where the reader may follow it.
 */

/** "Thực hiện Công văn số 2841/BTTTT-THH ngày 01/08/2020 của …", linked when the reader may see it. */
export function ImplementsNote({ overview }: { overview: Overview }) {
  const { t } = useTranslation();
  const parent = overview.implements;
  if (!parent) return null;
  const text = t('chain.implements', { kind: t(`issue.documentKind.${parent.kind}`), reference: parent.reference, date: formatDate(parent.date), issuer: parent.issuerName });
  return (
    <p className="hint" data-testid="directive-implements">
      {parent.directiveId ? <a href={hrefFor({ name: 'directive', directiveId: parent.directiveId, trail: [] })}>{text}</a> : text}
    </p>
  );
}

/**
 * "Ban hành văn bản thực hiện": opens the issue form filled from the unit's assignment (chains.draft)
 * and linked to it. The form is kept as a device draft, as any form being written, so Back and a
 * reload find it.
 */
export function ImplementButton({ overview, me }: { overview: Overview; me: Me }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<unknown>(null);
  const [opening, setOpening] = useState(false);
  const own = overview.own;
  if (!own) return null;
  const open = async () => {
    setOpening(true);
    setError(null);
    try {
      const [draft, options] = await Promise.all([
        queryClient.fetchQuery(trpc.chains.draft.queryOptions({ assignmentId: own.id })),
        queryClient.fetchQuery(trpc.directives.issueOptions.queryOptions(undefined, { staleTime: 5 * 60_000 })),
      ]);
      const values = formFromImplementing(draft, { place: options.place, today: vietnamDay(new Date().toISOString())!, defaults: options.defaults });
      const start = { kind: 'blank' as const, options };
      saveIssueDraft(deviceDrafts, me.id, { start, values });
      window.location.hash = hrefFor({ name: 'issue', step: 'draft' });
    } catch (e) {
      setError(e);
    } finally {
      setOpening(false);
    }
  };
  return (
    <div className="button-row" data-testid="implement">
      <button type="button" className="button button--secondary" onClick={() => void open()} disabled={opening} data-testid="implement-open">
        {opening ? t('app.loading') : t('chain.implement')}
      </button>
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}

/** Per unit below that holds the directive: the directives it issued to carry it out, when, and how many of theirs are late. */
export function ChainBelow({ overview, trail }: { overview: Overview; trail: readonly string[] }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const id = useId();
  const below = useQuery(trpc.chains.below.queryOptions({ directiveId: overview.directive.id, unitId: overview.unit.id }));
  if (below.isError) return <ErrorNotice error={below.error} onRetry={() => void below.refetch()} />;
  if (!below.isSuccess || below.data.length === 0) return null;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="chain-below">
      <h2 id={`${id}-title`} className="card__title">
        {t('chain.belowTitle')}
      </h2>
      <div className="table-wrap">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t('chain.unit')}</th>
              <th scope="col">{t('chain.issued')}</th>
            </tr>
          </thead>
          <tbody>
            {below.data.map((unit) => (
              <tr key={unit.unitId} data-unit={unit.unitId}>
                <th scope="row">
                  <a href={hrefFor({ name: 'directive', directiveId: overview.directive.id, trail: [...trail, unit.unitId] })}>{unit.name}</a>
                </th>
                <td>
                  {unit.implementing.length === 0 ? <span className="muted">{t('chain.none')}</span> : null}
                  {unit.implementing.map((d, i) => (
                    <p key={i}>
                      {d.directiveId ? (
                        <a href={hrefFor({ name: 'directive', directiveId: d.directiveId, trail: [] })} data-testid="chain-link">
                          {t('chain.numbered', { reference: d.reference, date: formatDate(d.date) })}
                        </a>
                      ) : (
                        t('chain.dated', { date: formatDate(d.date) })
                      )}
                      {' · '}
                      {t('chain.entered', { date: formatDate(d.enteredAt) })}
                      {d.overdue ? <strong className="standing standing--overdue"> · {t('chain.overdue', { count: d.overdue })}</strong> : null}
                    </p>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
