import { DomainError } from './errors';

/**
 * Report attachments (issue 25): photos, XLSX lists and PDFs a unit sends with its report. The type is
 * the one its bytes show (sniffed by @chidao/files), never its name's; each is scanned for malware and
 * nobody else may download it before the scan finds it clean.
 */

/** Sniffed types accepted, with the extension a download is saved under. */
export const ATTACHMENT_TYPES = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'image/heif': 'heif',
  'application/pdf': 'pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
} as const;

export type AttachmentType = keyof typeof ATTACHMENT_TYPES;

export function isAttachmentType(mime: string): mime is AttachmentType {
  return Object.hasOwn(ATTACHMENT_TYPES, mime);
}

/** One file: a phone's photo, a scanned PDF of a few pages, a list. */
export const ATTACHMENT_MAX_BYTES = 8 * 1024 * 1024;
/** Files one report carries (those uploaded for the next report, not yet sent, count too). */
export const ATTACHMENTS_PER_REPORT = 10;
/** Their bytes together. */
export const ATTACHMENTS_MAX_BYTES_PER_REPORT = 40 * 1024 * 1024;
/** A file's name as shown and saved (the extension is put right by its type). */
export const ATTACHMENT_NAME_MAX = 200;

/** uploaded → scanning → clean | infected; `failed`: the scan gave no verdict (uploading again scans again). */
export type AttachmentState = 'scanning' | 'clean' | 'infected' | 'failed';

/** Refuses a file the report cannot take beside the ones it has: too large, or one too many. */
export function checkAttachmentLimits(size: number, others: readonly { readonly size: number }[]): void {
  if (size > ATTACHMENT_MAX_BYTES) throw new DomainError('ATTACHMENT_TOO_LARGE', 'The file is larger than one attachment may be', { maxBytes: ATTACHMENT_MAX_BYTES });
  if (others.length + 1 > ATTACHMENTS_PER_REPORT)
    throw new DomainError('ATTACHMENT_LIMIT_REACHED', 'The report has as many attachments as it may carry', { maxFiles: ATTACHMENTS_PER_REPORT });
  const total = others.reduce((sum, other) => sum + other.size, size);
  if (total > ATTACHMENTS_MAX_BYTES_PER_REPORT)
    throw new DomainError('ATTACHMENT_LIMIT_REACHED', 'The report’s attachments together would be larger than it may carry', { maxBytes: ATTACHMENTS_MAX_BYTES_PER_REPORT });
}

/**
 * The name a download is saved under: the uploader's, without folders or control characters, trimmed
 * to length, its extension the one its type has (a PDF named photo.jpg is saved as photo.pdf).
 */
export function attachmentFilename(name: string, type: AttachmentType): string {
  const base = (name.split(/[\\/]/).pop() ?? '')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim()
    .replace(/\.[A-Za-z0-9]{1,5}$/, '')
    .slice(0, ATTACHMENT_NAME_MAX - 6)
    .trim();
  return `${base || 'tep-dinh-kem'}.${ATTACHMENT_TYPES[type]}`;
}
