/**
 * The roll-up that entry writes keep up to date incrementally equals a full
 * recomputation from the observations, after seeded random batches of inserts and updates.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCollectionRegistry } from './collection-context.ts';
import { createCollectionFixture, type CollectionFixture } from './collection-test-fixture.ts';
import { checkEntryBatch, writeEntryBatch, type EntryItem } from './entry-batch.ts';
import { systemActor } from './ports.ts';
import { testEngine } from '../store/test-database.ts';

describe(`collection store roll-up on ${testEngine}`, () => {
  let f: CollectionFixture;
  beforeAll(async () => {
    f = await createCollectionFixture();
  });
  afterAll(() => f.dispose());

  const entry = fc.record({
    unitCode: fc.constantFrom('D', 'T1', 'T2', 'DEPT', 'DEPT-A'),
    indicatorCode: fc.constantFrom('RETAIL', 'EMPLOY'),
    periodId: fc.constantFrom('202501', '202502', '202503'),
    entered: fc.integer({ min: 0, max: 1000 }),
  });

  it('keeps descendants_sum and descendants_count equal to a recomputation', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(entry, {
          selector: (e) => `${e.unitCode}:${e.indicatorCode}:${e.periodId}`,
          minLength: 1,
          maxLength: 12,
        }),
        fc.constantFrom<'draft' | 'approved'>('draft', 'approved'),
        async (entries, state) => {
          const registry = await loadCollectionRegistry(f.database.db);
          // Approved values are locked; a batch leaves them out rather than be refused.
          const locked = new Set(
            (
              await f.database.db
                .selectFrom('observation')
                .innerJoin('unit', 'unit.id', 'observation.unit_id')
                .innerJoin('indicator', 'indicator.id', 'observation.indicator_id')
                .select(['unit.code as u', 'indicator.code as i', 'observation.period_id as p'])
                .where('observation.state', '=', 'approved')
                .execute()
            ).map((r) => `${r.u}:${r.i}:${r.p}`),
          );
          const batch = entries.filter(
            (e) => !locked.has(`${e.unitCode}:${e.indicatorCode}:${e.periodId}`),
          );
          const items: EntryItem[] = batch.map((e) => ({
            ...e,
            mode: 'period',
            comment: '',
            expectedVersion: null,
          }));
          const checked = await checkEntryBatch(f.deps, registry, items, systemActor, {
            source: 'entered',
            state,
            skipUnchanged: false,
          });
          expect(checked.issues).toEqual([]);
          const written = await writeEntryBatch(f.deps, registry, items, checked, systemActor, {
            action: 'fuzz',
            entityId: 'fuzz',
            reason: '',
          });
          expect(written.ok).toBe(true);

          const [observations, rollup, units] = await Promise.all([
            f.database.db
              .selectFrom('observation')
              .select(['indicator_id', 'unit_id', 'period_id', 'value'])
              .where('state', '=', 'approved')
              .execute(),
            f.database.db.selectFrom('rollup').selectAll().execute(),
            f.database.db.selectFrom('unit').select(['id', 'path']).execute(),
          ]);
          const expected = new Map<string, { sum: number; count: number }>();
          for (const o of observations) {
            const path = units.find((u) => u.id === o.unit_id)?.path ?? '';
            for (const ancestor of path.split('/').filter(Boolean).slice(0, -1)) {
              const key = `${o.indicator_id}|${ancestor}|${o.period_id}`;
              const e = expected.get(key) ?? { sum: 0, count: 0 };
              expected.set(key, { sum: e.sum + o.value, count: e.count + 1 });
            }
          }
          const actual = new Map(
            rollup
              .filter((r) => r.descendants_count !== 0 || r.descendants_sum !== 0)
              .map((r) => [
                `${r.indicator_id}|${r.unit_id}|${r.period_id}`,
                { sum: r.descendants_sum, count: r.descendants_count },
              ]),
          );
          expect(actual).toEqual(expected);
        },
      ),
      { seed: 20250405, numRuns: 25 },
    );
  });
});
