/**
 * Migration 0022 carries a database of today's release (migrated up to 0010) over to the
 * keyed observation table: every value, state, version, review column and audit link stays,
 * the roll-up still matches the observations, and the key is now (indicator, unit, period).
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Migrator } from 'kysely';
import { createMigrationProvider } from '../migrations.ts';
import { rebuildRollupAt0005 } from './0005-counted-data.ts';
import type { ObservationTable, ObservationReviewColumns } from '../schema.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../test-database.ts';

/** An observation row as the table stood from 0004 to 0024 (text keys, a UUID). */
type RowBefore0030 = Omit<ObservationTable, 'indicator_num' | 'unit_num' | 'id' | 'change_num'> &
  Omit<ObservationReviewColumns, 'comment' | 'review_reason'> & {
    id: string;
    comment: string;
    review_reason: string;
  };

const states = ['draft', 'submitted', 'approved', 'returned'] as const;
const towns = ['t1', 't2', 't3'];
const indicators = ['retail', 'invest', 'parking'];
const months = Array.from(
  { length: 24 },
  (_, k) => `${2024 + Math.floor(k / 12)}${String((k % 12) + 1).padStart(2, '0')}`,
);

async function snapshot(database: TestDatabase) {
  const observations = await database.db
    .selectFrom('observation')
    .selectAll()
    .orderBy('indicator_id')
    .orderBy('unit_id')
    .orderBy('period_id')
    .execute();
  const rollup = await database.db
    .selectFrom('rollup')
    .selectAll()
    .orderBy('indicator_id')
    .orderBy('unit_id')
    .orderBy('period_id')
    .execute();
  // PostgreSQL's bigint counts arrive as strings; the comparison is of values, not driver types.
  const plain = <T extends object>(rows: T[]) =>
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

/** The observation table's indexes as `name(columns)`, the primary key as `key(columns)`. */
async function indexesOf(database: TestDatabase): Promise<string[]> {
  if (database.engine === 'sqlite') {
    const { rows: list } = await sql<{ name: string; origin: string }>`
      SELECT name, origin FROM pragma_index_list('observation')`.execute(database.db);
    const described: string[] = [];
    for (const index of list) {
      const { rows: info } = await sql<{ name: string; seqno: number }>`
        SELECT name, seqno FROM pragma_index_info(${index.name}) ORDER BY seqno`.execute(
        database.db,
      );
      const columns = info.map((c) => c.name).join(',');
      described.push(index.origin === 'pk' ? `key(${columns})` : `${index.name}(${columns})`);
    }
    // A rowid table's key is its rowid, not an index: name it so the shape cannot pass unseen.
    const { rows: table } = await sql<{ sql: string }>`
      SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'observation'`.execute(
      database.db,
    );
    if (!/WITHOUT ROWID/i.test(table[0]?.sql ?? '')) described.push('rowid');
    return described.sort();
  }
  const { rows } = await sql<{ name: string; primary: boolean; columns: string }>`
    SELECT i.relname AS name, x.indisprimary AS primary,
      (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(x.indkey) WITH ORDINALITY k(attnum, ord)
       JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum) AS columns
    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
    WHERE x.indrelid = 'observation'::regclass`.execute(database.db);
  return rows.map((r) => (r.primary ? `key(${r.columns})` : `${r.name}(${r.columns})`)).sort();
}

describe(`migration 0022 on a database of today's release (${testEngine})`, () => {
  let database: TestDatabase;
  let before: Awaited<ReturnType<typeof snapshot>>;
  let auditIds: string[];

  beforeAll(async () => {
    database = await createTestDatabase({ migrateTo: '0010_notifications' });
    const db = database.db;
    await sql`INSERT INTO unit (id, code, name, kind, level, parent_id, path) VALUES
      ('d', '500106', '沙坪坝区', 'region', 'district', NULL, '/d/'),
      ('t1', '500106001', '小龙坎街道', 'region', 'town', 'd', '/d/t1/'),
      ('t2', '500106002', '沙坪坝街道', 'region', 'town', 'd', '/d/t2/'),
      ('t3', '500106003', '渝碚路街道', 'region', 'town', 'd', '/d/t3/')`.execute(db);
    await sql`INSERT INTO indicator (id, code, name, unit, kind, measure, direction, cadence) VALUES
      ('retail', 'RETAIL', '社会消费品零售总额', '亿元', 'statistic', 'flow', 'higher', 'month'),
      ('invest', 'INVEST', '固定资产投资', '亿元', 'statistic', 'flow', 'higher', 'month'),
      ('parking', 'PARKING', '新增公共停车泊位', '个', 'task', 'flow', 'higher', 'month')`.execute(
      db,
    );
    // Every state, several versions, review and submission columns filled on some rows.
    const rows: RowBefore0030[] = [];
    let k = 0;
    for (const indicator of indicators)
      for (const unit of towns)
        for (const month of months) {
          const state = states[k % states.length]!;
          rows.push({
            id: `obs-${k}`,
            indicator_id: indicator,
            unit_id: unit,
            period_id: month,
            period_type: 'month',
            year: Number(month.slice(0, 4)),
            value: 100 + k * 0.25,
            source: k % 5 === 0 ? 'import' : 'entered',
            source_ref: k % 5 === 0 ? `upload-${k}` : '',
            state,
            version: 1 + (k % 3),
            updated_at: `2025-0${1 + (k % 9)}-10T08:00:00.000Z`,
            updated_by: 'reporter',
            comment: k % 4 === 1 ? `说明 ${k}` : '',
            review_reason: state === 'returned' ? '数据有误，请核实' : '',
            submitted_at: state === 'draft' ? null : '2025-02-01T00:00:00.000Z',
            submitted_on: state === 'draft' ? null : '2025-02-01',
            submitted_by: state === 'draft' ? null : 'reporter',
          });
          k += 1;
        }
    // Inserted in a shuffled order, as years of entry leave them.
    const shuffled = rows
      .map((r, i) => ({ r, s: (i * 7919) % rows.length }))
      .sort((a, b) => a.s - b.s);
    for (const { r } of shuffled)
      await db
        .insertInto('observation')
        .values(r as never)
        .execute();
    await db
      .insertInto('audit_log')
      .values(
        rows.slice(0, 20).map((r, i) => ({
          at: `2025-03-0${1 + (i % 9)}T00:00:00.000Z`,
          actor: 'reporter',
          action: 'observation.write',
          entity: 'observation',
          entity_id: r.id,
          old_value: null,
          new_value: JSON.stringify({ value: r.value }),
          reason: '',
          request_id: `req-${i}`,
        })),
      )
      .execute();
    await rebuildRollupAt0005(db as never);
    before = await snapshot(database);
    auditIds = rows.slice(0, 20).map((r) => r.id);
    // Up to this migration only: 0030 then moves the rows again (its own test).
    const { error } = await new Migrator({
      db,
      provider: createMigrationProvider(database.engine),
    }).migrateTo('0022_observation_keyed');
    if (error) throw new Error('migration to 0022 failed', { cause: error });
  });
  afterAll(() => database.dispose());

  it('keeps every observation with every column, and the roll-up as it was', async () => {
    const after = await snapshot(database);
    expect(before.observations).toHaveLength(indicators.length * towns.length * months.length);
    expect(after.observations).toEqual(before.observations);
    expect(after.rollup).toEqual(before.rollup);
    expect(before.rollup.length).toBeGreaterThan(0);
  });

  it('leaves one key, (indicator, unit, period), and no index on the id', async () => {
    expect(await indexesOf(database)).toEqual([
      'key(indicator_id,unit_id,period_id)',
      'observation_unit_period(unit_id,period_id)',
      'observation_year(indicator_id,unit_id,year)',
    ]);
  });

  it('keeps the audit links: every audited observation id still names its row', async () => {
    const linked = await database.db
      .selectFrom('audit_log')
      .innerJoin('observation', 'observation.id', 'audit_log.entity_id')
      .select('observation.id')
      .where('audit_log.entity', '=', 'observation')
      .execute();
    expect(linked.map((r) => r.id).sort()).toEqual([...auditIds].sort());
  });

  it('keys observations by (indicator, unit, period): a second row for a key is refused, a new id for the same key is not a new row', async () => {
    const row = {
      id: 'another-id',
      indicator_id: 'retail',
      unit_id: 't1',
      period_id: '202401',
      period_type: 'month',
      year: 2024,
      value: 1,
      source: 'entered',
      source_ref: '',
      state: 'draft' as const,
      version: 1,
      updated_at: '2025-01-01',
      updated_by: 'u',
    };
    await expect(
      database.db
        .insertInto('observation')
        .values(row as never)
        .execute(),
    ).rejects.toThrow();
    await database.db
      .insertInto('observation')
      .values(row as never)
      .onConflict((oc) =>
        oc.columns(['indicator_id', 'unit_id', 'period_id']).doUpdateSet({ value: 7 }),
      )
      .execute();
    const found = await database.db
      .selectFrom('observation')
      .select(['id', 'value'])
      .where('indicator_id', '=', 'retail')
      .where('unit_id', '=', 't1')
      .where('period_id', '=', '202401')
      .execute();
    expect(found).toEqual([
      {
        id: before.observations.find(
          (o) => o.indicator_id === 'retail' && o.unit_id === 't1' && o.period_id === '202401',
        )!.id,
        value: 7,
      },
    ]);
  });
});
