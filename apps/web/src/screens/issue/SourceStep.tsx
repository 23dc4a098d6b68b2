import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from '../../components/ErrorNotice';
import { Icon } from '../../components/Icon';
import { formatNumber } from '../../lib/format';
import type { IssueOptions, ParseResult } from '../../lib/issue';
import { useTRPC } from '../../trpc';

/** An upload larger than this is refused before it is sent (the API's own limit). */
const FILE_MAX_BYTES = 256 * 1024;

/** "Soạn mới": a blank form, with the units the issuer may address loaded for its pickers. */
export function BlankStart({ onStart }: { onStart: (options: IssueOptions) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const id = useId();
  const options = useQuery(trpc.directives.issueOptions.queryOptions(undefined, { staleTime: 5 * 60_000 }));
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card__title">
        {t('issue.blank.title')}
      </h2>
      <p className="hint">{t('issue.blank.hint')}</p>
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
    </section>
  );
}

export function SourceStep({ onParsed }: { onParsed: (result: ParseResult) => void }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const id = useId();
  const [text, setText] = useState('');
  const [fileError, setFileError] = useState<string | null>(null);
  const parse = useMutation(trpc.intake.parse.mutationOptions({ onSuccess: onParsed }));

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    setFileError(null);
    if (!file) return;
    if (!/\.(txt|md|docx)$/i.test(file.name)) return setFileError(t('issue.source.fileType'));
    if (file.size > FILE_MAX_BYTES) return setFileError(t('issue.source.fileTooLarge', { size: formatNumber(Math.round(FILE_MAX_BYTES / 1024)) }));
    const bytes = new Uint8Array(await file.arrayBuffer());
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    parse.mutate({ file: { name: file.name, base64: btoa(binary) } });
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (text.trim() !== '') parse.mutate({ text });
  };
  return (
    <section className="card" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className="card__title">
        {t('issue.source.title')}
      </h2>
      <p className="hint">{t('issue.source.hint')}</p>
      <form onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor={`${id}-text`}>{t('issue.source.paste')}</label>
          <textarea id={`${id}-text`} rows={12} className="issue__source" value={text} onChange={(e) => setText(e.target.value)} data-testid="issue-source" />
        </div>
        <div className="button-row">
          <button type="submit" className="button button--primary" disabled={parse.isPending || text.trim() === ''} data-testid="issue-read">
            {parse.isPending ? t('issue.source.reading') : t('issue.source.read')}
          </button>
        </div>
        <div className="field">
          <label htmlFor={`${id}-file`}>{t('issue.source.upload')}</label>
          <input id={`${id}-file`} type="file" accept=".txt,.md,.docx" onChange={(e) => void onFile(e)} data-testid="issue-file" />
          {fileError ? (
            <p className="field__error">
              <Icon name="alert" /> {fileError}
            </p>
          ) : null}
        </div>
      </form>
      {parse.isError ? <ErrorNotice error={parse.error} /> : null}
    </section>
  );
}
