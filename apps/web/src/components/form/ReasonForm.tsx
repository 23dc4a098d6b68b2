import { useEffect, type ComponentProps } from 'react';
import { useForm } from 'react-hook-form';
import { TextAreaField } from './DateField';
import { Form, type MessageKey } from './Field';
import { FormActions } from './FormActions';
import { useKeptDraft } from '../../lib/useKeptDraft';

interface ReasonValues {
  text: string;
}

/**
 * A form of one required text (a reason, a note, a question) opened by a button beside it: it takes the
 * focus when it appears, and hands the trimmed text to `onSubmit`. What is typed is kept on the device
 * under `draft` (useKeptDraft) until cancelled here or, once sent, forgotten by the caller.
 */
export function ReasonForm({
  label,
  hint,
  requiredKey,
  rows = 2,
  textTestId,
  testId,
  className = 'request-form',
  onSubmit,
  draft,
  ...actions
}: {
  label: string;
  hint?: string;
  requiredKey: MessageKey;
  rows?: number;
  textTestId?: string;
  testId?: string;
  className?: string;
  onSubmit: (text: string) => void;
  /** The form's name among the user's drafts (useKeptDraft), unique on the page: `review-return:<assignment>:<version>`. */
  draft: string;
} & ComponentProps<typeof FormActions>) {
  const form = useForm<ReasonValues>({ defaultValues: { text: '' } });
  const forget = useKeptDraft(form, draft);
  useEffect(() => form.setFocus('text'), [form]);
  const { onCancel } = actions;
  return (
    <Form form={form} onSubmit={({ text }) => onSubmit(text.trim())} className={className} testId={testId}>
      <TextAreaField<ReasonValues> name="text" label={label} hint={hint} requiredKey={requiredKey} rows={rows} testId={textTestId} />
      <FormActions
        {...actions}
        {...(onCancel
          ? {
              onCancel: () => {
                forget();
                onCancel();
              },
            }
          : {})}
      />
    </Form>
  );
}
