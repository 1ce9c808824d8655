/**
 * An uploaded file waits on disk, not in memory, from the moment it arrives until its job
 * ends: the request body is streamed into a temporary file, the job (in a worker thread or
 * not) reads it from there, and the file is removed when the job has finished.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';

/** A received upload: the name its sender gave it and where its bytes are. */
export interface UploadFile {
  readonly fileName: string;
  readonly path: string;
  readonly size: number;
}

/** Thrown when the body grows past its limit while it is being received. */
export class UploadTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the upload is larger than ${limit} bytes`);
  }
}

/** Where received files wait: one folder under the system's temp folder, shared by every instance on the host. */
export const uploadDirectoryPath = () => path.join(os.tmpdir(), 'lantu-uploads');

const uploadDirectory = () => {
  const dir = uploadDirectoryPath();
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};

/** No upload job runs this long: a file older than this was left by a process that died. */
export const staleUploadFileMs = 24 * 60 * 60 * 1000;

/**
 * Removes the files a killed process left in the upload folder (its job ends abandoned, and
 * nothing else would remove them); how many. Files of running jobs are younger than a day.
 */
export async function removeStaleUploadFiles(now = Date.now()): Promise<number> {
  const dir = uploadDirectoryPath();
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const file = path.join(dir, name);
    const stat = await fs.promises.stat(file).catch(() => null);
    if (stat?.isFile() && now - stat.mtimeMs > staleUploadFileMs) {
      await fs.promises.rm(file, { force: true });
      removed++;
    }
  }
  return removed;
}

const newUploadPath = () => path.join(uploadDirectory(), `${crypto.randomUUID()}.upload`);

/**
 * Streams `body` into a new temporary file, refusing (UploadTooLarge, the file removed) once
 * more than `maxBytes` have come: only one chunk of it is in memory at a time.
 */
export async function receiveUploadFile(
  fileName: string,
  body: AsyncIterable<Uint8Array> | NodeJS.ReadableStream,
  maxBytes: number,
): Promise<UploadFile> {
  const target = newUploadPath();
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) done(new UploadTooLarge(maxBytes));
      else done(null, chunk);
    },
  });
  try {
    await pipeline(body, counter, fs.createWriteStream(target, { flags: 'wx' }));
  } catch (error) {
    await removeUploadFile(target);
    throw error;
  }
  return { fileName, path: target, size };
}

/** Writes bytes already in memory (the JSON form's decoded base64) to a temporary file. */
export async function saveUploadFile(fileName: string, content: Uint8Array): Promise<UploadFile> {
  const target = newUploadPath();
  await fs.promises.writeFile(target, content, { flag: 'wx' });
  return { fileName, path: target, size: content.length };
}

/** Removes an upload's file. */
export async function removeUploadFile(filePath: string): Promise<void> {
  await fs.promises.rm(filePath, { force: true });
}

/** The first bytes of a file (its signature). */
export async function readFileHead(filePath: string, length: number): Promise<Buffer> {
  const handle = await fs.promises.open(filePath, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buffer, 0, length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}
