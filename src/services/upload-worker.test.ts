/**
 * An upload run in a worker thread on its own connection does what the in-process one does —
 * all-or-nothing, every bad cell listed, progress on the job — while the server's thread stays
 * free. The worker's clock is the system's, not the test's: the written rows' time shows they
 * were written there.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLightThresholds } from '../core/light-thresholds.ts';
import { renderEntryTemplateCsv, type TemplateRow } from '../reports/entry-template.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { createCollectionService } from './collection-service.ts';
import { indicators, units } from './collection-test-fixture.ts';
import {
  createFixedClock,
  createSequentialIds,
  systemActor,
  type ServiceDeps,
  type UploadWorkerConfig,
} from './ports.ts';
import { createRegistryService } from './registry-service.ts';
import { stopUploadWorkers, warmUploadThreadId } from './upload-worker.ts';

const testTime = '2025-04-02T02:00:00.000Z';

const row = (unitCode: string, periodId: string, value: number | string): TemplateRow => ({
  unitCode,
  indicatorCode: 'RETAIL',
  periodId,
  version: 0,
  unitName: unitCode,
  indicatorName: '社会消费品零售总额',
  measureUnit: '万元',
  periodLabel: periodId,
  lastYearValue: null,
  value: value as number,
  comment: '',
  state: '未填报',
  reviewReason: '',
});

const upload = (rows: TemplateRow[]) => ({
  fileName: 'filled.csv',
  contentBase64: Buffer.from(renderEntryTemplateCsv(rows)).toString('base64'),
});

describe(`an upload in a worker thread on ${testEngine}`, () => {
  let database: TestDatabase;
  let service: ReturnType<typeof createCollectionService>;
  let config: UploadWorkerConfig;
  const stored = () =>
    database.db
      .selectFrom('observation')
      .innerJoin('unit', 'unit.id', 'observation.unit_id')
      .select(['unit.code', 'observation.period_id', 'observation.value', 'observation.updated_at'])
      .orderBy('unit.code')
      .orderBy('observation.period_id')
      .execute();

  beforeAll(async () => {
    database = await createTestDatabase({ shareable: true });
    const base: ServiceDeps = {
      database,
      clock: createFixedClock(testTime),
      ids: createSequentialIds('w'),
      thresholds: defaultLightThresholds,
    };
    const registry = createRegistryService(base);
    for (const u of units) await registry.createUnit({ ...u }, systemActor);
    for (const i of indicators)
      await registry.createIndicator({ ...i, kind: 'kpi', direction: 'higher' }, systemActor);
    await createCollectionService(base).setAssignments('T1', ['RETAIL'], systemActor);
    await createCollectionService(base).setAssignments('T2', ['RETAIL'], systemActor);
    config = { databaseLocation: database.location!, timeZone: 'Asia/Shanghai' };
    service = createCollectionService({ ...base, uploadWorker: config });
  }, 60_000);
  afterAll(async () => {
    await stopUploadWorkers(database.location!);
    await database.dispose();
  });

  it('lists every bad cell and writes nothing when one row is bad', async () => {
    const job = await service.upload(
      upload([row('T1', '202401', 100), row('T2', '202401', 'abc'), row('T9', '202401', 5)]),
      systemActor,
    );
    expect(job.status).toBe('rejected');
    expect(job.problems.map((p) => [p.row, p.columnName])).toEqual([
      [3, '本期数值'],
      [4, '单位编码'],
    ]);
    expect(await stored()).toEqual([]);
  });

  it('writes every row in the worker, and the job says so', async () => {
    const rows = [];
    for (const unit of ['T1', 'T2'])
      for (let m = 1; m <= 12; m++)
        rows.push(row(unit, `2024${String(m).padStart(2, '0')}`, 100 + m));
    const job = await service.upload(upload(rows), systemActor);
    expect(job.status).toBe('done');
    expect([job.parsed, job.validated, job.written]).toEqual([24, 24, 24]);
    const written = await stored();
    expect(written).toHaveLength(24);
    expect(written[0]).toMatchObject({ code: 'T1', period_id: '202401', value: 101 });
    // Written by the worker's own services, on the system clock, not the test's fixed one.
    expect(written.every((r) => r.updated_at !== testTime)).toBe(true);
  });

  it('fails the job with the file’s fault, told in its own words, when no sheet is a template', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('Sheet1').addRow(['姓名', '年龄']);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const job = await service.upload(
      { fileName: 'not-a-template.xlsx', contentBase64: content.toString('base64') },
      systemActor,
    );
    expect(job.status).toBe('failed');
    expect(job.error?.code).toBe('IMPORT_REJECTED');
    expect(job.error?.message).toMatch(/填报表头/);
  });

  const months = (unit: string, year: number, value: number) =>
    Array.from({ length: 12 }, (_, m) =>
      row(unit, `${year}${String(m + 1).padStart(2, '0')}`, value),
    );

  it('runs the next upload on the same warm thread, and one that arrives meanwhile beside it', async () => {
    const first = await service.upload(upload(months('T1', 2023, 7)), systemActor);
    expect(first.status).toBe('done');
    const warm = warmUploadThreadId(config);
    expect(warm).toBeGreaterThan(0);
    // Two at once: one takes the warm thread, the other a thread of its own; both land.
    const [a, b] = await Promise.all([
      service.upload(upload(months('T1', 2022, 8)), systemActor),
      service.upload(upload(months('T2', 2022, 9)), systemActor),
    ]);
    expect([a.status, b.status]).toEqual(['done', 'done']);
    expect(warmUploadThreadId(config)).toBe(warm);
    const after = await stored();
    expect(after.filter((r) => r.period_id.startsWith('2022')).map((r) => r.value)).toEqual([
      ...Array<number>(12).fill(8),
      ...Array<number>(12).fill(9),
    ]);
  });

  it('starts a new thread after the warm one was stopped', async () => {
    await service.upload(upload(months('T2', 2021, 1)), systemActor);
    const before = warmUploadThreadId(config);
    expect(before).toBeDefined();
    await stopUploadWorkers(database.location!);
    expect(warmUploadThreadId(config)).toBeUndefined();
    const job = await service.upload(upload(months('T2', 2020, 2)), systemActor);
    expect(job.status).toBe('done');
    expect(warmUploadThreadId(config)).not.toBe(before);
  });
});
