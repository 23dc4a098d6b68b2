import { unitDisplayName } from '@chidao/domain';
import { useId, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Overview, OverviewChild } from '../api';
import { AckRatio, AckSummary } from '../components/Progress';
import { StateBadge } from '../components/StateBadge';
import { DeadlineLine } from '../components/Standing';
import { UnitNameCell } from '../components/Table';
import { formatClock, formatDate, formatNumber } from '../lib/format';
import { hrefFor } from '../lib/route';

type Heading = 'h2' | 'h3';

/**
 * One directive seen from one unit: the unit's own state, "x / y đã tiếp nhận" below it, and a row per
 * child unit. `trail` is the path of unit ids from the signed-in unit down to this one (empty at home).
 */
export function OverviewPanel({
  overview,
  trail,
  updatedAt,
  heading: H,
  openLink = false,
  rowAction,
}: {
  overview: Overview;
  trail: readonly string[];
  updatedAt: number;
  heading: Heading;
  /** Link to the directive's own tracking page (shown on the home page). */
  openLink?: boolean;
  /** An action on a child's row (the assigner's "Giao lại"), or null where there is none for that child. */
  rowAction?: (child: OverviewChild) => ReactNode;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const captionId = useId();
  const { directive, unit, own, below, children, delivery } = overview;
  const ownState = own ? own.state : directive.issuerUnitId === unit.id ? 'issuer' : 'notAssigned';
  const Sub = H === 'h2' ? 'h3' : 'h4';
  // A column of dashes says nothing: show "below" counts only when some child has units below it.
  const showBelow = children.some((child) => child.below.total > 0);
  return (
    <section
      className="card overview"
      aria-labelledby={titleId}
      data-testid={`overview-${directive.id}`}
      data-unit-id={unit.id}
    >
      <header className="card__header">
        <H id={titleId} className="card__title">
          {t('overview.sectionTitle', { reference: directive.reference })}
        </H>
      </header>
      <p className="overview__subject">
        {directive.subject}{' '}
        <span className="overview__meta muted">
          · {t(`directives.kind.${directive.kind}` as const)} · {formatDate(directive.date)} · {unitDisplayName(directive.issuerName)}
        </span>
      </p>
      <dl className="facts">
        <div>
          <dt>{t('overview.unit')}</dt>
          <dd data-testid="overview-unit">{unit.name}</dd>
        </div>
        <div>
          <dt>{t('overview.ownState')}</dt>
          <dd data-testid="overview-own-state">
            <StateBadge state={ownState} acknowledgedAt={own?.acknowledgedAt ?? null} />
          </dd>
        </div>
        {/* A commune has no units below it: "Không có" there says nothing. */}
        {overview.hasUnitsBelow ? (
          <div>
            <dt>{t('overview.below')}</dt>
            <dd data-testid="overview-below">
              {delivery ? <Delivering delivery={delivery} /> : <AckSummary count={below} />}
            </dd>
          </div>
        ) : null}
      </dl>
      {children.length === 0 ? (
        // Still being delivered: the units arrive in a moment, so not "assigned to none" meanwhile.
        overview.hasUnitsBelow && !delivery ? <p className="empty">{t('overview.noChildren')}</p> : null
      ) : (
        <div className="table-wrap">
          {/* The heading outside the table names it: a caption may not hold a heading. */}
          <Sub className="children__caption" id={captionId}>
            {t('overview.childrenCaption', { unit: unit.name })}
          </Sub>
          <table className="children" aria-labelledby={captionId}>
            <thead>
              <tr>
                <th scope="col">{t('overview.childName')}</th>
                <th scope="col">{t('overview.childState')}</th>
                <th scope="col">{t('standing.column')}</th>
                {showBelow ? (
                  <th scope="col">
                    {t('overview.childBelow')}
                  </th>
                ) : null}
                {rowAction ? (
                  <th scope="col">
                    {t('overview.childActions')}
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {children.map((child) => (
                <ChildRow
                  key={child.id}
                  child={child}
                  showBelow={showBelow}
                  action={rowAction ? (rowAction(child) ?? null) : undefined}
                  href={hrefFor({ name: 'directive', directiveId: directive.id, trail: [...trail, child.id] })} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <footer className="overview__footer">
        <p className="live muted">{t('overview.live', { time: formatClock(updatedAt) })}</p>
        {openLink ? (
          <a className="button button--secondary" href={hrefFor({ name: 'directive', directiveId: directive.id, trail: [] })}>
            {t('overview.open')}
          </a>
        ) : null}
      </footer>
    </section>
  );
}

/**
 * Right after issuing, while the workflow delivers the directive unit by unit (the fan-out): "Đã ban
 * hành", and how many of the planned units have it so far, instead of "Không có" and "0 / 0".
 */
function Delivering({ delivery }: { delivery: NonNullable<Overview['delivery']> }) {
  const { t } = useTranslation();
  return (
    <span className="ack ack--delivering" data-testid="overview-delivery" data-delivered={delivery.delivered} data-planned={delivery.planned}>
      <strong>{t('overview.issued')}</strong> · {t('overview.delivering', { delivered: formatNumber(delivery.delivered), planned: formatNumber(delivery.planned) })}
    </span>
  );
}

function ChildRow({ child, href, showBelow, action }: { child: OverviewChild; href: string; showBelow: boolean; action?: ReactNode }) {
  const { t } = useTranslation();
  // Every assigned unit opens: down to a commune's own reports.
  const drillable = child.below.total > 0 || child.own !== null;
  return (
    <tr data-testid={`child-${child.id}`} data-state={child.own ?? 'notAssigned'}>
      <UnitNameCell label={t('overview.childName')} name={child.name} href={drillable ? href : null} />
      <td data-label={t('overview.childState')}>
        <StateBadge state={child.own ?? 'notAssigned'} />
      </td>
      <td data-label={t('standing.column')}>
        <DeadlineLine deadline={child.deadline} standing={child.standing} />
        {child.overdueBelow > 0 ? <span className="standing-below">{t('standing.overdueBelow', { count: child.overdueBelow })}</span> : null}
      </td>
      {showBelow ? (
        <td data-label={t('overview.childBelow')}>
          <AckRatio count={child.below} />
        </td>
      ) : null}
      {action !== undefined ? (
        <td data-label={t('overview.childActions')} className="children__action">
          {action}
        </td>
      ) : null}
    </tr>
  );
}
