/**
 * The attachment directory: evidence files kept beside the database, not in its rows, so
 * that a backup of the database stays small and the files can sit on their own volume.
 * Each file is named by a random key the database row holds; names from users never
 * reach the file system.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export interface AttachmentFiles {
  /** Stores the bytes; returns the key to read them back. */
  put(bytes: Uint8Array): Promise<string>;
  get(key: string): Promise<Buffer>;
  /** Removes a file whose row did not commit. */
  remove(key: string): Promise<void>;
}

const keyPattern = /^[0-9a-f-]{36}$/;

export function createAttachmentFiles(directory: string): AttachmentFiles {
  const fileOf = (key: string) => {
    // A key comes from our own rows; refusing any other shape keeps paths inside the directory.
    if (!keyPattern.test(key)) throw new Error(`not an attachment key: ${key}`);
    return path.join(directory, key.slice(0, 2), key);
  };
  return {
    async put(bytes) {
      const key = randomUUID();
      const file = fileOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, bytes, { flag: 'wx' });
      return key;
    },
    get: (key) => fs.readFile(fileOf(key)),
    remove: (key) => fs.rm(fileOf(key), { force: true }),
  };
}

/** A directory of its own under the system's temporary folder: for tests and an in-memory database. */
export const temporaryAttachmentDirectory = () =>
  path.join(os.tmpdir(), `lantu-attachments-${process.pid}-${randomUUID().slice(0, 8)}`);
