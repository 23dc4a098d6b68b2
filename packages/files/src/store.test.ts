import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { addressOf, CorruptFileError, diskFileStore, FILE_STORE_ENV, fileStoreFromEnv, s3FileStore, type FileStore } from './index';

// Both stores meet the same cases: the disk store in a temporary folder, the S3 store against s3rver,
// an S3-compatible server that runs in this process and keeps its objects in a temporary folder
// (no MinIO or Ceph installs here; see the README for what that leaves untested).

const folders: string[] = [];
const temporary = () => {
  const folder = mkdtempSync(join(tmpdir(), 'chidao-files-'));
  folders.push(folder);
  return folder;
};
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

let s3: S3rver;
let endpoint: string;
const BUCKET = 'chidao-test';
beforeAll(async () => {
  s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: temporary(), configureBuckets: [{ name: BUCKET, configs: [] }] });
  const address = (await s3.run()) as AddressInfo;
  endpoint = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await s3?.close();
});

const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const photo = () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new TextEncoder().encode(`ảnh hiện trường ${crypto.randomUUID()}`)]);

const stores: Record<string, () => FileStore> = {
  disk: () => diskFileStore(temporary()),
  s3: () => s3FileStore({ bucket: BUCKET, prefix: `run-${crypto.randomUUID()}/`, endpoint, credentials }),
};

describe.each(Object.keys(stores))('the %s store', (kind) => {
  it('keeps bytes under their SHA-256 and gives them back', async () => {
    const store = stores[kind]!();
    const bytes = photo();
    const address = await store.put(bytes);
    expect(address).toBe(addressOf(bytes));
    expect(address).toMatch(/^[0-9a-f]{64}$/);
    expect(await store.exists(address)).toBe(true);
    expect(Buffer.from((await store.get(address))!)).toEqual(Buffer.from(bytes));
  });

  it('keeps the same bytes once, however often and however concurrently they are put', async () => {
    const store = stores[kind]!();
    const bytes = photo();
    const addresses = await Promise.all([store.put(bytes), store.put(bytes), store.put(bytes)]);
    expect(new Set(addresses).size).toBe(1);
    expect(Buffer.from((await store.get(addresses[0]!))!)).toEqual(Buffer.from(bytes));
  });

  it('answers null for an address with nothing kept, and keeps an empty file', async () => {
    const store = stores[kind]!();
    const nothing = addressOf(new TextEncoder().encode('never put'));
    expect(await store.exists(nothing)).toBe(false);
    expect(await store.get(nothing)).toBeNull();
    const empty = await store.put(new Uint8Array());
    expect(Buffer.from((await store.get(empty))!).length).toBe(0);
  });

  it('refuses anything that is not an address, so no caller can name a path or key', async () => {
    const store = stores[kind]!();
    for (const bad of ['../../etc/passwd', 'A'.repeat(64), `${'a'.repeat(63)}/`, '']) {
      await expect(store.get(bad)).rejects.toThrow(TypeError);
      await expect(store.exists(bad)).rejects.toThrow(TypeError);
    }
  });
});

describe('the disk store', () => {
  it('writes each file whole through a temporary file, leaving none behind', async () => {
    const root = temporary();
    const store = diskFileStore(root);
    const address = await store.put(photo());
    expect(readdirSync(join(root, address.slice(0, 2), address.slice(2, 4)))).toEqual([address]);
    expect(readdirSync(join(root, 'tmp'))).toEqual([]);
  });

  it('refuses to give back a file whose bytes were changed on the disk', async () => {
    const root = temporary();
    const store = diskFileStore(root);
    const address = await store.put(photo());
    writeFileSync(join(root, address.slice(0, 2), address.slice(2, 4), address), 'changed');
    await expect(store.get(address)).rejects.toThrow(CorruptFileError);
  });
});

describe('fileStoreFromEnv', () => {
  const schema = z.object(FILE_STORE_ENV);
  it('keeps files on disk under the data folder unless a bucket is named', async () => {
    const dataDir = temporary();
    const store = fileStoreFromEnv(schema.parse({}), dataDir)!;
    expect(store.kind).toBe('disk');
    const address = await store.put(photo());
    expect(readdirSync(join(dataDir, 'files', address.slice(0, 2)))).toEqual([address.slice(2, 4)]);
    expect(fileStoreFromEnv(schema.parse({}))).toBeNull();
  });

  it('keeps them in the bucket FILES_S3_BUCKET names, at the endpoint given', async () => {
    process.env.AWS_ACCESS_KEY_ID ??= credentials.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY ??= credentials.secretAccessKey;
    const store = fileStoreFromEnv(schema.parse({ FILES_S3_BUCKET: BUCKET, FILES_S3_ENDPOINT: endpoint, FILES_S3_PREFIX: 'env/' }), temporary())!;
    expect(store.kind).toBe('s3');
    const bytes = photo();
    const address = await store.put(bytes);
    expect(Buffer.from((await s3FileStore({ bucket: BUCKET, prefix: 'env/', endpoint, credentials }).get(address))!)).toEqual(Buffer.from(bytes));
  });
});
