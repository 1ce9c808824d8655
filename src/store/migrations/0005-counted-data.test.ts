/**
 * Migration 0005 carries a database of the previous release over: its roll-up, which summed
 * drafts too, is rebuilt to count approved values only (and submitted ones in their own bucket).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../database.ts';
import { checkRollup } from '../rollup-store.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../test-database.ts';

describe(`migration 0005 on a database of the previous release (${testEngine})`, () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ migrateTo: '0004_data_collection' });
    // What the previous release wrote: a district with two streets, values in three states,
    // and a roll-up that summed all of them (13 = 5 + 8).
    await sql`INSERT INTO unit (id, code, name, kind, level, parent_id, path) VALUES
      ('d', '500106', '沙坪坝区', 'region', 'district', NULL, '/d/'),
      ('t1', '500106001', '小龙坎街道', 'region', 'town', 'd', '/d/t1/'),
      ('t2', '500106002', '沙坪坝街道', 'region', 'town', 'd', '/d/t2/')`.execute(database.db);
    await sql`INSERT INTO indicator (id, code, name, unit, kind, measure, direction, cadence)
      VALUES ('i', 'RETAIL', '社会消费品零售总额', '亿元', 'statistic', 'flow', 'higher', 'month')`.execute(
      database.db,
    );
    await sql`INSERT INTO observation (id, indicator_id, unit_id, period_id, period_type, year, value, source, state, updated_at, updated_by) VALUES
      ('o1', 'i', 't1', '202510', 'month', 2025, 5, 'entered', 'approved', '2025-11-10', 'u'),
      ('o2', 'i', 't2', '202510', 'month', 2025, 8, 'entered', 'draft', '2025-11-10', 'u'),
      ('o3', 'i', 't2', '202511', 'month', 2025, 3, 'entered', 'submitted', '2025-12-10', 'u')`.execute(
      database.db,
    );
    await sql`INSERT INTO rollup (indicator_id, unit_id, period_id, year, descendants_sum, descendants_count) VALUES
      ('i', 'd', '202510', 2025, 13, 2),
      ('i', 'd', '202511', 2025, 3, 1)`.execute(database.db);
    await migrateToLatest(database);
  });
  afterAll(() => database.dispose());

  it('rebuilds the roll-up to count approved values, with submitted ones apart', async () => {
    const rows = await database.db
      .selectFrom('rollup')
      .select([
        'period_id',
        'descendants_sum',
        'descendants_count',
        'submitted_sum',
        'submitted_count',
      ])
      .orderBy('period_id')
      .execute();
    expect(
      rows.map((r) => ({
        ...r,
        descendants_count: Number(r.descendants_count),
        submitted_count: Number(r.submitted_count),
      })),
    ).toEqual([
      {
        period_id: '202510',
        descendants_sum: 5,
        descendants_count: 1,
        submitted_sum: 0,
        submitted_count: 0,
      },
      {
        period_id: '202511',
        descendants_sum: 0,
        descendants_count: 0,
        submitted_sum: 3,
        submitted_count: 1,
      },
    ]);
    expect(await checkRollup(database.db)).toEqual([]);
  });

  it('keeps every observation as it was', async () => {
    const rows = await database.db
      .selectFrom('observation')
      .select(['id', 'value', 'state'])
      .orderBy('id')
      .execute();
    expect(rows).toEqual([
      { id: 'o1', value: 5, state: 'approved' },
      { id: 'o2', value: 8, state: 'draft' },
      { id: 'o3', value: 3, state: 'submitted' },
    ]);
  });
});
