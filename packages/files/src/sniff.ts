import { fileTypeFromBuffer } from 'file-type';

/**
 * The type a file's bytes show (its magic numbers, and for an XLSX the parts inside its ZIP), as a MIME
 * type, or null when they show none that file-type knows. The name a file came with plays no part.
 */
export async function sniffType(bytes: Uint8Array): Promise<string | null> {
  return (await fileTypeFromBuffer(bytes))?.mime ?? null;
}
