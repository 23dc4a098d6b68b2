import { createHash } from 'node:crypto';

/** A file's content address: the SHA-256 of its bytes, 64 lowercase hex digits. */
export type ContentAddress = string;

const ADDRESS = /^[0-9a-f]{64}$/;

/**
 * Where uploaded files are kept, by content: the same bytes put twice are kept once, under the same
 * address, and nothing is ever overwritten with other bytes or removed through this interface (a
 * deletion is a row's state in the database, never a lost file).
 */
export interface FileStore {
  /** `disk` or `s3`, for the logs and the readiness answer. */
  readonly kind: 'disk' | 's3';
  /** Keeps the bytes (once: a second put of the same bytes writes nothing) and answers their address. */
  put(bytes: Uint8Array): Promise<ContentAddress>;
  /** The bytes kept under the address, checked against it; null when nothing is kept there. */
  get(address: ContentAddress): Promise<Uint8Array | null>;
  exists(address: ContentAddress): Promise<boolean>;
}

export function addressOf(bytes: Uint8Array): ContentAddress {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Throws on anything that is not an address, so no caller can name a path or key of its own. */
export function assertAddress(address: string): asserts address is ContentAddress {
  if (!ADDRESS.test(address)) throw new TypeError(`not a content address: ${JSON.stringify(address.slice(0, 80))}`);
}

/** The bytes read back are not the bytes that were put: the store was changed behind the application. */
export class CorruptFileError extends Error {
  constructor(readonly address: ContentAddress, readonly found: ContentAddress) {
    super(`the file kept under ${address} has changed: its bytes hash to ${found}`);
    this.name = 'CorruptFileError';
  }
}

/** The bytes, once checked against their address. */
export function verified(address: ContentAddress, bytes: Uint8Array): Uint8Array {
  const found = addressOf(bytes);
  if (found !== address) throw new CorruptFileError(address, found);
  return bytes;
}
