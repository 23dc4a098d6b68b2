import { ORIGINAL_FILE_MAX_BYTES } from '@chidao/domain';
import { useMutation, useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice, Loading } from '../../components/ErrorNotice';
import { FieldError } from '../../components/form/Field';
import { uploadOf } from '../../lib/files';
import { formatDate } from '../../lib/format';
import { fullTextParagraphs } from '../../lib/fullText';
import { hrefFor } from '../../lib/route';
import { useTRPC } from '../../trpc';

// PDF.js is a chunk of its own, fetched only when the original is opened: reading the full text, or
// any other page, never downloads it.
const OriginalViewer = lazy(() => import('./OriginalViewer').then((m) => ({ default: m.OriginalViewer })));

/** A file's size as people say it: "245 KB", "1,2 MB". */
function fileSize(bytes: number, locale: string): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024)).toLocaleString(locale)} KB`;
  return `${(bytes / (1024 * 1024)).toLocaleString(locale, { maximumFractionDigits: 1 })} MB`;
}

/**
 * A directive's document, for every unit that sees it: its original file (the signed PDF, shown with
 * PDF.js with its text selectable and found by the browser's search; a scan shown as a picture) and
 * its full text (toàn văn).
 */
export function DocumentPage({ directiveId }: { directiveId: string }) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const document = useQuery(trpc.directives.document.queryOptions({ directiveId }));
  const [open, setOpen] = useState(false);
  const viewerId = useId();
  const data = document.data;
  return (
    <div className="page document-page">
      <nav className="breadcrumb" aria-label={t('overview.breadcrumb')}>
        <ol>
          <li>
            <a href={hrefFor({ name: 'home' })}>{t('home.title')}</a>
          </li>
          <li>
            <a href={hrefFor({ name: 'directive', directiveId, trail: [] })}>{data ? data.reference : t('overview.title')}</a>
          </li>
          <li>
            <span aria-current="page">{t('document.link')}</span>
          </li>
        </ol>
      </nav>
      <h1 id="page-title" tabIndex={-1}>
        {data ? t('document.heading', { reference: data.reference }) : t('pageTitle.document')}
      </h1>
      {document.isPending ? <Loading /> : null}
      {document.isError ? <ErrorNotice error={document.error} onRetry={() => void document.refetch()} /> : null}
      {data ? (
        <>
          <p className="document__subject">
            {data.subject} — {formatDate(data.date)}
          </p>
          <section className="document__original" aria-labelledby={`${viewerId}-original`} data-testid="document-original">
            <h2 id={`${viewerId}-original`}>{t('document.original')}</h2>
            {data.original ? (
              <>
                <p className="document__file">
                  {t('document.originalFile', { filename: data.original.filename, size: fileSize(data.original.size, i18n.language) })}
                </p>
                <div className="button-row">
                  <button
                    type="button"
                    className="button button--primary"
                    aria-expanded={open}
                    aria-controls={viewerId}
                    onClick={() => setOpen((o) => !o)}
                    data-testid="show-original"
                  >
                    {open ? t('document.hide') : t('document.show')}
                  </button>
                  <a className="button button--secondary" href={data.original.url} target="_blank" rel="noopener" data-testid="open-original">
                    {t('document.open')}
                  </a>
                </div>
                <div id={viewerId}>
                  {open ? (
                    <Suspense fallback={<p role="status">{t('document.loading')}</p>}>
                      <OriginalViewer url={data.original.url} contentType={data.original.contentType} label={t('document.picture', { reference: data.reference })} />
                    </Suspense>
                  ) : null}
                </div>
              </>
            ) : (
              <>
                <p className="empty">{t('document.noOriginal')}</p>
                {data.mayAttach ? <AttachOriginal directiveId={directiveId} /> : null}
              </>
            )}
          </section>
          <section className="document__text" aria-labelledby={`${viewerId}-text`} data-testid="document-full-text">
            <h2 id={`${viewerId}-text`}>{t('document.fullText')}</h2>
            {data.fullText ? (
              <div className="full-text" lang="vi">
                {fullTextParagraphs(data.fullText).map((paragraph, i) => (
                  <p key={i}>{paragraph}</p>
                ))}
              </div>
            ) : (
              <p className="empty">{t('document.noFullText')}</p>
            )}
          </section>
        </>
      ) : null}
    </div>
  );
}

/**
 * The issuer attaches the original (the signed PDF, or a scan as PNG or JPEG) once: the server reads
 * its type from its bytes and keeps it; the page then shows it to every unit.
 */
function AttachOriginal({ directiveId }: { directiveId: string }) {
  const { t, i18n } = useTranslation();
  const trpc = useTRPC();
  const id = useId();
  const [fileError, setFileError] = useState<string | null>(null);
  const attach = useMutation(trpc.directives.attachOriginal.mutationOptions());
  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    setFileError(null);
    attach.reset();
    if (!file) return;
    if (!/\.(pdf|png|jpe?g)$/i.test(file.name)) return setFileError(t('document.attachType'));
    if (file.size > ORIGINAL_FILE_MAX_BYTES) return setFileError(t('document.attachTooLarge', { size: fileSize(ORIGINAL_FILE_MAX_BYTES, i18n.language) }));
    attach.mutate({ directiveId, file: await uploadOf(file) });
  };
  return (
    <div className="field" data-testid="attach-original">
      <label htmlFor={`${id}-file`}>{t('document.attach')}</label>
      <p className="hint" id={`${id}-hint`}>
        {t('document.attachHint', { size: fileSize(ORIGINAL_FILE_MAX_BYTES, i18n.language) })}
      </p>
      <input
        id={`${id}-file`}
        type="file"
        accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
        disabled={attach.isPending}
        onChange={(e) => void onFile(e)}
        aria-describedby={fileError ? `${id}-hint ${id}-file-error` : `${id}-hint`}
      />
      <FieldError id={`${id}-file-error`} message={fileError} />
      {attach.isPending ? <p role="status">{t('document.attaching')}</p> : null}
      {attach.isError ? <ErrorNotice error={attach.error} /> : null}
    </div>
  );
}
