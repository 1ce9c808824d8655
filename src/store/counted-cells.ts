/**
 * The stored cells of many (indicator, unit) subjects over a span of years, in two queries:
 * their own values in the counted states and their roll-up rows. A rule engine that looks at
 * hundreds of subjects after one write reads them here at once, not subject by subject.
 */
import type { Kysely } from 'kysely';
import { rollupFigureColumns } from './rollup-store.ts';
import type { Database, ObservationTable } from './schema.ts';

// Bound variables per statement stay well below SQLite's limit.
const CHUNK = 400;

const chunks = <T>(xs: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
};

async function numsOf(db: Kysely<Database>, table: 'indicator' | 'unit', ids: readonly string[]) {
  const nums: number[] = [];
  for (const part of chunks(ids))
    for (const r of await db.selectFrom(table).select('num').where('id', 'in', part).execute())
      nums.push(r.num);
  return nums;
}

export async function readCountedCells(
  db: Kysely<Database>,
  query: {
    readonly indicatorIds: readonly string[];
    readonly unitIds: readonly string[];
    readonly firstYear: number;
    readonly lastYear: number;
    readonly states: readonly ObservationTable['state'][];
  },
) {
  const { indicatorIds, unitIds, firstYear, lastYear } = query;
  if (indicatorIds.length === 0 || unitIds.length === 0) return { own: [], rolled: [] };
  // Asked by the integer keys the cells are stored under (migration 0030): given ids, the
  // engine may drive the join from the unit and read every indicator of it through the
  // (unit, period) index; given nums, it seeks the key of each subject.
  const [indicatorNums, unitNums] = await Promise.all([
    numsOf(db, 'indicator', indicatorIds),
    numsOf(db, 'unit', unitIds),
  ]);
  if (indicatorNums.length === 0 || unitNums.length === 0) return { own: [], rolled: [] };
  const own = [];
  const rolled = [];
  for (const indicators of chunks(indicatorNums))
    for (const units of chunks(unitNums)) {
      const [o, r] = await Promise.all([
        db
          .selectFrom('observation')
          .select(['indicator_id', 'unit_id', 'period_id', 'value'])
          .where('indicator_num', 'in', indicators)
          .where('unit_num', 'in', units)
          .where('year', '>=', firstYear)
          .where('year', '<=', lastYear)
          // Every period id begins with its year: the key's own range, so each subject's
          // index seek reads its years only, not its whole history.
          .where('period_id', '>=', String(firstYear))
          .where('period_id', '<', String(lastYear + 1))
          .where('state', 'in', [...query.states])
          .execute(),
        db
          .selectFrom('rollup')
          .select(['indicator_id', 'unit_id', 'period_id', ...rollupFigureColumns])
          .where('indicator_num', 'in', indicators)
          .where('unit_num', 'in', units)
          .where('year', '>=', firstYear)
          .where('year', '<=', lastYear)
          .where('period_id', '>=', String(firstYear))
          .where('period_id', '<', String(lastYear + 1))
          .execute(),
      ]);
      own.push(...o);
      rolled.push(...r);
    }
  return { own, rolled };
}
