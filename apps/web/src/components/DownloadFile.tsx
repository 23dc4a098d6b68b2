import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorNotice } from './ErrorNotice';

/** A file as the API hands it: its name, type and bytes in base64. */
export interface FileDownload {
  readonly filename: string;
  readonly contentType: string;
  readonly base64: string;
}

/** A button that fetches a file from the API and saves it, saying when it is done or why it failed. */
export function DownloadFile({ fetchFile, label }: { fetchFile: () => Promise<FileDownload>; label?: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<{ busy: boolean; error: unknown; done: string | null }>({ busy: false, error: null, done: null });
  const download = async () => {
    setState({ busy: true, error: null, done: null });
    try {
      const file = await fetchFile();
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: file.contentType }));
      const link = document.createElement('a');
      link.href = url;
      link.download = file.filename;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ busy: false, error: null, done: file.filename });
    } catch (error) {
      setState({ busy: false, error, done: null });
    }
  };
  return (
    <>
      <button type="button" className="button button--secondary" disabled={state.busy} onClick={() => void download()} data-testid="download-xlsx">
        {state.busy ? t('compiled.downloading') : (label ?? t('compiled.download'))}
      </button>
      {state.done ? (
        <p className="muted" role="status" data-testid="download-done">
          {t('compiled.downloaded', { filename: state.done })}
        </p>
      ) : null}
      {state.error ? <ErrorNotice error={state.error} /> : null}
    </>
  );
}
