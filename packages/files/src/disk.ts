import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { addressOf, assertAddress, verified, type ContentAddress, type FileStore } from './store';

/**
 * Files in a folder (npm start: DATA_DIR/files): each under `ab/cd/<address>`, so no folder holds more
 * than a few thousand. A put writes a temporary file in `tmp/`, flushes it to the disk and renames it
 * into place, so a crash leaves either the whole file or none under its address (and perhaps a stray
 * temporary file, which the next start may delete).
 */
export function diskFileStore(root: string): FileStore {
  const pathOf = (address: ContentAddress) => {
    assertAddress(address);
    return join(root, address.slice(0, 2), address.slice(2, 4), address);
  };
  const exists = async (address: ContentAddress) => {
    try {
      return (await stat(pathOf(address))).isFile();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  };
  return {
    kind: 'disk',
    exists,
    async put(bytes) {
      const address = addressOf(bytes);
      if (await exists(address)) return address;
      const target = pathOf(address);
      const temporary = join(root, 'tmp', `${address}.${randomUUID()}`);
      await mkdir(join(root, 'tmp'), { recursive: true });
      await mkdir(join(target, '..'), { recursive: true });
      try {
        const handle = await open(temporary, 'wx', 0o640);
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        // Two puts of the same bytes at once both rename the same content into place: either wins.
        await rename(temporary, target);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
      return address;
    },
    async get(address) {
      try {
        return verified(address, new Uint8Array(await readFile(pathOf(address))));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw error;
      }
    },
  };
}
