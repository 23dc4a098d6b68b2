import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DirectiveSummary } from '../../api';
import { AmendDirectiveDate } from './AmendDirectiveDate';
import { formatDate } from '../../lib/format';
import { useTRPC } from '../../trpc';

/** "Điều chỉnh hạn báo cáo": the issuer moves every unit's report deadline, with a reason and a confirmation. */
export function AmendDeadline({ directive }: { directive: Pick<DirectiveSummary, 'id' | 'reference'> }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const amend = useMutation(
    trpc.directives.amendDeadline.mutationOptions(),
  );
  return (
    <AmendDirectiveDate
      directive={directive}
      texts="amend"
      testIds="amend"
      sectionTestId="amend-deadline"
      amend={{
        ...amend,
        mutate: (reportDate, reason) => amend.mutate({ directiveId: directive.id, reportDate, reason }),
        done: amend.data ? t('amend.done', { date: formatDate(amend.data.reportDate), count: amend.data.assignments }) : null,
      }}
    />
  );
}
