import { zipSync, type Zippable } from 'fflate';
import yauzl from 'yauzl';
import { IntakeError } from './errors';

/**
 * What an uploaded .docx may hold before any of it is inflated. A few pages of dispatch are some
 * tens of entries and well under a megabyte of XML; the limits leave room for pictures and styles.
 */
export interface DocxLimits {
  /** Entries in the archive. */
  readonly entries: number;
  /** Uncompressed bytes of one entry. */
  readonly entryBytes: number;
  /** Uncompressed bytes of all entries together. */
  readonly totalBytes: number;
  /** Nesting of elements in any XML part. */
  readonly xmlDepth: number;
}

export const DOCX_LIMITS: DocxLimits = { entries: 1_000, entryBytes: 8 * 1024 * 1024, totalBytes: 24 * 1024 * 1024, xmlDepth: 256 };

const MiB = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;

/**
 * The archive of a .docx checked and inflated under `limits`, repacked without compression, so
 * that the reader that follows (mammoth) inflates nothing it was not allowed to. Sizes are judged
 * from the central directory before inflating and again while inflating (an entry that inflates
 * past its declared size is refused by yauzl); every XML part is scanned for its nesting and for a
 * DTD (a .docx has none: entity declarations are how XML bombs grow).
 * DOCUMENT_TOO_LARGE / DOCUMENT_TOO_COMPLEX say which limit; UNSUPPORTED_FILE a broken archive.
 */
export async function unpackDocx(name: string, bytes: Uint8Array, limits: DocxLimits = DOCX_LIMITS): Promise<Uint8Array> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.fromBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { lazyEntries: true, validateEntrySizes: true }, (error, file) =>
      error || !file ? reject(unreadable(name)) : resolve(file),
    ),
  );
  try {
    if (zip.entryCount > limits.entries) {
      throw new IntakeError('DOCUMENT_TOO_COMPLEX', `${name} holds ${zip.entryCount} parts; a dispatch has at most ${limits.entries}.`);
    }
    const files: Zippable = {};
    let total = 0;
    await new Promise<void>((resolve, reject) => {
      zip.on('error', () => reject(unreadable(name)));
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        if (entry.uncompressedSize > limits.entryBytes || total + entry.uncompressedSize > limits.totalBytes) {
          return reject(
            new IntakeError('DOCUMENT_TOO_LARGE', `${name} inflates to more than ${MiB(limits.totalBytes)} (a part of ${MiB(entry.uncompressedSize)}).`),
          );
        }
        total += entry.uncompressedSize;
        inflate(zip, entry)
          .then((content) => {
            if (/\.(xml|rels)$/i.test(entry.fileName)) checkXml(name, content, limits.xmlDepth);
            files[entry.fileName] = [content, { level: 0 }];
            zip.readEntry();
          })
          .catch(reject);
      });
      zip.readEntry();
    });
    return zipSync(files, { level: 0 });
  } finally {
    zip.close();
  }
}

const unreadable = (name: string) => new IntakeError('UNSUPPORTED_FILE', `${name} is not a readable .docx file.`);

/** One entry's bytes; yauzl fails the stream when it inflates past the size the directory declared. */
function inflate(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) return reject(new IntakeError('UNSUPPORTED_FILE', `${entry.fileName} cannot be read.`));
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', () => reject(new IntakeError('DOCUMENT_TOO_LARGE', `${entry.fileName} inflates past its declared size.`)));
      stream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    });
  });
}

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const BANG = 0x21;
const QUESTION = 0x3f;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;

/**
 * One linear pass over an XML part (as bytes: UTF-8 never puts a byte below 0x80 inside a
 * multi-byte character): the deepest element nesting, the number of elements, and no DTD or entity
 * declaration (neither a .docx nor an edXML package has one: entity declarations are how XML bombs
 * grow and how external files are pulled in).
 */
export function checkXml(name: string, xml: Uint8Array, maxDepth: number, maxElements = Number.POSITIVE_INFINITY): void {
  let depth = 0;
  let elements = 0;
  let i = 0;
  const n = xml.length;
  while (i < n) {
    if (xml[i] !== LT) {
      i++;
      continue;
    }
    const next = xml[i + 1];
    if (next === BANG) {
      // Comments and CDATA are allowed, and skipped whole (their "<" are text); <!DOCTYPE / <!ENTITY never are.
      if (xml[i + 2] !== 0x2d && xml[i + 2] !== 0x5b) {
        throw new IntakeError('DOCUMENT_TOO_COMPLEX', `${name} declares a DTD or entities, which intake never reads.`);
      }
      const end = Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength).indexOf(xml[i + 2] === 0x2d ? '-->' : ']]>', i + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (next === QUESTION) {
      i += 2;
      continue;
    }
    const closing = next === SLASH;
    // To the tag's end, past quoted attribute values (they may hold ">").
    let j = i + 1;
    let quote = 0;
    while (j < n) {
      const c = xml[j]!;
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === QUOTE || c === APOSTROPHE) quote = c;
      else if (c === GT) break;
      j++;
    }
    if (closing) depth--;
    else {
      if (++elements > maxElements) throw new IntakeError('DOCUMENT_TOO_COMPLEX', `${name} has more than ${maxElements} XML elements.`);
      if (xml[j - 1] === SLASH) {
        i = j + 1;
        continue;
      }
      depth++;
      if (depth > maxDepth) throw new IntakeError('DOCUMENT_TOO_COMPLEX', `${name} nests its XML more than ${maxDepth} deep.`);
    }
    i = j + 1;
  }
}
