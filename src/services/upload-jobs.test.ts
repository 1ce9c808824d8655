/**
 * Upload jobs kept in the database (issue 10 §5): another instance over the same database
 * reads a job's progress and outcome, and a job whose process died never reads as running
 * for ever — it ends failed with a reason, or done when its write had committed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine } from '../store/test-database.ts';
import { findUploadJob, saveUploadJob } from '../store/upload-job-store.ts';
import { createCollectionFixture, type CollectionFixture } from './collection-test-fixture.ts';
import { createSpreadsheetExchange, type UploadJob } from './spreadsheet-exchange.ts';
import type { Actor } from './ports.ts';

const csv = (lines: string[]) => ({
  fileName: 'upload.csv',
  contentBase64: Buffer.from(['单位编码,指标编码,期间编码,本期数值', ...lines].join('\n')).toString(
    'base64',
  ),
});

describe(`upload jobs in the database on ${testEngine}`, () => {
  let f: CollectionFixture;
  let reporter: Actor;
  let other: Actor;
  const count = async () =>
    Number(
      (
        await f.database.db
          .selectFrom('observation')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** A job as its runner saved it last, `ageMs` ago, in the state `status`. */
  const leftBehind = async (id: string, status: UploadJob['status'], ageMs: number) => {
    const job: UploadJob = {
      id,
      fileName: 'big.xlsx',
      status,
      total: 163_000,
      parsed: 163_000,
      validated: 163_000,
      written: 0,
      startedAt: '2025-06-01T00:00:00.000Z',
      finishedAt: null,
      problems: [],
      problemCount: 0,
      result: null,
      error: null,
    };
    const at = new Date(Date.now() - ageMs).toISOString();
    await saveUploadJob(
      f.database.db,
      { id, actorId: reporter.id, status, job, startedAt: at },
      at,
    );
  };

  beforeAll(async () => {
    f = await createCollectionFixture();
    reporter = f.actor('reporter', ['T1'], 'reporter-t1');
    other = f.actor('reporter', ['T2'], 'reporter-t2');
  });
  afterAll(() => f.dispose());

  it('lets another instance read a finished job, its outcome and its listed problems', async () => {
    const a = createSpreadsheetExchange(f.deps);
    const b = createSpreadsheetExchange(f.deps);
    const done = await a.upload(csv(['T1,GOODAIR,202507,81']), reporter);
    expect(await b.getUploadJob(done.id, reporter)).toEqual(done);
    const rejected = await a.upload(
      csv(['T1,GOODAIR,202508,eighty', 'T1,GOODAIR,202509,x']),
      reporter,
    );
    expect(rejected.status).toBe('rejected');
    const seen = await b.getUploadJob(rejected.id, reporter);
    expect(seen).toMatchObject({ status: 'rejected', problemCount: 2 });
    expect(seen.problems.map((p) => p.row)).toEqual([2, 3]);
    await expect(b.getUploadJob(done.id, other)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('shows another instance a running job as saved, before it finishes', async () => {
    const a = createSpreadsheetExchange(f.deps);
    const b = createSpreadsheetExchange(f.deps);
    const started = await a.startUpload(csv(['T1,GOODAIR,202510,82']), reporter);
    // Saved before startUpload answered: the other instance knows it at once.
    expect((await b.getUploadJob(started.id, reporter)).fileName).toBe('upload.csv');
    await a.waitForUpload(started.id, reporter);
    expect(await b.getUploadJob(started.id, reporter)).toMatchObject({
      status: 'done',
      written: 1,
    });
  });

  it('ends a job whose process died mid-way as failed with a reason, writing nothing', async () => {
    const before = await count();
    await leftBehind('dead-writing', 'writing', 60_000);
    const restarted = createSpreadsheetExchange({ ...f.deps, uploadStaleMs: 5_000 });
    const job = await restarted.getUploadJob('dead-writing', reporter);
    expect(job.status).toBe('failed');
    expect(job.finishedAt).not.toBeNull();
    expect(job.error).toMatchObject({
      code: 'UPLOAD_ABANDONED',
      message: expect.stringMatching(/未写入任何数据/),
    });
    // Ended in the database too: a third instance reads the same.
    const third = createSpreadsheetExchange(f.deps);
    expect((await third.getUploadJob('dead-writing', reporter)).status).toBe('failed');
    expect(await count()).toBe(before);
  });

  it('ends on a sweep the jobs gone stale and leaves those still saved recently running', async () => {
    await leftBehind('dead-parsing', 'parsing', 60_000);
    await leftBehind('alive-validating', 'validating', 0);
    const restarted = createSpreadsheetExchange({ ...f.deps, uploadStaleMs: 5_000 });
    expect(await restarted.endAbandonedUploads()).toBe(1);
    expect((await restarted.getUploadJob('dead-parsing', reporter)).status).toBe('failed');
    expect((await restarted.getUploadJob('alive-validating', reporter)).status).toBe('validating');
    expect(await restarted.endAbandonedUploads()).toBe(0);
  });

  it('keeps a finished job finished when a late heartbeat of its runner arrives', async () => {
    await leftBehind('late-heartbeat', 'writing', 0);
    await leftBehind('late-heartbeat', 'failed', 0);
    await leftBehind('late-heartbeat', 'writing', 0);
    expect((await findUploadJob(f.database.db, 'late-heartbeat'))?.status).toBe('failed');
    // A runner that finished after a sweep ended its job as abandoned has the last word.
    await leftBehind('late-heartbeat', 'done', 0);
    expect((await findUploadJob(f.database.db, 'late-heartbeat'))?.status).toBe('done');
  });

  it('ends as done a job whose write committed before its process died', async () => {
    // The write and its audit entry are one transaction; the process died before saving 'done'.
    const written = await createSpreadsheetExchange(f.deps).upload(
      csv(['T1,GOODAIR,202511,83']),
      reporter,
    );
    await leftBehind(written.id, 'writing', 60_000);
    const restarted = createSpreadsheetExchange({ ...f.deps, uploadStaleMs: 5_000 });
    const job = await restarted.getUploadJob(written.id, reporter);
    expect(job.status).toBe('done');
    expect(job.error).toBeNull();
  });
});
