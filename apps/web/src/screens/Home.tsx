import { useQueries, useQuery } from '@tanstack/react-query';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, Loading } from '../components/ErrorNotice';
import { useMe } from '../session';
import { DirectiveList } from './DirectiveList';
import { EscalationsLink } from './EscalationsLink';
import { MyTasks } from './MyTasks';
import { hasBelow, overviewRefetchInterval } from './overview';
import { useTRPC } from '../trpc';

/**
 * Only a unit with units below it (a district, a province, the issuer) sees overviews: a commune's
 * home page, the one on slow 3G, does not download them (issue 22's load budget).
 */
const OverviewPanel = lazy(() => import('./OverviewPanel').then((m) => ({ default: m.OverviewPanel })));

/** My tasks first; then, for a unit with units below it (or the issuer), how far each directive has got. */
export function Home() {
  const { t } = useTranslation();
  return (
    <div className="page home">
      <h1 id="page-title" className="visually-hidden" tabIndex={-1}>
        {t('home.title')}
      </h1>
      <EscalationsLink />
      <MyTasks />
      <HomeOverviews />
    </div>
  );
}

function HomeOverviews() {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const me = useMe().data ?? null;
  const list = useQuery(trpc.directives.list.queryOptions());
  const overviews = useQueries({
    queries: (list.data ?? []).map((directive) =>
      trpc.directives.overview.queryOptions({ directiveId: directive.id }, { refetchInterval: overviewRefetchInterval }),
    ),
  });
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />;
  // A unit with nothing below it (a commune, a department) has only its own tasks to see.
  const shown = overviews.filter((q) => q.isPending || q.isError || (q.data && hasBelow(q.data)));
  const directiveList = me ? <DirectiveList me={me} /> : null;
  if (shown.length === 0) return directiveList;
  return (
    <>
    {directiveList}
    <section className="overviews" aria-labelledby="overviews-title" data-testid="overviews">
      <h2 id="overviews-title">{t('overview.title')}</h2>
      {overviews.map((q, i) => {
        const key = list.data[i]?.id ?? String(i);
        if (q.isPending) return <Loading key={key} />;
        if (q.isError) return <ErrorNotice key={key} error={q.error} onRetry={() => void q.refetch()} />;
        if (!hasBelow(q.data)) return null;
        return (
          <Suspense key={key} fallback={<Loading />}>
            <OverviewPanel overview={q.data} trail={[]} updatedAt={q.dataUpdatedAt} heading="h3" openLink />
          </Suspense>
        );
      })}
    </section>
    </>
  );
}
