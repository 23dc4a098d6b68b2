import { getDocument, GlobalWorkerOptions, TextLayer } from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import './viewer.css';

GlobalWorkerOptions.workerSrc = workerUrl;

/** Pages drawn at most: a signed dispatch has a few; the file (2 MiB at most) opens whole in its own tab. */
export const MAX_PAGES = 30;

type Shown = { readonly kind: 'loading' } | { readonly kind: 'shown'; readonly count: number; readonly shown: number } | { readonly kind: 'failed' };

/**
 * The original as the browser can show it: a PDF drawn page by page with PDF.js at the width of the
 * screen (a phone's included), each page with its text layer, so the words can be selected and found
 * with the browser's own search (Ctrl+F); a scan (PNG or JPEG) as a picture.
 */
export function OriginalViewer({ url, contentType, label }: { url: string; contentType: string; label: string }) {
  if (contentType !== 'application/pdf') return <img className="original__picture" src={url} alt={label} data-testid="original-picture" />;
  return <PdfPages url={url} />;
}

function PdfPages({ url }: { url: string }) {
  const { t } = useTranslation();
  const pagesRef = useRef<HTMLDivElement>(null);
  const [state, setState] = useState<Shown>({ kind: 'loading' });

  useEffect(() => {
    const root = pagesRef.current;
    if (!root) return;
    let cancelled = false;
    // No eval, and glyphs drawn as paths rather than fonts installed in the page: within the app's
    // Content-Security-Policy (script-src 'self'), whatever fonts the file carries.
    const loading = getDocument({ url, isEvalSupported: false, disableFontFace: true });
    (async () => {
      const pdf = await loading.promise;
      const shown = Math.min(pdf.numPages, MAX_PAGES);
      const width = root.clientWidth;
      for (let number = 1; number <= shown && !cancelled; number++) {
        const page = await pdf.getPage(number);
        // Fit the width: on a phone the page is as wide as the screen, and zoom is the browser's.
        const viewport = page.getViewport({ scale: width / page.getViewport({ scale: 1 }).width });
        const frame = document.createElement('div');
        frame.className = 'original__page';
        frame.setAttribute('role', 'group');
        frame.setAttribute('aria-label', t('document.page', { number }));
        frame.style.setProperty('--total-scale-factor', String(viewport.scale));
        frame.style.width = `${viewport.width}px`;
        frame.style.height = `${viewport.height}px`;
        const canvas = document.createElement('canvas');
        const ratio = window.devicePixelRatio || 1;
        canvas.width = Math.floor(viewport.width * ratio);
        canvas.height = Math.floor(viewport.height * ratio);
        canvas.setAttribute('aria-hidden', 'true');
        const text = document.createElement('div');
        text.className = 'textLayer';
        frame.append(canvas, text);
        root.append(frame);
        await page.render({ canvas, viewport, ...(ratio === 1 ? {} : { transform: [ratio, 0, 0, ratio, 0, 0] }) }).promise;
        await new TextLayer({ textContentSource: page.streamTextContent(), container: text, viewport }).render();
      }
      if (!cancelled) setState({ kind: 'shown', count: pdf.numPages, shown });
    })().catch(() => {
      if (!cancelled) setState({ kind: 'failed' });
    });
    return () => {
      cancelled = true;
      void loading.destroy();
      root.replaceChildren();
    };
  }, [url, t]);

  return (
    <div className="original" data-testid="original-viewer" data-state={state.kind}>
      {state.kind === 'loading' ? <p role="status">{t('document.loading')}</p> : null}
      {state.kind === 'failed' ? (
        <p className="notice notice--error" role="alert">
          {t('document.failed')}
        </p>
      ) : null}
      {state.kind === 'shown' ? (
        <p className="original__summary" role="status">
          {t('document.pages', { count: state.count })} {t('document.searchHint')}
        </p>
      ) : null}
      {state.kind === 'shown' && state.shown < state.count ? <p>{t('document.morePages', { shown: state.shown, count: state.count })}</p> : null}
      <div className="original__pages" ref={pagesRef} />
    </div>
  );
}
