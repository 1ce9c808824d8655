import fs from 'node:fs';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  receiveUploadFile,
  removeStaleUploadFiles,
  removeUploadFile,
  saveUploadFile,
  staleUploadFileMs,
  UploadTooLarge,
} from './upload-file.ts';

/** A body arriving in chunks of 1 KiB, as a request's does. */
const chunked = (bytes: number) =>
  Readable.from(
    (function* () {
      for (let sent = 0; sent < bytes; sent += 1024)
        yield Buffer.alloc(Math.min(1024, bytes - sent), 0x61);
    })(),
  );

describe('upload files', () => {
  it('streams a body to a file of the same bytes', async () => {
    const file = await receiveUploadFile('a.csv', chunked(10_000), 20_000);
    expect(file).toMatchObject({ fileName: 'a.csv', size: 10_000 });
    expect(fs.readFileSync(file.path).equals(Buffer.alloc(10_000, 0x61))).toBe(true);
    await removeUploadFile(file.path);
    expect(fs.existsSync(file.path)).toBe(false);
  });

  it('refuses a body once it passes the limit', async () => {
    await expect(receiveUploadFile('big.csv', chunked(50_000), 20_000)).rejects.toBeInstanceOf(
      UploadTooLarge,
    );
  });

  it('removes a file left for longer than any job runs, and whatever a release before left beside it', async () => {
    const file = await saveUploadFile('left.xlsx', Buffer.from('left by a killed process'));
    // Earlier releases staged an upload's parsed rows in a file beside it.
    const staged = `${file.path}.rows`;
    fs.writeFileSync(staged, '[]\n');
    const fresh = await saveUploadFile('running.xlsx', Buffer.from('a running job'));
    const old = new Date(Date.now() - staleUploadFileMs - 60_000);
    fs.utimesSync(file.path, old, old);
    fs.utimesSync(staged, old, old);
    expect(await removeStaleUploadFiles()).toBeGreaterThanOrEqual(2);
    expect(fs.existsSync(file.path)).toBe(false);
    expect(fs.existsSync(staged)).toBe(false);
    expect(fs.existsSync(fresh.path)).toBe(true);
    await removeUploadFile(fresh.path);
  });
});
