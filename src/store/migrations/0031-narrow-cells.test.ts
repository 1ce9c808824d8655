/**
 * Migration 0031 carries a database of today's release (every migration up to 0030) over to
 * narrow cells: every observation reads the same through the view, column for column; each
 * distinct stamp (who, when, source, reference) becomes one change row; the cells keep no
 * index but their key; and the write path and a review action work on the migrated cells.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../database.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../test-database.ts';
import { moveCellsToState } from '../observation-cells.ts';

const states = ['draft', 'submitted', 'approved', 'returned'] as const;
const months = Array.from(
  { length: 24 },
  (_, k) => `${2024 + Math.floor(k / 12)}${String((k % 12) + 1).padStart(2, '0')}`,
);
// Periods of every type beside the months, whose type and year the view now reads from the id.
const otherPeriods = [
  ['2025', 'year'],
  ['2025S1', 'half'],
  ['2025Q3', 'quarter'],
  ['2025W1', 'week'],
  ['202503D2', 'dekad'],
  ['20250307', 'day'],
] as const;

/** Every column the view `observation` had at 0030. */
const viewColumns = [
  'id',
  'indicator_id',
  'unit_id',
  'period_id',
  'period_type',
  'year',
  'value',
  'source',
  'source_ref',
  'state',
  'version',
  'updated_at',
  'updated_by',
  'comment',
  'review_reason',
  'submitted_at',
  'submitted_on',
  'submitted_by',
  'indicator_num',
  'unit_num',
] as const;

const snapshot = async (database: TestDatabase) =>
  (
    await sql<Record<string, unknown>>`
      SELECT ${sql.raw(viewColumns.join(', '))} FROM observation
      ORDER BY indicator_num, unit_num, period_id`.execute(database.db)
  ).rows;

const indexNames = async (database: TestDatabase) =>
  database.engine === 'sqlite'
    ? (
        await sql<{ name: string; origin: string }>`
          SELECT name, origin FROM pragma_index_list('observation_cell')`.execute(database.db)
      ).rows.map((r) => (r.origin === 'pk' ? 'key' : r.name))
    : (
        await sql<{ name: string; primary: boolean }>`
          SELECT i.relname AS name, x.indisprimary AS primary FROM pg_index x
          JOIN pg_class i ON i.oid = x.indexrelid
          WHERE x.indrelid = 'observation_cell'::regclass`.execute(database.db)
      ).rows.map((r) => (r.primary ? 'key' : r.name));

describe(`migration 0031 on a database of today's release (${testEngine})`, () => {
  let database: TestDatabase;
  let before: Record<string, unknown>[];
  const stamps = new Set<string>();

  beforeAll(async () => {
    database = await createTestDatabase({ migrateTo: '0030_integer_keys' });
    const db = database.db;
    await sql`INSERT INTO unit (id, code, name, kind, level, parent_id, path) VALUES
      ('d', '500106', '沙坪坝区', 'region', 'district', NULL, '/d/'),
      ('t1', '500106001', '沙坪坝街道', 'region', 'town', 'd', '/d/t1/'),
      ('t2', '500106002', '渝碚路街道', 'region', 'town', 'd', '/d/t2/')`.execute(db);
    await sql`INSERT INTO indicator (id, code, name, unit, kind, measure, direction, cadence) VALUES
      ('retail', 'RETAIL', '社会消费品零售总额', '亿元', 'statistic', 'flow', 'higher', 'month'),
      ('parking', 'PARKING', '新增公共停车泊位', '个', 'kpi', 'flow', 'higher', 'month')`.execute(
      db,
    );
    const periods: [string, string][] = [
      ...months.map((m): [string, string] => [m, 'month']),
      ...otherPeriods.map(([id, type]): [string, string] => [id, type]),
    ];
    let k = 0;
    for (const indicatorNum of [1, 2])
      for (const unitNum of [2, 3])
        for (const [periodId, periodType] of periods) {
          const state = states[k % states.length]!;
          const source = k % 5 === 0 ? 'import' : 'entered';
          const sourceRef = k % 5 === 0 ? `upload-${k % 3}` : '';
          const updatedAt = `2025-0${1 + (k % 4)}-10T08:00:00.000Z`;
          const updatedBy = k % 7 === 0 ? 'admin' : 'reporter';
          stamps.add([updatedAt, updatedBy, source, sourceRef].join('|'));
          await sql`INSERT INTO observation_cell (indicator_num, unit_num, period_id, period_type,
              year, value, source, source_ref, state, version, updated_at, updated_by, comment,
              review_reason, submitted_at, submitted_on, submitted_by, id)
            VALUES (${indicatorNum}, ${unitNum}, ${periodId}, ${periodType},
              ${Number(periodId.slice(0, 4))}, ${100 + k * 0.25}, ${source}, ${sourceRef}, ${state},
              ${1 + (k % 3)}, ${updatedAt}, ${updatedBy}, ${k % 4 === 1 ? `说明 ${k}` : ''},
              ${state === 'returned' ? '数据有误，请核实' : ''},
              ${state === 'draft' ? null : '2025-02-01T00:00:00.000Z'},
              ${state === 'draft' ? null : '2025-02-01'}, ${state === 'draft' ? null : 'reporter'},
              ${k % 2 === 0 ? `obs-${k}` : null})`.execute(db);
          k += 1;
        }
    before = await snapshot(database);
    await migrateToLatest(database);
  });
  afterAll(() => database.dispose());

  it('keeps every observation with every column as the view reads it', async () => {
    expect(before).toHaveLength(2 * 2 * (months.length + otherPeriods.length));
    expect(await snapshot(database)).toEqual(before);
  });

  it('keeps each distinct stamp once, as a change row', async () => {
    const changes = await database.db.selectFrom('observation_change').selectAll().execute();
    expect(changes).toHaveLength(stamps.size);
    expect(
      new Set(changes.map((c) => [c.updated_at, c.updated_by, c.source, c.source_ref].join('|'))),
    ).toEqual(stamps);
  });

  it('keeps no index on the cells but their key', async () => {
    expect(await indexNames(database)).toEqual(['key']);
  });

  it('dates a reviewed cell anew and keeps who wrote it and from what source', async () => {
    const cell = (periodId: string) =>
      database.db
        .selectFrom('observation')
        .select(['state', 'version', 'updated_at', 'updated_by', 'source', 'source_ref'])
        .where('indicator_num', '=', 1)
        .where('unit_num', '=', 2)
        .where('period_id', '=', periodId)
        .executeTakeFirstOrThrow();
    const was = await cell('202401');
    const neighbour = await cell('202402');
    await moveCellsToState(
      database.db,
      { unitNum: 2, periodId: '202401', indicatorNums: [1] },
      { state: 'approved', updatedAt: '2026-01-05T09:00:00.000Z' },
    );
    expect(await cell('202401')).toEqual({
      ...was,
      state: 'approved',
      version: was.version + 1,
      updated_at: '2026-01-05T09:00:00.000Z',
    });
    // The other cells of the same stamp keep it.
    expect(await cell('202402')).toEqual(neighbour);
  });
});
