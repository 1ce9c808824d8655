/**
 * Migration 0030 carries a database of today's release (every migration up to 0024_comments)
 * over to integer keys: every observation with every column, the roll-up and the audit links
 * read the same through the views, the roll-up still matches the observations, the cells are
 * keyed (indicator_num, unit_num, period_id) with one secondary index, and units and
 * indicators created afterwards get the next number.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRollup } from '../rollup-store.ts';
import { createTestDatabase, migrate, testEngine, type TestDatabase } from '../test-database.ts';
import { rebuildRollupAt0005 } from './0005-counted-data.ts';

const states = ['draft', 'submitted', 'approved', 'returned'] as const;
const towns = ['t1', 't2', 't3'];
const indicators = ['retail', 'invest', 'parking'];
const months = Array.from(
  { length: 24 },
  (_, k) => `${2024 + Math.floor(k / 12)}${String((k % 12) + 1).padStart(2, '0')}`,
);

/** Every column an observation and a roll-up row had before 0030, in key order. */
const observationColumns = [
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
] as const;
const rollupColumns = [
  'indicator_id',
  'unit_id',
  'period_id',
  'year',
  'descendants_sum',
  'descendants_count',
  'submitted_sum',
  'submitted_count',
] as const;

async function snapshot(database: TestDatabase) {
  const { rows: observations } = await sql<Record<string, unknown>>`
    SELECT ${sql.raw(observationColumns.join(', '))} FROM observation
    ORDER BY indicator_id, unit_id, period_id`.execute(database.db);
  const { rows: rollup } = await sql<Record<string, unknown>>`
    SELECT ${sql.raw(rollupColumns.join(', '))} FROM rollup
    ORDER BY indicator_id, unit_id, period_id`.execute(database.db);
  // PostgreSQL's bigint counts arrive as strings; the comparison is of values, not driver types.
  const plain = (rows: Record<string, unknown>[]) =>
    rows.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, v]) => [
          k,
          typeof v === 'string' && /_count$/.test(k) ? Number(v) : v,
        ]),
      ),
    );
  return { observations: plain(observations), rollup: plain(rollup) };
}

/** A table's indexes as `name(columns)`, the primary key as `key(columns)`, `rowid` if it has one. */
async function indexesOf(database: TestDatabase, table: string): Promise<string[]> {
  if (database.engine === 'sqlite') {
    const { rows: list } = await sql<{ name: string; origin: string }>`
      SELECT name, origin FROM pragma_index_list(${table})`.execute(database.db);
    const described: string[] = [];
    for (const index of list) {
      const { rows: info } = await sql<{ name: string; seqno: number }>`
        SELECT name, seqno FROM pragma_index_info(${index.name}) ORDER BY seqno`.execute(
        database.db,
      );
      const columns = info.map((c) => c.name).join(',');
      described.push(index.origin === 'pk' ? `key(${columns})` : `${index.name}(${columns})`);
    }
    const { rows: created } = await sql<{ sql: string }>`
      SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ${table}`.execute(database.db);
    if (!/WITHOUT ROWID/i.test(created[0]?.sql ?? '')) described.push('rowid');
    return described.sort();
  }
  const { rows } = await sql<{ name: string; primary: boolean; columns: string }>`
    SELECT i.relname AS name, x.indisprimary AS primary,
      (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum) AS columns
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
    WHERE x.indrelid = ${table}::regclass`.execute(database.db);
  return rows.map((r) => (r.primary ? `key(${r.columns})` : `${r.name}(${r.columns})`)).sort();
}

describe(`migration 0030 on a database of today's release (${testEngine})`, () => {
  let database: TestDatabase;
  let before: Awaited<ReturnType<typeof snapshot>>;
  const auditedIds: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase({ migrateTo: '0024_comments' });
    const db = database.db;
    await sql`INSERT INTO unit (id, code, name, kind, level, parent_id, path) VALUES
      ('d', '500106', '沙坪坝区', 'region', 'district', NULL, '/d/'),
      ('t1', '500106003', '小龙坎街道', 'region', 'town', 'd', '/d/t1/'),
      ('t2', '500106001', '沙坪坝街道', 'region', 'town', 'd', '/d/t2/'),
      ('t3', '500106002', '渝碚路街道', 'region', 'town', 'd', '/d/t3/')`.execute(db);
    await sql`INSERT INTO indicator (id, code, name, unit, kind, measure, direction, cadence) VALUES
      ('retail', 'RETAIL', '社会消费品零售总额', '亿元', 'statistic', 'flow', 'higher', 'month'),
      ('invest', 'INVEST', '固定资产投资', '亿元', 'statistic', 'flow', 'higher', 'month'),
      ('parking', 'PARKING', '新增公共停车泊位', '个', 'kpi', 'flow', 'higher', 'month')`.execute(
      db,
    );
    // Every state, several versions, review and submission columns filled on some rows.
    const rows: unknown[][] = [];
    let k = 0;
    for (const indicator of indicators)
      for (const unit of towns)
        for (const month of months) {
          const state = states[k % states.length]!;
          rows.push([
            `obs-${k}`,
            indicator,
            unit,
            month,
            'month',
            Number(month.slice(0, 4)),
            100 + k * 0.25,
            k % 5 === 0 ? 'import' : 'entered',
            k % 5 === 0 ? `upload-${k}` : '',
            state,
            1 + (k % 3),
            `2025-0${1 + (k % 9)}-10T08:00:00.000Z`,
            'reporter',
            k % 4 === 1 ? `说明 ${k}` : '',
            state === 'returned' ? '数据有误，请核实' : '',
            state === 'draft' ? null : '2025-02-01T00:00:00.000Z',
            state === 'draft' ? null : '2025-02-01',
            state === 'draft' ? null : 'reporter',
          ]);
          k += 1;
        }
    // Inserted in a shuffled order, as years of entry leave them.
    const shuffled = rows
      .map((r, i) => ({ r, s: (i * 7919) % rows.length }))
      .sort((a, b) => a.s - b.s);
    for (const { r } of shuffled)
      await sql`INSERT INTO observation (${sql.raw(observationColumns.join(', '))})
        VALUES (${sql.join(r)})`.execute(db);
    for (const r of rows.slice(0, 20)) {
      auditedIds.push(r[0] as string);
      await sql`INSERT INTO audit_log (at, actor, action, entity, entity_id, new_value, reason, request_id)
        VALUES ('2025-03-01T00:00:00.000Z', 'reporter', 'observation.write', 'observation',
          ${r[0]}, '{}', '', '')`.execute(db);
    }
    await rebuildRollupAt0005(db as never);
    before = await snapshot(database);
    await migrate(database, '0030_integer_keys');
  });
  afterAll(() => database.dispose());

  it('keeps every observation with every column, and the roll-up, as the views read them', async () => {
    const after = await snapshot(database);
    expect(before.observations).toHaveLength(indicators.length * towns.length * months.length);
    expect(after.observations).toEqual(before.observations);
    expect(before.rollup.length).toBeGreaterThan(0);
    expect(after.rollup).toEqual(before.rollup);
    expect(await checkRollup(database.db)).toEqual([]);
  });

  it('numbers units and indicators by code, 1, 2, …', async () => {
    const units = await database.db.selectFrom('unit').select(['id', 'num']).execute();
    const byId = Object.fromEntries(units.map((u) => [u.id, u.num]));
    // Codes 500106 < 500106001 (t2) < 500106002 (t3) < 500106003 (t1).
    expect(byId).toEqual({ d: 1, t2: 2, t3: 3, t1: 4 });
    const numbered = await database.db.selectFrom('indicator').select(['id', 'num']).execute();
    expect(Object.fromEntries(numbered.map((i) => [i.id, i.num]))).toEqual({
      invest: 1,
      parking: 2,
      retail: 3,
    });
  });

  it('stores cells under (indicator_num, unit_num, period_id) with one secondary index', async () => {
    expect(await indexesOf(database, 'observation_cell')).toEqual([
      'key(indicator_num,unit_num,period_id)',
      'observation_cell_unit_period(unit_num,period_id)',
    ]);
    expect(await indexesOf(database, 'rollup_cell')).toEqual([
      'key(indicator_num,unit_num,period_id)',
    ]);
    // The duplicate of a stored key, in the cell's columns as of 0030 (later migrations narrow it).
    await expect(
      sql`INSERT INTO observation_cell (indicator_num, unit_num, period_id, period_type, year, value,
        source, source_ref, state, version, updated_at, updated_by)
        VALUES (3, 4, '202401', 'month', 2024, 1, 'entered', '', 'draft', 1, '2025-01-01', 'u')`.execute(
        database.db,
      ),
    ).rejects.toThrow();
  });

  it('keeps the audit links: every audited observation id still names its row', async () => {
    const linked = await database.db
      .selectFrom('audit_log')
      .innerJoin('observation', 'observation.id', 'audit_log.entity_id')
      .select('observation.id')
      .where('audit_log.entity', '=', 'observation')
      .execute();
    expect(linked.map((r) => r.id).sort()).toEqual([...auditedIds].sort());
  });

  it('gives a unit or indicator created afterwards the next number', async () => {
    await sql`INSERT INTO unit (id, code, name, kind, level, parent_id, path)
      VALUES ('t4', '500106004', '新街道', 'region', 'town', 'd', '/d/t4/')`.execute(database.db);
    await sql`INSERT INTO indicator (id, code, name, unit, kind, measure, direction, cadence)
      VALUES ('a', 'AAA', '新指标', '个', 'kpi', 'flow', 'higher', 'month')`.execute(database.db);
    const unit = await database.db
      .selectFrom('unit')
      .select('num')
      .where('id', '=', 't4')
      .executeTakeFirstOrThrow();
    const indicator = await database.db
      .selectFrom('indicator')
      .select('num')
      .where('id', '=', 'a')
      .executeTakeFirstOrThrow();
    expect([unit.num, indicator.num]).toEqual([5, 4]);
  });
});
