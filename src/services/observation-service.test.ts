import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLightThresholds } from '../core/light-thresholds.ts';
import type { ObservationInput } from '../core/observation.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { createAuditService } from './audit-service.ts';
import { checkRollup } from '../store/rollup-store.ts';
import { createDataEntryService } from './data-entry-service.ts';
import { createObservationService } from './observation-service.ts';
import { createReviewService } from './review-service.ts';
import {
  createFixedClock,
  createSequentialIds,
  systemActor,
  type Actor,
  type ServiceDeps,
} from './ports.ts';
import { createRegistryService } from './registry-service.ts';

const reporter: Actor = { ...systemActor, id: 'reporter-1', name: '统计员', requestId: 'req-1' };

/** An observation row of the monthly retail indicator for a community, unless overridden. */
const buildInput = (overrides: Partial<ObservationInput> = {}): ObservationInput => ({
  indicatorCode: 'RETAIL',
  unitCode: 'TOWN1-C1',
  periodId: '202501',
  value: 100,
  source: 'entered',
  ...overrides,
});

/** Shapingba, two of its streets and a community under each, with a monthly flow and a quarterly one. */
async function seedRegistry(deps: ServiceDeps) {
  const registry = createRegistryService(deps);
  const units = [
    { code: 'DISTRICT', name: '沙坪坝区', level: 'district', parentCode: null },
    { code: 'TOWN1', name: '小龙坎街道', level: 'street', parentCode: 'DISTRICT' },
    { code: 'TOWN1-C1', name: '新桥社区', level: 'community', parentCode: 'TOWN1' },
    { code: 'TOWN2', name: '天星桥街道', level: 'street', parentCode: 'DISTRICT' },
    { code: 'TOWN2-C1', name: '正街社区', level: 'community', parentCode: 'TOWN2' },
  ];
  for (const u of units) await registry.createUnit({ ...u, kind: 'region' }, reporter);
  await registry.createIndicator(
    {
      code: 'RETAIL',
      name: '社会消费品零售总额',
      unit: '万元',
      kind: 'kpi',
      measure: 'flow',
      direction: 'higher',
      cadence: 'month',
    },
    reporter,
  );
  await registry.createIndicator(
    {
      code: 'GDP',
      name: '地区生产总值',
      unit: '亿元',
      kind: 'kpi',
      measure: 'flow',
      direction: 'higher',
      cadence: 'quarter',
    },
    reporter,
  );
}

describe(`observation service on ${testEngine}`, () => {
  let database: TestDatabase;
  let deps: ServiceDeps;
  let service: ReturnType<typeof createObservationService>;

  const countObservations = async () =>
    Number(
      (
        await database.db
          .selectFrom('observation')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const lastAudit = async () =>
    (await createAuditService(deps).list({ entity: 'observation', limit: 1 }))[0];

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = {
      database,
      clock: createFixedClock('2025-10-15T02:00:00.000Z'),
      ids: createSequentialIds('o'),
      thresholds: defaultLightThresholds,
    };
    await seedRegistry(deps);
    service = createObservationService(deps);
  });
  afterAll(() => database.dispose());

  it('refuses, without HTTP, a batch with one row outside a town reporter’s units, naming the row', async () => {
    const { path } = await database.db
      .selectFrom('unit')
      .select('path')
      .where('code', '=', 'TOWN1')
      .executeTakeFirstOrThrow();
    const townReporter: Actor = { ...reporter, roles: ['reporter'], scopePaths: [path] };
    const before = await countObservations();
    const refusal = await service
      .writeObservations(
        [
          buildInput({ periodId: '202502' }),
          buildInput({ unitCode: 'TOWN2-C1', periodId: '202502' }),
        ],
        townReporter,
      )
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(refusal).toMatchObject({
      code: 'OUT_OF_SCOPE',
      details: { problems: [{ row: 2, field: 'unitCode', value: 'TOWN2-C1' }] },
    });
    expect(await countObservations()).toBe(before);
  });

  describe('a batch with bad rows', () => {
    it.each([
      ['an unknown indicator', { indicatorCode: 'NO_SUCH' }, 'indicatorCode', 'NO_SUCH'],
      ['an unknown unit', { unitCode: 'NO_SUCH' }, 'unitCode', 'NO_SUCH'],
      ['a malformed period id', { periodId: '2025-13' }, 'periodId', '2025-13'],
      ['a period type that is not the cadence', { periodId: '2025Q1' }, 'periodId', '2025Q1'],
      ['a non-finite value', { value: Number.NaN }, 'value', Number.NaN],
      ['an infinite value', { value: Number.POSITIVE_INFINITY }, 'value', Infinity],
      ['a value that is not a number', { value: '12' as unknown as number }, 'value', '12'],
    ] as const)(
      'rejects %s and writes none of the good rows',
      async (_case, overrides, field, value) => {
        const before = await countObservations();
        const result = await service.writeObservations(
          [
            buildInput({ periodId: '202506' }),
            buildInput({ ...overrides }),
            buildInput({ periodId: '202507' }),
          ],
          reporter,
        );
        expect(result.ok).toBe(false);
        if (result.ok) return;
        expect(result.problems).toHaveLength(1);
        expect(result.problems[0]).toMatchObject({ row: 2, field });
        expect(result.problems[0]!.value).toEqual(value);
        expect(result.problems[0]!.reason).toMatch(/[\u4e00-\u9fff]/);
        expect(result.problems[0]!.reasonEn).not.toBe('');
        expect(await countObservations()).toBe(before);
      },
    );

    it('reports every bad row with its row, field, value and reason', async () => {
      const before = await countObservations();
      const auditBefore = await lastAudit();
      const result = await service.writeObservations(
        [
          buildInput({ periodId: '202508' }),
          buildInput({ indicatorCode: 'NO_SUCH' }),
          buildInput({ unitCode: 'NO_SUCH', periodId: 'Q1' }),
          buildInput({ periodId: '202509', value: Number.NaN }),
          buildInput({ periodId: '202508', value: 5 }),
          buildInput({ indicatorCode: 'GDP', periodId: '202503' }),
        ],
        reporter,
        { firstRowNumber: 2 },
      );
      expect(result).toEqual({
        ok: false,
        problems: [
          expect.objectContaining({ row: 3, field: 'indicatorCode', value: 'NO_SUCH' }),
          expect.objectContaining({ row: 4, field: 'unitCode', value: 'NO_SUCH' }),
          expect.objectContaining({ row: 4, field: 'periodId', value: 'Q1' }),
          expect.objectContaining({ row: 5, field: 'value', value: Number.NaN }),
          expect.objectContaining({
            row: 6,
            field: 'periodId',
            value: '202508',
            reason: '与第2行重复',
            reasonEn: 'duplicates row 2',
          }),
          expect.objectContaining({ row: 7, field: 'periodId', value: '202503' }),
        ],
      });
      expect(await countObservations()).toBe(before);
      expect(await lastAudit()).toEqual(auditBefore);
    });
  });

  describe('an approved observation', () => {
    beforeAll(async () => {
      const result = await service.writeObservations(
        [buildInput({ periodId: '202410', value: 80, source: 'document' })],
        reporter,
        { provenance: { source: 'document', state: 'approved', comment: '计划文件' } },
      );
      expect(result.ok).toBe(true);
    });

    it('cannot be overwritten, and nothing else in the batch is written', async () => {
      const before = await countObservations();
      const result = await service.writeObservations(
        [
          buildInput({ periodId: '202411', value: 1 }),
          buildInput({ periodId: '202410', value: 99 }),
        ],
        reporter,
      );
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect(result.problems).toEqual([
        {
          row: 2,
          field: 'value',
          value: 99,
          rule: 'locked',
          current: { value: 80, version: 1, state: 'approved' },
          reason: '该期数据已审核锁定，须由审核员重新打开后才能修改',
          reasonEn: 'this value is approved and locked; a reviewer must reopen it first',
        },
      ]);
      expect(await countObservations()).toBe(before);
      const stored = await service.getSeries('RETAIL', 'TOWN1-C1', {
        from: '202410',
        to: '202411',
      });
      expect(stored.points).toEqual([
        expect.objectContaining({ periodId: '202410', value: 80, state: 'approved' }),
      ]);
    });
  });

  describe('series and breakdown', () => {
    beforeAll(async () => {
      const result = await service.writeObservations(
        [
          buildInput({ unitCode: 'TOWN1-C1', periodId: '202301', value: 10 }),
          buildInput({ unitCode: 'TOWN1', periodId: '202301', value: 15 }),
          buildInput({ unitCode: 'TOWN2-C1', periodId: '202301', value: 20 }),
          buildInput({ unitCode: 'TOWN2-C1', periodId: '202302', value: 7.5 }),
          buildInput({ unitCode: 'DISTRICT', periodId: '202302', value: 50, source: 'import' }),
        ],
        reporter,
      );
      expect(result).toEqual({ ok: true, written: 5, inserted: 5, updated: 0 });
    });

    it('counts nothing while the values are drafts', async () => {
      expect(
        (await service.getSeries('RETAIL', 'DISTRICT', { from: '202301', to: '202312' })).points,
      ).toEqual([]);
      expect(
        (await service.getBreakdown('RETAIL', 'DISTRICT', '202301')).map((b) => b.value),
      ).toEqual([null, null]);
    });

    it('counts them once submitted and approved', async () => {
      const entry = createDataEntryService(deps);
      const review = createReviewService(deps);
      for (const [unit, period] of [
        ['TOWN1-C1', '202301'],
        ['TOWN1', '202301'],
        ['TOWN2-C1', '202301'],
        ['TOWN2-C1', '202302'],
        ['DISTRICT', '202302'],
      ] as const) {
        await entry.submit({ unit, period }, systemActor);
        await review.review({ unit, period, decision: 'approve' }, systemActor);
      }
      expect(await checkRollup(database.db)).toEqual([]);
    });

    it('returns a unit’s own value and the sum over all its descendants', async () => {
      const series = await service.getSeries('RETAIL', 'DISTRICT', {
        from: '202301',
        to: '202312',
      });
      expect(series.measure).toBe('flow');
      expect(series.points).toEqual([
        {
          periodId: '202301',
          own: null,
          descendantsSum: 45,
          descendantsCount: 3,
          // Three units below the district report RETAIL (their history makes their duty).
          descendantsExpected: 3,
          value: 45,
          source: 'aggregate',
          state: null,
        },
        {
          periodId: '202302',
          own: 50,
          descendantsSum: 7.5,
          descendantsCount: 1,
          descendantsExpected: 3,
          value: 50,
          source: 'import',
          state: 'approved',
        },
      ]);
    });

    it('returns the sum over descendants of a middle unit, excluding its own value', async () => {
      const series = await service.getSeries('RETAIL', 'TOWN1', { from: '202301', to: '202301' });
      expect(series.points).toEqual([
        expect.objectContaining({ own: 15, descendantsSum: 10, descendantsCount: 1, value: 15 }),
      ]);
    });

    it('returns each child’s value for a period, own value before its aggregate', async () => {
      const breakdown = await service.getBreakdown('RETAIL', 'DISTRICT', '202301');
      expect(breakdown).toEqual([
        expect.objectContaining({ unitCode: 'TOWN1', value: 15, source: 'entered' }),
        expect.objectContaining({ unitCode: 'TOWN2', value: 20, source: 'aggregate' }),
      ]);
      expect(await service.getBreakdown('RETAIL', 'TOWN1-C1', '202301')).toEqual([]);
    });

    it('refuses a series of an unknown indicator with NOT_FOUND', async () => {
      await expect(service.getSeries('NO_SUCH', 'DISTRICT')).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
    });
  });

  describe('the audit log', () => {
    it('gets one entry per batch, holding the old values of the rows it updated', async () => {
      const first = await service.writeObservations(
        [
          buildInput({ periodId: '202201', value: 1 }),
          buildInput({ periodId: '202202', value: 2 }),
        ],
        reporter,
        { reason: '首次填报' },
      );
      expect(first).toEqual({ ok: true, written: 2, inserted: 2, updated: 0 });
      const firstEntry = await lastAudit();
      expect(firstEntry).toMatchObject({
        actor: 'reporter-1',
        action: 'observation.batch',
        entity: 'observation',
        oldValue: null,
        reason: '首次填报',
      });

      const second = await service.writeObservations(
        [
          buildInput({ periodId: '202202', value: 2.5 }),
          buildInput({ periodId: '202203', value: 3 }),
        ],
        reporter,
        { reason: '更正2月' },
      );
      expect(second).toEqual({ ok: true, written: 2, inserted: 1, updated: 1 });
      const entries = await createAuditService(deps).list({ entity: 'observation', limit: 2 });
      expect(entries[1]).toEqual(firstEntry);
      expect(entries[0]).toMatchObject({
        reason: '更正2月',
        oldValue: [
          {
            indicator: 'RETAIL',
            unit: 'TOWN1-C1',
            periods: ['202202'],
            values: [2],
            states: ['draft'],
            versions: [1],
          },
        ],
        newValue: [
          {
            indicator: 'RETAIL',
            unit: 'TOWN1-C1',
            periods: ['202202', '202203'],
            values: [2.5, 3],
            comments: ['', ''],
          },
        ],
      });
      expect(entries[0]!.seq).toBeGreaterThan(entries[1]!.seq);
      const row = await database.db
        .selectFrom('observation')
        .select(['value', 'version'])
        .where('period_id', '=', '202202')
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ value: 2.5, version: 2 });
    });

    it('lists every row of a batch by series, each series once with its rows in period order', async () => {
      const written = await service.writeObservations(
        [
          buildInput({ unitCode: 'TOWN2-C1', periodId: '201902', value: 4, comment: '二月' }),
          buildInput({ unitCode: 'TOWN1-C1', periodId: '201902', value: 2 }),
          buildInput({ unitCode: 'TOWN2-C1', periodId: '201901', value: 3 }),
          buildInput({ unitCode: 'TOWN1-C1', periodId: '201901', value: 1 }),
        ],
        reporter,
      );
      expect(written).toEqual({ ok: true, written: 4, inserted: 4, updated: 0 });
      expect(await lastAudit()).toMatchObject({
        oldValue: null,
        newValue: [
          {
            indicator: 'RETAIL',
            unit: 'TOWN2-C1',
            periods: ['201901', '201902'],
            values: [3, 4],
            comments: ['', '二月'],
          },
          {
            indicator: 'RETAIL',
            unit: 'TOWN1-C1',
            periods: ['201901', '201902'],
            values: [1, 2],
            comments: ['', ''],
          },
        ],
      });
    });
  });
});
