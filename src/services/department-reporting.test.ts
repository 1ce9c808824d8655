/**
 * A department reports the district-wide figures it owns on the district's behalf (issue 8):
 * 区人力社保局 enters 城镇新增就业 once, as the district's own value, never beside the towns'.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLightThresholds } from '../core/light-thresholds.ts';
import { checkRollup } from '../store/rollup-store.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { createCollectionService } from './collection-service.ts';
import { createObservationService } from './observation-service.ts';
import { createFixedClock, createSequentialIds, systemActor, type Actor } from './ports.ts';
import { createRegistryService } from './registry-service.ts';

describe(`a department reporting for its district on ${testEngine}`, () => {
  let database: TestDatabase;
  let collection: ReturnType<typeof createCollectionService>;
  let observations: ReturnType<typeof createObservationService>;
  let hr: Actor;
  const reviewer: Actor = { ...systemActor, id: 'rev', name: '审核员', roles: ['reviewer'] };

  beforeAll(async () => {
    database = await createTestDatabase();
    const deps = {
      database,
      clock: createFixedClock('2025-11-20T02:00:00.000Z'),
      ids: createSequentialIds('dr'),
      thresholds: defaultLightThresholds,
    };
    const registry = createRegistryService(deps);
    for (const u of [
      { code: 'D', name: '沙坪坝区', kind: 'region', level: 'district', parentCode: null },
      { code: 'T', name: '小龙坎街道', kind: 'region', level: 'street', parentCode: 'D' },
      {
        code: 'HR',
        name: '区人力社保局',
        kind: 'department',
        level: 'department',
        parentCode: 'D',
      },
    ] as const)
      await registry.createUnit(u, systemActor);
    for (const i of [
      { code: 'JOBS', name: '城镇新增就业', unit: '人', ownerUnitCode: 'HR' },
      { code: 'RETAIL', name: '社会消费品零售总额', unit: '亿元' },
    ])
      await registry.createIndicator(
        { ...i, kind: 'kpi', measure: 'flow', direction: 'higher', cadence: 'month' },
        systemActor,
      );
    const hrPath = (
      await database.db
        .selectFrom('unit')
        .select('path')
        .where('code', '=', 'HR')
        .executeTakeFirstOrThrow()
    ).path;
    hr = {
      id: 'hr-1',
      name: '人社局填报员',
      requestId: '',
      roles: ['reporter'],
      scopePaths: [hrPath],
    };
    collection = createCollectionService(deps);
    observations = createObservationService(deps);
  });
  afterAll(() => database.dispose());

  it('gives the department a form of the figures it owns, for the district', async () => {
    const form = await collection.getForm('HR', '202510', hr);
    expect(form.lines.map((l) => l.indicatorCode)).toEqual(['JOBS']);
    expect(form.reportedFor).toEqual({ code: 'D', name: '沙坪坝区' });
    expect(form.canWrite).toBe(true);
  });

  it('puts the figures it owns on its own to-do, read from the district’s values', async () => {
    // 20 November: October (due 10 November) is overdue, nothing of the department's entered.
    const todo = await collection.getTodo(hr);
    const october = todo.items.find((i) => i.periodId === '202510');
    expect(october).toMatchObject({
      unitCode: 'HR',
      state: 'not-started',
      overdue: true,
      counts: { due: 1, missing: 1 },
    });
    expect(new Set(todo.items.map((i) => i.unitCode))).toEqual(new Set(['HR']));
  });

  it('stores what it enters as the district’s own value, and counts it once approved', async () => {
    const saved = await collection.saveEntries(
      [{ unit: 'HR', indicator: 'JOBS', period: '202510', value: 2600, version: 0 }],
      hr,
    );
    expect(saved.ok).toBe(true);
    const stored = await database.db
      .selectFrom('observation')
      .innerJoin('unit', 'unit.id', 'observation.unit_id')
      .select(['unit.code', 'observation.value', 'observation.state'])
      .execute();
    expect(stored).toEqual([{ code: 'D', value: 2600, state: 'draft' }]);

    await collection.submit({ unit: 'HR', period: '202510' }, hr);
    await collection.review({ unit: 'D', period: '202510', decision: 'approve' }, reviewer);
    const series = await observations.getSeries('JOBS', 'D', { from: '202510', to: '202510' });
    expect(series.points).toEqual([
      expect.objectContaining({ periodId: '202510', own: 2600, value: 2600, state: 'approved' }),
    ]);
    expect(await checkRollup(database.db)).toEqual([]);
    // Approved as the district's value, October leaves the department's to-do.
    const todo = await collection.getTodo(hr);
    expect(todo.items.some((i) => i.periodId === '202510')).toBe(false);
  });

  it('may not enter a figure it does not own for the district, nor its own figure for a street', async () => {
    const notOwned = await collection
      .saveEntries(
        [{ unit: 'D', indicator: 'RETAIL', period: '202510', value: 10, version: 0 }],
        hr,
      )
      .catch((e: unknown) => e);
    expect(notOwned).toMatchObject({ code: 'OUT_OF_SCOPE' });
    const street = await collection
      .saveEntries([{ unit: 'T', indicator: 'JOBS', period: '202510', value: 10, version: 0 }], hr)
      .catch((e: unknown) => e);
    expect(street).toMatchObject({ code: 'OUT_OF_SCOPE' });
  });
});
