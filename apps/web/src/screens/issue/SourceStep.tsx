import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useRef, useState, type ChangeEvent, type ReactNode } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Field, FieldError, Form } from '../../components/form/Field';
import { FormActions } from '../../components/form/FormActions';
import { formatNumber } from '../../lib/format';
import type { IssueOptions, ParseResult } from '../../lib/issue';
import { useTRPC } from '../../trpc';
import { uploadOf, type Upload } from '../../lib/files';

/** An upload larger than this is refused before it is sent (the API's own limits): a text or .docx… */
const FILE_MAX_BYTES = 256 * 1024;
/** …and a PDF or a scanned page (.png, .jpg), read by OCR where it has no text, or an edXML package (.edxml, .xml) with its attachments. */
const SCAN_MAX_BYTES = 2 * 1024 * 1024;
const TEXT_FILE = /\.(txt|md|docx)$/i;
const SCAN_FILE = /\.(pdf|png|jpe?g)$/i;
const PACKAGE_FILE = /\.(edxml|xml)$/i;

/** A card of the first step, a way to start a directive: its title and what it is for, then what it holds. */
function StartCard({ titleId, title, hint, children }: { titleId: string; title: string; hint: string; children: ReactNode }) {
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId} className="card__title">
        {title}
      </h2>
      <p className="hint">{hint}</p>
      {children}
    </section>
  );
}

/** "Soạn mới": a blank form, with the units the issuer may address loaded for its pickers. */
export function BlankStart({ onStart }: { onStart: (options: IssueOptions) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const id = useId();
  const options = useQuery(trpc.directives.issueOptions.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  return (
    <StartCard titleId={`${id}-title`} title={t('issue.blank.title')} hint={t('issue.blank.hint')}>
      {options.isError ? <ErrorNotice error={options.error} onRetry={() => void options.refetch()} /> : null}
      <div className="button-row">
        <button
          type="button"
          className="button button--primary"
          disabled={!options.isSuccess}
          onClick={() => (options.data ? onStart(options.data) : undefined)}
          data-testid="issue-blank"
        >
          {options.isPending ? t('app.loading') : t('issue.blank.start')}
        </button>
      </div>
    </StartCard>
  );
}

/**
 * `original`: the PDF or scan the draft was read from, kept to be attached as the directive's original
 * once it is issued (null for a pasted text or a .docx/.txt).
 */
export function SourceStep({ onParsed }: { onParsed: (result: ParseResult, original: Upload | null) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const id = useId();
  const form = useForm<{ text: string }>({ defaultValues: { text: '' } });
  const text = useWatch({ control: form.control, name: 'text' });
  const [fileError, setFileError] = useState<string | null>(null);
  // A scan is read by OCR on the server, seconds a page: the person is told why it takes long.
  const [scanName, setScanName] = useState<string | null>(null);
  const read = useRef<Upload | null>(null);
  const parse = useMutation(trpc.intake.parse.mutationOptions({ onSuccess: (result) => onParsed(result, read.current) }));

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    setFileError(null);
    if (!file) return;
    const scan = SCAN_FILE.test(file.name);
    const packaged = PACKAGE_FILE.test(file.name);
    if (!scan && !packaged && !TEXT_FILE.test(file.name)) return setFileError(t('issue.source.fileType'));
    const max = scan || packaged ? SCAN_MAX_BYTES : FILE_MAX_BYTES;
    if (file.size > max) return setFileError(t('issue.source.fileTooLarge', { size: formatNumber(Math.round(max / 1024)) }));
    setScanName(scan ? file.name : null);
    const upload = await uploadOf(file);
    read.current = scan ? upload : null;
    parse.mutate({ file: upload });
  };
  const submit = ({ text }: { text: string }) => {
    read.current = null;
    if (text.trim() !== '') parse.mutate({ text });
  };
  return (
    <StartCard titleId={`${id}-title`} title={t('issue.source.title')} hint={t('issue.source.hint')}>
      <Form form={form} onSubmit={submit}>
        <Field<{ text: string }> name="text" label={t('issue.source.paste')}>
          {(control) => <textarea {...control} rows={12} className="issue__source" data-testid="issue-source" />}
        </Field>
        <FormActions
          submitLabel={t('issue.source.read')}
          pendingLabel={t('issue.source.reading')}
          pending={parse.isPending}
          disabled={text.trim() === ''}
          submitTestId="issue-read"
        />
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('issue.source.upload')}</label>
          <input id={`${id}-file`} type="file" accept=".txt,.md,.docx,.pdf,.png,.jpg,.jpeg,.edxml,.xml" onChange={(e) => void onFile(e)} aria-describedby={fileError ? `${id}-file-error` : undefined} data-testid="issue-file" />
          <FieldError id={`${id}-file-error`} message={fileError} />
          <p className="hint" role="status">
            {parse.isPending && scanName ? t('issue.source.readingScan', { name: scanName }) : null}
          </p>
        </div>
      </Form>
      {parse.isError ? <ErrorNotice error={parse.error} /> : null}
    </StartCard>
  );
}
