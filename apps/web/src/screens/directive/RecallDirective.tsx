import { useMutation } from '@tanstack/react-query';
import type { DirectiveSummary } from '../../api';
import { ReasonedAction } from '../../components/form/ReasonedAction';
import { useTRPC } from '../../trpc';

/** "Thu hồi": the issuer withdraws the directive, with a reason and a second, explicit confirmation. */
export function RecallDirective({ directive }: { directive: Pick<DirectiveSummary, 'id' | 'reference'> }) {
  const trpc = useTRPC();
  const recall = useMutation(trpc.directives.recall.mutationOptions());
  return (
    <ReasonedAction
      words="recall"
      reference={directive.reference}
      pending={recall.isPending}
      error={recall.error}
      done={recall.isSuccess}
      onConfirm={(reason) => recall.mutate({ directiveId: directive.id, reason })}
      testId="recall"
      buttonClass="button--danger"
      buttonIcon="undo"
      confirmClass="button--danger"
    />
  );
}
