/**
 * The observation store's contract, on the engine the run asks for (SQLite in memory,
 * or PostgreSQL with TEST_DATABASE_URL): upserts, lookups by key, the roll-up kept
 * equal to a full recomputation, and an audit log the database itself keeps append-only.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLightThresholds } from '../core/light-thresholds.ts';
import type { ObservationInput } from '../core/observation.ts';
// The roll-up is computed by its one writer, the observation service; the contract is checked
// through it, so this test alone reaches up out of the store.
/* eslint-disable import-x/no-restricted-paths */
import { createObservationService } from '../services/observation-service.ts';
import {
  createFixedClock,
  createSequentialIds,
  systemActor,
  type ServiceDeps,
} from '../services/ports.ts';
import { createRegistryService } from '../services/registry-service.ts';
/* eslint-enable import-x/no-restricted-paths */
import { migrateToLatest } from './database.ts';
import { createCollectionStore, type EntryRow } from './collection-store.ts';
import { insertAudit, type AuditEntry } from './observation-store.ts';
import { createTestDatabase, testEngine, type TestDatabase } from './test-database.ts';

const NOW = '2025-10-15T02:00:00.000Z';

const buildDeps = (database: TestDatabase): ServiceDeps => ({
  database,
  clock: createFixedClock(NOW),
  ids: createSequentialIds('t'),
  thresholds: defaultLightThresholds,
});

/** A district with three towns, each with two communities: three levels to roll up through. */
const unitTree = [
  { code: 'D', parentCode: null, level: 'district' },
  ...['T1', 'T2', 'T3'].flatMap((town) => [
    { code: town, parentCode: 'D', level: 'town' },
    { code: `${town}C1`, parentCode: town, level: 'community' },
    { code: `${town}C2`, parentCode: town, level: 'community' },
  ]),
] as const;

async function seedRegistry(deps: ServiceDeps) {
  const registry = createRegistryService(deps);
  for (const u of unitTree)
    await registry.createUnit(
      {
        code: u.code,
        name: `单位${u.code}`,
        kind: 'region',
        level: u.level,
        parentCode: u.parentCode,
      },
      systemActor,
    );
  for (const code of ['RETAIL', 'INVEST'])
    await registry.createIndicator(
      {
        code,
        name: `指标${code}`,
        unit: '万元',
        kind: 'kpi',
        measure: 'flow',
        direction: 'higher',
        cadence: 'month',
      },
      systemActor,
    );
  const units = await deps.database.db.selectFrom('unit').select(['id', 'code', 'num']).execute();
  const indicators = await deps.database.db
    .selectFrom('indicator')
    .select(['id', 'code', 'num'])
    .execute();
  return {
    unitId: new Map(units.map((u) => [u.code, u.id])),
    indicatorId: new Map(indicators.map((i) => [i.code, i.id])),
    unitNum: new Map(units.map((u) => [u.code, u.num])),
    indicatorNum: new Map(indicators.map((i) => [i.code, i.num])),
    numbers: {
      unit: (id: string) => units.find((u) => u.id === id)!.num,
      indicator: (id: string) => indicators.find((i) => i.id === id)!.num,
    },
  };
}

const buildAudit = (overrides: Partial<AuditEntry> = {}): AuditEntry => ({
  at: NOW,
  actor: 'tester',
  action: 'observation.batch',
  entity: 'observation',
  entityId: 'batch:1',
  oldValue: null,
  newValue: { note: 'contract test' },
  reason: '',
  requestId: '',
  ...overrides,
});

describe(`observation store on ${testEngine}`, () => {
  let database: TestDatabase;
  let deps: ServiceDeps;
  let ids: Awaited<ReturnType<typeof seedRegistry>>;

  let rowNumber = 0;
  const buildRow = (overrides: Partial<EntryRow> = {}): EntryRow => ({
    indicator_id: ids.indicatorId.get('RETAIL')!,
    unit_id: ids.unitId.get('T1C1')!,
    indicator_num: ids.indicatorNum.get('RETAIL')!,
    unit_num: ids.unitNum.get('T1C1')!,
    period_id: '202501',
    period_type: 'month',
    year: 2025,
    value: 10,
    source: 'entered',
    source_ref: `row-${++rowNumber}`,
    state: 'draft',
    version: 1,
    updated_at: NOW,
    updated_by: 'tester',
    comment: '',
    review_reason: '',
    submitted_at: null,
    submitted_on: null,
    submitted_by: null,
    ...overrides,
  });
  /** One write of the collection store: no version check, no ancestors unless given. */
  const write = (
    rows: EntryRow[],
    audit: AuditEntry = buildAudit(),
    ancestorsOf: (unitId: string) => readonly string[] = () => [],
  ) =>
    createCollectionStore(database).writeEntries({
      rows,
      expectedVersions: rows.map(() => null),
      ancestorsOf,
      numbers: ids.numbers,
      audit: () => [audit],
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = buildDeps(database);
    ids = await seedRegistry(deps);
  });
  afterAll(() => database.dispose());

  it('applies the append-only audit migration right after the initial one', async () => {
    const names = await database.db
      .selectFrom(sql<{ name: string }>`kysely_migration`.as('m'))
      .select('m.name')
      .orderBy('m.name')
      .execute();
    // Later migrations follow; these two come first, in this order.
    expect(names.map((n) => n.name).slice(0, 2)).toEqual([
      '0001_initial',
      '0002_audit_append_only',
    ]);
    expect(await migrateToLatest(database)).toEqual([]);
  });

  it('inserts a new row, then updates it in place and increments its version', async () => {
    const first = buildRow({ period_id: '202502', value: 12.5 });
    expect(await write([first])).toMatchObject({ ok: true, inserted: 1, updated: 0 });
    expect(
      await write([{ ...first, value: 13, source: 'import', state: 'submitted' }]),
    ).toMatchObject({ ok: true, inserted: 0, updated: 1 });
    const stored = await database.db
      .selectFrom('observation')
      .selectAll()
      .where('period_id', '=', '202502')
      .execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      // Rows written since migration 0030 need no UUID: the key is their name.
      id: null,
      value: 13,
      source: 'import',
      state: 'submitted',
      version: 2,
    });
  });

  it('finds existing rows by indicator, unit and period and leaves out the missing ones', async () => {
    const row = buildRow({ period_id: '202503', value: 7, state: 'approved' });
    await write([row]);
    const keys = [
      { indicatorNum: row.indicator_num, unitNum: row.unit_num, periodId: '202503' },
      { indicatorNum: row.indicator_num, unitNum: row.unit_num, periodId: '202504' },
    ];
    const found = await createCollectionStore(database).findEntries(keys);
    expect(found.count()).toBe(1);
    expect(found.get(row.indicator_num, row.unit_num, '202504')).toBeUndefined();
    expect(found.get(row.indicator_num, row.unit_num, '202503')).toEqual({
      value: 7,
      comment: '',
      state: 'approved',
      version: 1,
    });
  });

  it.skipIf(testEngine !== 'postgres')(
    "stores a large batch's audit entry compressed with lz4 where the server has it",
    async () => {
      const { rows: has } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM pg_settings
        WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)`.execute(database.db);
      // Megabytes of JSON, as a 200,000-row batch's entry holds: stored out of line, compressed.
      const written = Array.from({ length: 50_000 }, (_, i) => ['RETAIL', 'T1C1', '202501', i]);
      await write([buildRow({ period_id: '202510' })], buildAudit({ newValue: written }));
      const { rows } = await sql<{ method: string | null }>`SELECT
        pg_column_compression(new_value) AS method FROM audit_log ORDER BY seq DESC LIMIT 1`.execute(
        database.db,
      );
      expect(rows[0]?.method).toBe(has[0]?.n === 1 ? 'lz4' : 'pglz');
    },
  );

  it('writes rows, roll-up deltas and the audit entry in one transaction', async () => {
    const before = await countRows(database);
    // An approved row moves the district's roll-up, but an audit entry that cannot be stored
    // (actor is NOT NULL) must take the row and the roll-up down with it.
    await expect(
      write(
        [buildRow({ period_id: '202509', state: 'approved' })],
        buildAudit({ actor: null as unknown as string }),
        () => [ids.unitId.get('D')!],
      ),
    ).rejects.toThrow();
    expect(await countRows(database)).toEqual(before);
  });

  describe('the audit log', () => {
    it('refuses to update an entry', async () => {
      await insertAudit(database.db, buildAudit({ reason: 'original' }));
      await expect(
        database.db.updateTable('audit_log').set({ reason: 'rewritten' }).execute(),
      ).rejects.toThrow(/append-only/);
      const reasons = await database.db.selectFrom('audit_log').select('reason').execute();
      expect(reasons.map((r) => r.reason)).toContain('original');
      expect(reasons.map((r) => r.reason)).not.toContain('rewritten');
    });

    it('refuses to delete an entry', async () => {
      await insertAudit(database.db, buildAudit());
      const before = await database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      await expect(database.db.deleteFrom('audit_log').execute()).rejects.toThrow(/append-only/);
      const after = await database.db
        .selectFrom('audit_log')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      expect(Number(after.n)).toBe(Number(before.n));
    });

    it.skipIf(testEngine !== 'postgres')('refuses to truncate the log', async () => {
      await expect(sql`TRUNCATE audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
    });

    it('still accepts new entries', async () => {
      await insertAudit(database.db, buildAudit({ reason: 'appended' }));
      const last = await database.db
        .selectFrom('audit_log')
        .select('reason')
        .orderBy('seq', 'desc')
        .executeTakeFirstOrThrow();
      expect(last.reason).toBe('appended');
    });
  });
});

describe(`roll-up of descendants on ${testEngine}`, () => {
  let database: TestDatabase;
  let deps: ServiceDeps;

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = buildDeps(database);
    await seedRegistry(deps);
  });
  afterAll(() => database.dispose());

  const unitCodes = unitTree.map((u) => u.code);
  const goodRow = fc.record({
    indicatorCode: fc.constantFrom('RETAIL', 'INVEST'),
    unitCode: fc.constantFrom(...unitCodes),
    periodId: fc.constantFrom('202501', '202502', '202503', '202504'),
    // Cents, as statistics are entered; a flow's month is never negative (the entry rules refuse it).
    value: fc.integer({ min: 0, max: 500_000 }).map((cents) => cents / 100),
  });
  const batch = fc.record({
    rows: fc.uniqueArray(goodRow, {
      minLength: 1,
      maxLength: 30,
      selector: (r) => `${r.indicatorCode}|${r.unitCode}|${r.periodId}`,
    }),
    // Now and then a batch carries one bad row and must change nothing at all.
    hasBadRow: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
  });

  it('equals a full recomputation over strict descendants after every batch (seeded fuzz)', async () => {
    const service = createObservationService(deps);
    const batches = fc.sample(batch, { seed: 20250225, numRuns: 40 });
    let written = 0;
    let rejected = 0;
    // Approved values are locked, so each key is written once; what counts is what is approved.
    const taken = new Set<string>();
    for (const [index, b] of batches.entries()) {
      const fresh = b.rows.filter(
        (r) => !taken.has(`${r.indicatorCode}|${r.unitCode}|${r.periodId}`),
      );
      const rows: ObservationInput[] = b.hasBadRow
        ? [...fresh, { indicatorCode: 'RETAIL', unitCode: 'NOWHERE', periodId: '202501', value: 1 }]
        : fresh;
      if (rows.length === 0) continue;
      const before = b.hasBadRow ? await readRollup(database) : null;
      const result = await service.writeObservations(rows, systemActor, {
        reason: `fuzz batch ${index}`,
        provenance: { source: 'document', state: 'approved', comment: 'fuzz' },
      });
      if (result.ok)
        for (const r of rows) taken.add(`${r.indicatorCode}|${r.unitCode}|${r.periodId}`);
      if (b.hasBadRow) {
        expect(result.ok).toBe(false);
        expect(await readRollup(database)).toEqual(before);
        rejected += 1;
      } else {
        expect(result.ok ? [] : result.problems).toEqual([]);
        if (result.ok) written += result.written;
      }
      const [rollup, recomputed] = await Promise.all([
        readRollup(database),
        recomputeRollup(database),
      ]);
      expect([...rollup.keys()].sort(), `batch ${index}: roll-up keys`).toEqual(
        [...recomputed.keys()].sort(),
      );
      for (const [key, expected] of recomputed) {
        const actual = rollup.get(key)!;
        expect(actual.count, `batch ${index}: count of ${key}`).toBe(expected.count);
        expect(actual.sum, `batch ${index}: sum of ${key}`).toBeCloseTo(expected.sum, 6);
      }
    }
    // The sample must really exercise inserts and rejections.
    expect(written).toBeGreaterThan(50);
    expect(rejected).toBeGreaterThan(0);
  });
});

async function countRows(database: TestDatabase) {
  const count = async (table: 'observation' | 'rollup' | 'audit_log') =>
    Number(
      (
        await database.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    observation: await count('observation'),
    rollup: await count('rollup'),
    audit: await count('audit_log'),
  };
}

type RollupTotals = Map<string, { sum: number; count: number }>;

async function readRollup(database: TestDatabase): Promise<RollupTotals> {
  const rows = await database.db.selectFrom('rollup').selectAll().execute();
  return new Map(
    rows.map((r) => [
      `${r.indicator_id}|${r.unit_id}|${r.period_id}`,
      { sum: r.descendants_sum, count: Number(r.descendants_count) },
    ]),
  );
}

/** The roll-up from scratch: for every unit, the sum and count over its strict descendants. */
async function recomputeRollup(database: TestDatabase): Promise<RollupTotals> {
  const { rows } = await sql<{
    indicator_id: string;
    unit_id: string;
    period_id: string;
    total: number;
    n: number | string;
  }>`
    SELECT o.indicator_id, a.id AS unit_id, o.period_id, sum(o.value) AS total, count(*) AS n
    FROM unit a
    JOIN unit d ON d.path LIKE a.path || '%' AND d.id <> a.id
    JOIN observation o ON o.unit_id = d.id AND o.state = 'approved'
    GROUP BY o.indicator_id, a.id, o.period_id`.execute(database.db);
  return new Map(
    rows.map((r) => [
      `${r.indicator_id}|${r.unit_id}|${r.period_id}`,
      { sum: Number(r.total), count: Number(r.n) },
    ]),
  );
}
