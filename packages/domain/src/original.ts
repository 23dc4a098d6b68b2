import { DomainError } from './errors';

/**
 * A directive's original file (bản gốc: the signed PDF or a scan of it), attached by its issuer and
 * shown to every unit it reaches. Its type is read from its first bytes, never from its name or the
 * type the browser claims, and its size is bounded.
 */

/** As large as intake reads a PDF or a scan: the same file, uploaded once for reading and once to keep. */
export const ORIGINAL_FILE_MAX_BYTES = 2 * 1024 * 1024;

export const ORIGINAL_FILE_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type OriginalFileType = (typeof ORIGINAL_FILE_TYPES)[number];

const EXTENSION: Record<OriginalFileType, string> = { 'application/pdf': '.pdf', 'image/png': '.png', 'image/jpeg': '.jpg' };

const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((b, i) => bytes[i] === b);

/** The file's type by its signature (%PDF-, PNG's eight bytes, JPEG's SOI and marker); null for anything else. */
export function originalFileType(bytes: Uint8Array): OriginalFileType | null {
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'application/pdf';
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  return null;
}

/**
 * The name the file is kept and served under: the uploaded name's last part, without control
 * characters, at most 120 characters, ending in its type's extension (a scan named "cv.pdf" that is a
 * JPEG is served as "cv.pdf.jpg"); "ban-goc" when nothing is left.
 */
export function originalFilename(name: string, type: OriginalFileType): string {
  const ext = EXTENSION[type];
  const base = (name.normalize('NFC').split(/[\\/]/).pop() ?? '')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f"]/g, '')
    .trim();
  const stem = base.toLowerCase().endsWith(ext) || (type === 'image/jpeg' && base.toLowerCase().endsWith('.jpeg')) ? base : `${base || 'ban-goc'}${ext}`;
  return stem.length <= 120 ? stem : `${stem.slice(0, 120 - ext.length)}${ext}`;
}

/** Checks an upload before anything is stored: UNSUPPORTED_FILE (not a PDF or a picture) or DOCUMENT_TOO_LARGE. */
export function checkOriginalFile(bytes: Uint8Array, name: string): { contentType: OriginalFileType; filename: string } {
  if (bytes.length > ORIGINAL_FILE_MAX_BYTES) {
    throw new DomainError('DOCUMENT_TOO_LARGE', `The original is ${bytes.length} bytes; at most ${ORIGINAL_FILE_MAX_BYTES}`, { maxBytes: ORIGINAL_FILE_MAX_BYTES });
  }
  const contentType = originalFileType(bytes);
  if (!contentType) throw new DomainError('UNSUPPORTED_FILE', 'The original must be a PDF, a PNG or a JPEG', { accepted: [...ORIGINAL_FILE_TYPES] });
  return { contentType, filename: originalFilename(name, contentType) };
}
