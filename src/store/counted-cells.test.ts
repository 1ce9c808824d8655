/**
 * The counted cells of many subjects at once: own values in the counted states within the
 * years asked, and roll-up rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCountedCells } from './counted-cells.ts';
import { createTestDatabase, testEngine, type TestDatabase } from './test-database.ts';

describe(`counted cells on ${testEngine}`, () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    const { db } = database;
    await db
      .insertInto('unit')
      .values(
        ['u1', 'u2'].map((id, i) => ({
          id,
          code: id.toUpperCase(),
          name: id,
          name_en: '',
          kind: 'region',
          level: 'street',
          parent_id: null,
          path: `/${id}/`,
          keywords: '[]',
          sort_order: i,
        })),
      )
      .execute();
    await db
      .insertInto('indicator')
      .values({
        id: 'i1',
        code: 'I1',
        name: 'i1',
        name_en: '',
        aliases: '[]',
        unit: '个',
        kind: 'kpi',
        measure: 'flow',
        direction: 'higher',
        cadence: 'month',
        decimals: 0,
        source: '',
      })
      .execute();
    // Stored under the integer keys the registry gave i1 and the units (migration 0030).
    const numbers = new Map(
      (await db.selectFrom('unit').select(['id', 'num']).execute()).map((u) => [u.id, u.num]),
    );
    const { num: indicatorNum } = await db
      .selectFrom('indicator')
      .select('num')
      .where('id', '=', 'i1')
      .executeTakeFirstOrThrow();
    // One write's stamp (migration 0031), under which the cells below are stored.
    const { change_num } = await db
      .insertInto('observation_change')
      .values({ updated_at: '2025-01-01T00:00:00.000Z', updated_by: 'test', source: 'entered' })
      .returning('change_num')
      .executeTakeFirstOrThrow();
    const row = (id: string, unit: string, period: string, value: number, state: string) => ({
      id,
      indicator_num: indicatorNum,
      unit_num: numbers.get(unit),
      period_id: period,
      value,
      state,
      version: 1,
      change_num,
    });
    await db
      .insertInto('observation_cell')
      .values([
        row('o1', 'u1', '202501', 1, 'approved'),
        row('o2', 'u1', '202502', 2, 'draft'),
        row('o3', 'u2', '202412', 3, 'approved'),
        row('o4', 'u2', '202301', 4, 'approved'),
      ] as never)
      .execute();
  });
  afterAll(() => database.dispose());

  it('reads the counted states within the years asked, of every subject, at once', async () => {
    const { own } = await readCountedCells(database.db, {
      indicatorIds: ['i1'],
      unitIds: ['u1', 'u2'],
      firstYear: 2024,
      lastYear: 2025,
      states: ['approved'],
    });
    expect(own.map((o) => [o.unit_id, o.period_id, o.value]).sort()).toEqual([
      ['u1', '202501', 1],
      ['u2', '202412', 3],
    ]);
  });
});
