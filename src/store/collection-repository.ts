/**
 * What data collection reads before it works: the registry's units and indicators as
 * rows, and the rows that make up reporting duties (assignments and what each unit has
 * reported). The rules that turn them into a registry and duties stay in the service.
 */
import type { Kysely } from 'kysely';
import { everyIndicatorNum } from './observation-cells.ts';
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

/** What an entry template shows of each cell: its value, version, state, comment and return reason. */
export interface TemplateCellRow {
  readonly indicator_id: string;
  readonly unit_id: string;
  readonly period_id: string;
  readonly value: number;
  readonly version: number;
  readonly state: string;
  readonly comment: string;
  readonly review_reason: string;
}

/** The stored cells of the given units in the given periods (a template's period and the same one last year). */
export async function readTemplateCells(
  db: Kysely<Database>,
  unitIds: readonly string[],
  periodIds: readonly string[],
): Promise<TemplateCellRow[]> {
  const found: TemplateCellRow[] = [];
  // Bound variables per statement stay far below both engines' limits.
  for (let start = 0; start < unitIds.length; start += 500) {
    const rows = await db
      .selectFrom('observation')
      .select([
        'indicator_id',
        'unit_id',
        'period_id',
        'value',
        'version',
        'state',
        'comment',
        'review_reason',
      ])
      .where('indicator_num', 'in', everyIndicatorNum(db))
      .where('unit_id', 'in', unitIds.slice(start, start + 500))
      .where('period_id', 'in', [...periodIds])
      .execute();
    // One at a time: a district's template can hold more rows than push() takes arguments.
    for (const r of rows) found.push(r);
  }
  return found;
}
