import { useMutation, useQuery } from '@tanstack/react-query';
import { useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../lib/format';
import { useTRPC } from '../trpc';
import { ErrorNotice } from './ErrorNotice';

/** Files a report can carry: what the server's sniffing allows (the server decides by content). */
const ACCEPT = 'image/jpeg,image/png,image/webp,image/heic,image/heif,.heic,.heif,application/pdf,.pdf,.xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The address a browser downloads an attachment from (apps/server/src/files.ts). */
export const attachmentHref = (id: string) => `/files/attachment?id=${encodeURIComponent(id)}`;

const sizeOf = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The unit's attachments waiting for its next report (uploaded, not yet carried by a report). */
export function usePendingAttachments(assignmentId: string) {
  const trpc = useTRPC();
  const list = useQuery(trpc.attachments.list.queryOptions({ assignmentId }));
  const pending = (list.data ?? []).filter((a) => a.reportVersion === null);
  return { list, pending, cleanIds: pending.filter((a) => a.state === 'clean').map((a) => a.id) };
}

/**
 * The report form's files: choose photos, an XLSX list or a PDF; each is uploaded at once, scanned for
 * malware on the server and shown with its state; a clean one goes with the next report. Uploading
 * needs a connection (a file is not kept in the outbox); the report itself still goes through it.
 */
export function AttachmentPicker({ assignmentId }: { assignmentId: string }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const { list, pending } = usePendingAttachments(assignmentId);
  const upload = useMutation(trpc.attachments.upload.mutationOptions());
  const remove = useMutation(trpc.attachments.remove.mutationOptions());
  const onChoose = async (files: FileList | null) => {
    for (const file of Array.from(files ?? [])) {
      try {
        await upload.mutateAsync({ assignmentId, name: file.name, base64: await base64Of(file) });
      } catch {
        // Shown below (upload.error); the next file is still tried.
      }
    }
    if (input.current) input.current.value = '';
  };
  return (
    <fieldset className="attachments" data-testid="report-attachments">
      <legend>{t('attachments.legend')}</legend>
      <p className="hint" id={`${inputId}-hint`}>
        {t('attachments.hint')}
      </p>
      {list.isError ? <ErrorNotice error={list.error} onRetry={() => void list.refetch()} /> : null}
      {pending.length > 0 ? (
        <ul className="attachments__list">
          {pending.map((a) => (
            <li key={a.id} data-testid="attachment" data-state={a.state}>
              <span className="attachments__name">{a.filename}</span> <span className="muted">({sizeOf(a.size)})</span>{' '}
              <span className={`badge badge--${a.state === 'clean' ? 'ok' : 'warn'}`}>{t(`attachments.states.${a.state}`)}</span>{' '}
              <button type="button" className="button button--link" onClick={() => remove.mutate({ id: a.id })} disabled={remove.isPending} aria-label={t('attachments.removeNamed', { name: a.filename })}>
                {t('attachments.remove')}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      <label htmlFor={inputId} className="button button--secondary">
        {upload.isPending ? t('attachments.uploading') : t('attachments.choose')}
      </label>
      <input
        ref={input}
        id={inputId}
        className="visually-hidden"
        type="file"
        multiple
        accept={ACCEPT}
        aria-describedby={`${inputId}-hint`}
        disabled={upload.isPending}
        onChange={(e) => void onChoose(e.target.files)}
        data-testid="attachment-input"
      />
      {upload.isError ? <ErrorNotice error={upload.error} /> : null}
      {remove.isError ? <ErrorNotice error={remove.error} /> : null}
    </fieldset>
  );
}

/** The files a sent report carries, each a link that downloads it (those who may read the report). */
export function AttachmentList({ assignmentId, version }: { assignmentId: string; version: number }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const list = useQuery(trpc.attachments.list.queryOptions({ assignmentId }));
  const carried = (list.data ?? []).filter((a) => a.reportVersion === version && a.state === 'clean');
  if (list.isError) return <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />;
  if (carried.length === 0) return null;
  return (
    <div className="attachments" data-testid="report-attachment-links">
      <p className="muted">{t('attachments.carried', { n: carried.length })}</p>
      <ul className="attachments__list">
        {carried.map((a) => (
          <li key={a.id}>
            <a href={attachmentHref(a.id)} download={a.filename} data-testid="attachment-download">
              {a.filename}
            </a>{' '}
            <span className="muted">
              ({sizeOf(a.size)}, {t('attachments.scannedAt', { at: a.scannedAt ? formatDateTime(a.scannedAt) : '' })})
            </span>
          </li>
        ))}
      </ul>
    </div>
  );
}
