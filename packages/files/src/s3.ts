import { GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { addressOf, assertAddress, verified, type ContentAddress, type FileStore } from './store';

export interface S3StoreOptions {
  readonly bucket: string;
  /** Keys are `<prefix><address>`; say `chidao/files/`. */
  readonly prefix?: string;
  /** An S3-compatible server's URL (MinIO, Ceph, a cloud's object storage); unset for AWS itself. */
  readonly endpoint?: string;
  readonly region?: string;
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible servers want. */
  readonly forcePathStyle?: boolean;
  /** Unset: the SDK's own chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a profile, an instance role). */
  readonly credentials?: S3ClientConfig['credentials'];
}

const notFound = (error: unknown) =>
  error instanceof NotFound || error instanceof NoSuchKey || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404;

/**
 * Files in an S3-compatible bucket, each under its address. A put sends the bytes' SHA-256 with them,
 * which S3 checks before it keeps them; a get checks the bytes against the address again. The bucket
 * should have versioning (or object lock) on, so that nothing a user uploaded can be lost by an
 * overwrite or a deletion made outside the application.
 */
export function s3FileStore(options: S3StoreOptions): FileStore {
  const client = new S3Client({
    region: options.region ?? 'us-east-1',
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    // The checksum is sent as a header of its own (below); S3-compatible servers that do not know the
    // SDK's newer streamed checksums are then still spoken to correctly.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const keyOf = (address: ContentAddress) => {
    assertAddress(address);
    return `${options.prefix ?? ''}${address}`;
  };
  const exists = async (address: ContentAddress) => {
    try {
      await client.send(new HeadObjectCommand({ Bucket: options.bucket, Key: keyOf(address) }));
      return true;
    } catch (error) {
      if (notFound(error)) return false;
      throw error;
    }
  };
  return {
    kind: 's3',
    exists,
    async put(bytes) {
      const address = addressOf(bytes);
      if (await exists(address)) return address;
      await client.send(
        new PutObjectCommand({
          Bucket: options.bucket,
          Key: keyOf(address),
          Body: bytes,
          ContentLength: bytes.length,
          ContentType: 'application/octet-stream',
          ChecksumSHA256: Buffer.from(address, 'hex').toString('base64'),
        }),
      );
      return address;
    },
    async get(address) {
      try {
        const answer = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key: keyOf(address) }));
        return verified(address, await answer.Body!.transformToByteArray());
      } catch (error) {
        if (notFound(error)) return null;
        throw error;
      }
    },
  };
}
