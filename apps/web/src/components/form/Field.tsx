import type { ReactElement, ReactNode } from 'react';
import { useId } from 'react';
import {
  FormProvider,
  get,
  useFormContext,
  useFormState,
  type FieldPath,
  type FieldValues,
  type RegisterOptions,
  type SubmitHandler,
  type UseFormRegisterReturn,
  type UseFormReturn,
} from 'react-hook-form';
import type { ParseKeys } from 'i18next';
import { useTranslation } from 'react-i18next';
import { Icon } from '../Icon';

/**
 * The one way to write a form here: `react-hook-form` state, `<Form>` around it, a `<Field>` per control
 * and `<FormActions>` at the end. Rules return an i18n key (or a message already in words); the field
 * shows it in the current language, ties it to the control (aria-describedby, aria-invalid) and announces
 * it. On a refused submit react-hook-form focuses the first invalid control.
 */
export function Form<T extends FieldValues>({
  form,
  onSubmit,
  children,
  className,
  testId,
  describedBy,
}: {
  form: UseFormReturn<T>;
  onSubmit: SubmitHandler<T>;
  children: ReactNode;
  className?: string;
  testId?: string;
  describedBy?: string;
}) {
  return (
    <FormProvider {...form}>
      <form className={className} data-testid={testId} aria-describedby={describedBy} noValidate onSubmit={(e) => void form.handleSubmit(onSubmit)(e)}>
        {children}
      </form>
    </FormProvider>
  );
}

/** What a field hands its control: spread it on the input, select or textarea. */
export type ControlProps = UseFormRegisterReturn & {
  id: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
};

/** A rule's message: an i18n key when there is one, else the words given. */
export function useMessage(): (message: unknown) => string | null {
  const { t, i18n } = useTranslation();
  return (message) => (typeof message === 'string' && message !== '' ? (i18n.exists(message) ? t(message as ParseKeys) : message) : null);
}

/** The error text of a control, announced when it appears (unless a summary above announces it already). */
export function FieldError({ id, message, announce = true }: { id?: string; message: string | null; announce?: boolean }) {
  if (!message) return null;
  return (
    <p className="field__error" id={id} role={announce ? 'alert' : undefined}>
      <Icon name="alert" /> {message}
    </p>
  );
}

/**
 * A labelled control of the surrounding `<Form>`: label, the control (an `<input type="text">` unless
 * `children` renders another from the props it is given), a hint, and the rule's message once broken.
 */
export function Field<T extends FieldValues>({
  name,
  label,
  hint,
  rules,
  className,
  children,
}: {
  name: FieldPath<T>;
  label: ReactNode;
  hint?: ReactNode;
  rules?: RegisterOptions<T, FieldPath<T>>;
  className?: string;
  children?: (control: ControlProps) => ReactElement;
}) {
  const id = useId();
  const { register } = useFormContext<T>();
  const { errors } = useFormState<T>({ name });
  const message = useMessage()((get(errors, name) as { message?: unknown } | undefined)?.message);
  const describedBy = [hint ? `${id}-hint` : null, message ? `${id}-error` : null].filter(Boolean).join(' ');
  const control: ControlProps = {
    ...register(name, rules),
    id,
    'aria-invalid': message ? true : undefined,
    'aria-describedby': describedBy || undefined,
  };
  return (
    <div className={['field', message ? 'field--invalid' : null, className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{label}</label>
      {children ? children(control) : <input type="text" {...control} />}
      {hint ? (
        <p className="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      <FieldError id={`${id}-error`} message={message} />
    </div>
  );
}

/** The key of a message in i18n/vi.ts and en.ts. */
export type MessageKey = ParseKeys;

/** A rule for text that must not be blank (spaces alone do not count). */
export function filled(messageKey: MessageKey): (value: unknown) => true | string {
  return (value) => (typeof value === 'string' && value.trim() !== '') || messageKey;
}
