import { createContext, useContext } from 'react';
import { useTranslation } from 'react-i18next';
import type { Draft, ParseResult, Span } from '../../lib/issue';

type Layout = NonNullable<Draft['layout']>;

/** The file a draft was read from, when it was a PDF or a picture: where each line sits, and its pages' pictures. */
export interface SourceFile {
  readonly layout: Layout;
  readonly pages: ParseResult['pages'];
}

export const SourceFileContext = createContext<SourceFile | null>(null);

/** Below this OCR confidence (0–100) a line is flagged for checking against the paper. */
const LOW_CONFIDENCE = 80;

/** The line of the layout a span starts in (lines are in text order). */
function lineAt(layout: Layout, span: Span): Layout['lines'][number] | null {
  let found: Layout['lines'][number] | null = null;
  for (const line of layout.lines) {
    if (line.span.start > span.start) break;
    found = line;
  }
  return found !== null && span.start < found.span.end ? found : null;
}

const percent = (v: number) => `${Math.round(v * 10_000) / 100}%`;

/**
 * Under a quote: the page of the file it came from, whether OCR read it and how sure it was, and,
 * opened, the picture of the page with the line marked. Nothing for a pasted text or a .docx.
 */
export function SourcePage({ span }: { span: Span | null | undefined }) {
  const { t } = useTranslation();
  const file = useContext(SourceFileContext);
  if (!file || !span) return null;
  const line = lineAt(file.layout, span);
  if (!line) return null;
  const page = line.page;
  const ocr = line.confidence !== null;
  const low = ocr && line.confidence! < LOW_CONFIDENCE;
  const label = [
    t('issue.page.label', { page }),
    ocr ? t('issue.page.ocr', { confidence: line.confidence }) : null,
    low ? t('issue.page.low') : null,
  ]
    .filter(Boolean)
    .join(' · ');
  const image = file.pages.find((p) => p.number === page)?.image;
  if (!image) {
    return (
      <p className={`source-page${low ? ' source-page--low' : ''}`} data-testid="source-page">
        {label}
      </p>
    );
  }
  return (
    <details className={`source-page${low ? ' source-page--low' : ''}`} data-testid="source-page">
      <summary>{label}</summary>
      <figure className="source-page__figure">
        <img src={image} alt={t('issue.page.alt', { page })} data-testid="source-page-image" />
        <span
          className="source-page__mark"
          aria-hidden="true"
          style={{ left: percent(line.box.x), top: percent(line.box.y), width: percent(line.box.width), height: percent(line.box.height) }}
        />
      </figure>
    </details>
  );
}
