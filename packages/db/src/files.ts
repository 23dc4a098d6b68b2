import { createHash } from 'node:crypto';
import type { Db } from './client';

/** A file's content address: the SHA-256 of its bytes, 64 lowercase hex digits. */
export type ContentAddress = string;

const ADDRESS = /^[0-9a-f]{64}$/;

/**
 * Where uploaded files are kept, by content: the same bytes put twice are kept once under the same
 * address, and nothing is overwritten or removed through it. The shape of the file store of issue 25's
 * storage work (put → SHA-256, get); this one keeps the bytes in PostgreSQL (`stored_file`), which
 * suits files of a few MiB (a directive's original) until a disk or S3 store takes its place.
 */
export interface FileStore {
  readonly kind: 'database';
  /** Keeps the bytes (once: a second put of the same bytes writes nothing) and answers their address. */
  put(bytes: Uint8Array): Promise<ContentAddress>;
  /** The bytes kept under the address, checked against it; null when nothing is kept there. */
  get(address: ContentAddress): Promise<Uint8Array | null>;
}

export function addressOf(bytes: Uint8Array): ContentAddress {
  return createHash('sha256').update(bytes).digest('hex');
}

export function createFileStore(db: Db): FileStore {
  const { prisma } = db;
  return {
    kind: 'database',
    async put(bytes) {
      const sha256 = addressOf(bytes);
      await prisma.storedFile.createMany({ data: [{ sha256, bytes: Buffer.from(bytes), size: bytes.length }], skipDuplicates: true });
      return sha256;
    },
    async get(address) {
      if (!ADDRESS.test(address)) throw new TypeError(`not a content address: ${JSON.stringify(address.slice(0, 80))}`);
      const row = await prisma.storedFile.findUnique({ where: { sha256: address }, select: { bytes: true } });
      if (!row) return null;
      const bytes = new Uint8Array(row.bytes);
      // Bytes changed behind the application are never served as the original.
      if (addressOf(bytes) !== address) throw new Error(`the file kept under ${address} has changed`);
      return bytes;
    },
  };
}
