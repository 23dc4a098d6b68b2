import { useMutation } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { DirectiveSummary } from '../../api';
import { AmendDirectiveDate } from './AmendDirectiveDate';
import { formatDate } from '../../lib/format';
import { useTRPC } from '../../trpc';

/** "Điều chỉnh hạn tiếp nhận": the issuer moves the acknowledgement deadline of every unit that has not acknowledged yet, with a reason and a confirmation. */
export function AmendAcknowledgement({ directive }: { directive: Pick<DirectiveSummary, 'id' | 'reference'> }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const amend = useMutation(
    trpc.directives.amendAcknowledgement.mutationOptions(),
  );
  return (
    <AmendDirectiveDate
      directive={directive}
      texts="amendAck"
      testIds="amend-ack"
      sectionTestId="amend-acknowledgement"
      amend={{
        ...amend,
        mutate: (acknowledgeDate, reason) => amend.mutate({ directiveId: directive.id, acknowledgeDate, reason }),
        done: amend.data ? t('amendAck.done', { date: formatDate(amend.data.acknowledgeDate) }) : null,
      }}
    />
  );
}
