import { describe, expect, it } from 'vitest';
import type { UploadJobData } from './api.ts';
import {
  isAcceptedFileName,
  isUploadFinished,
  pollUpload,
  toBase64,
  uploadPercent,
} from './upload.ts';

const buildJob = (overrides: Partial<UploadJobData> = {}): UploadJobData => ({
  id: 'job-1',
  fileName: 'a.xlsx',
  status: 'parsing',
  total: 0,
  parsed: 0,
  validated: 0,
  written: 0,
  startedAt: '2025-12-01T00:00:00Z',
  finishedAt: null,
  problems: [],
  problemCount: 0,
  result: null,
  error: null,
  ...overrides,
});

describe('toBase64', () => {
  it('encodes bytes as the server decodes them', () => {
    expect(toBase64(new TextEncoder().encode('单位,值'))).toBe(
      Buffer.from('单位,值').toString('base64'),
    );
  });

  it('encodes a file larger than one slice', () => {
    const bytes = new Uint8Array(100_000).map((_, i) => i % 251);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });
});

describe('isAcceptedFileName', () => {
  it.each([
    ['填报.xlsx', true],
    ['a.CSV', true],
    ['a.xls', false],
    ['a.xlsx.exe', false],
  ])('takes %s: %s', (name, ok) => {
    expect(isAcceptedFileName(name)).toBe(ok);
  });
});

describe('uploadPercent', () => {
  it.each<[Partial<UploadJobData>, number]>([
    [{ status: 'parsing', total: 0 }, 0],
    [{ status: 'parsing', total: 100, parsed: 50 }, 17],
    [{ status: 'validating', total: 100, parsed: 100, validated: 50 }, 50],
    [{ status: 'writing', total: 100, parsed: 100, validated: 100, written: 100 }, 100],
    [{ status: 'rejected', total: 100, parsed: 100, validated: 100 }, 100],
  ])('puts %j at %i%%', (job, percent) => {
    expect(uploadPercent(buildJob(job))).toBe(percent);
  });
});

describe('pollUpload', () => {
  it('polls until the job finishes and reports every state', async () => {
    const states: UploadJobData['status'][] = ['validating', 'writing', 'done'];
    const seen: string[] = [];
    const done = await pollUpload(
      buildJob(),
      (id) => Promise.resolve(buildJob({ id, status: states.shift() ?? 'done' })),
      { onProgress: (j) => seen.push(j.status), wait: () => Promise.resolve() },
    );
    expect(done.status).toBe('done');
    expect(seen).toEqual(['parsing', 'validating', 'writing', 'done']);
    expect(isUploadFinished(done)).toBe(true);
  });

  it('does not poll a job that has already finished', async () => {
    let calls = 0;
    const job = buildJob({ status: 'rejected' });
    const got = await pollUpload(job, () => {
      calls += 1;
      return Promise.resolve(job);
    });
    expect(got).toBe(job);
    expect(calls).toBe(0);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      pollUpload(buildJob(), () => Promise.resolve(buildJob()), {
        signal: controller.signal,
        wait: () => Promise.resolve(),
      }),
    ).rejects.toThrow('aborted');
  });
});
