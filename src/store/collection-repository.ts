/**
 * What data collection reads before it works: the registry's units and indicators as
 * rows, and the rows that make up reporting duties (assignments and what each unit has
 * reported). The rules that turn them into a registry and duties stay in the service.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Every unit (in sort order) and indicator (in code order), as collection indexes them. */
export async function readRegistryRows(db: Kysely<Database>) {
  const [units, indicators] = await Promise.all([
    db
      .selectFrom('unit')
      .select(['id', 'code', 'name', 'kind', 'parent_id', 'path', 'sort_order', 'num'])
      .orderBy('sort_order')
      .orderBy('code')
      .execute(),
    db.selectFrom('indicator').selectAll().orderBy('code').execute(),
  ]);
  return { units, indicators };
}

/**
 * The assigned (unit, indicator) pairs, and the pairs each unit reported on the
 * indicator's cadence in `year` or the year before, sensor readings aside.
 */
export async function readDutyRows(db: Kysely<Database>, year: number) {
  const [assigned, reported] = await Promise.all([
    db.selectFrom('indicator_unit').select(['unit_id', 'indicator_id']).execute(),
    db
      .selectFrom('observation')
      .innerJoin('indicator', 'indicator.id', 'observation.indicator_id')
      .select(['observation.unit_id', 'observation.indicator_id'])
      .distinct()
      .where('observation.year', 'in', [year - 1, year])
      .where('observation.source', '<>', 'sensor')
      .whereRef('observation.period_type', '=', 'indicator.cadence')
      .execute(),
  ]);
  return { assigned, reported };
}
