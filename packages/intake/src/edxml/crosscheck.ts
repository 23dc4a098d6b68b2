// A package's header against what its text says: the draft is the text's, a field the text does not
// give is taken from the header, and a field where the two disagree is a warning, never a silent choice.
import { DOCUMENT_KIND_NAMES, foldForSearch, type DocumentKind } from '@chidao/domain';
import type { DispatchDraft, EdxmlExchange, EdxmlField, EdxmlWarning } from '../types';
import type { EdxmlEnvelope } from './read';


/** Without marks, case, punctuation, "UBND" spelt out, "V/v" and a final stop dropped: how two writings of a name or subject compare. */
function same(kind: 'name' | 'reference', a: string, b: string): boolean {
  const norm = (s: string) =>
    kind === 'reference'
      ? foldForSearch(s).replace(/\s+/g, '').replace(/^0+(?=\d)/, '')
      : foldForSearch(s)
          .replace(/\bubnd\b/g, 'uy ban nhan dan')
          .replace(/^\s*(v\/v|ve viec)\s*/, '')
          .replace(/[^\p{L}\p{N}]+/gu, ' ')
          .trim();
  return norm(a) === norm(b);
}

/**
 * The draft of a package's text with the envelope attached: header fields the text left empty are
 * filled from it (`filled`, spans null), and where both give one and they differ the text's stays and
 * a warning names both.
 */
export function withEnvelope(draft: DispatchDraft, envelope: EdxmlEnvelope): DispatchDraft {
  const warnings: EdxmlWarning[] = [];
  const filled: EdxmlField[] = [];
  const fill: Partial<Record<'reference' | 'date' | 'issuer' | 'place' | 'subject' | 'urgency', string>> = {};
  const compare = (field: EdxmlField, header: string | null, text: string | null, equal: (a: string, b: string) => boolean, fillable: boolean) => {
    if (header === null) return;
    if (text === null) {
      if (fillable) {
        fill[field as keyof typeof fill] = header;
        filled.push(field);
      }
      return;
    }
    if (!equal(header, text)) warnings.push({ field, header, text });
  };
  const eq = (a: string, b: string) => a === b;
  compare('reference', envelope.reference, draft.reference, (a, b) => same('reference', a, b), true);
  compare('date', envelope.date, draft.date, eq, true);
  compare('issuer', envelope.from?.organName ?? null, draft.issuer, (a, b) => same('name', a, b), true);
  compare('place', envelope.place, draft.place, (a, b) => same('name', a, b), true);
  compare('subject', envelope.subject, draft.subject, (a, b) => same('name', a, b), true);
  // A text without "Khẩn" says it is not urgent: only a header that says otherwise is worth a warning.
  if (envelope.urgency !== null && envelope.urgency !== draft.urgency) warnings.push({ field: 'urgency', header: envelope.urgency, text: draft.urgency ?? '' });
  const headerKind = envelope.documentType === null ? undefined : (Object.entries(DOCUMENT_KIND_NAMES) as [DocumentKind, string][]).find(([, n]) => same('name', n, envelope.documentType!))?.[0];
  // A text that names its kind nowhere (no "CHỈ THỊ", no "CT" in its reference) is a công văn by default only.
  let kind = draft.kind;
  if (headerKind !== undefined && headerKind !== draft.kind) {
    if (draft.spans.kind === null) {
      kind = headerKind;
      filled.push('kind');
    } else warnings.push({ field: 'kind', header: DOCUMENT_KIND_NAMES[headerKind], text: DOCUMENT_KIND_NAMES[draft.kind] });
  }
  compare('signer', envelope.signer?.fullName ?? null, draft.signer?.name ?? null, (a, b) => same('name', a, b), false);
  const exchange: EdxmlExchange = { ...envelope, filled, warnings };
  return { ...draft, ...fill, kind, exchange } as DispatchDraft;
}
