import { useMutation } from '@tanstack/react-query';
import type { DirectiveSummary } from '../../api';
import { ReasonedAction } from '../../components/form/ReasonedAction';
import { useTRPC } from '../../trpc';

/**
 * "Kết thúc báo cáo định kỳ": the issuer ends the periodic reports of a directive that asked for them
 * ("… cho đến khi có chỉ đạo khác"), with a reason and a confirmation. Periods whose figures closed by
 * now are still owed.
 */
export function EndProgressReports({ directive }: { directive: Pick<DirectiveSummary, 'id' | 'reference'> }) {
  const trpc = useTRPC();
  const end = useMutation(trpc.directives.endProgressReports.mutationOptions());
  return (
    <ReasonedAction
      words="endProgress"
      reference={directive.reference}
      pending={end.isPending}
      error={end.error}
      done={end.isSuccess}
      onConfirm={(reason) => end.mutate({ directiveId: directive.id, reason })}
      testId="end-progress"
    />
  );
}
