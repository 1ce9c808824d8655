/**
 * What data collection reads before it works: the registry's units and indicators as
 * rows, and the rows that make up reporting duties (assignments and what each unit has
 * reported). The rules that turn them into a registry and duties stay in the service.
 */
import { sql, type Kysely } from 'kysely';
import { everyIndicatorNum } from './observation-cells.ts';
import { periodTypeOfIdSql, yearIdRange } from './period-sql.ts';
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
    // A pair reported is a pair with one such cell: probe the key (indicator, unit, period)
    // over the two years and stop at the first, rather than read every cell of them.
    db
      .selectFrom('indicator')
      .innerJoin('unit', (join) => join.onTrue())
      .select(['unit.id as unit_id', 'indicator.id as indicator_id'])
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('observation_cell as c')
            .innerJoin('observation_change as w', 'w.change_num', 'c.change_num')
            .select(sql.lit(1).as('one'))
            .whereRef('c.indicator_num', '=', 'indicator.num')
            .whereRef('c.unit_num', '=', 'unit.num')
            .where('c.period_id', '>=', yearIdRange(year - 1)[0])
            .where('c.period_id', '<', yearIdRange(year)[1])
            .where(sql<boolean>`${sql.raw(periodTypeOfIdSql('c.period_id'))} = indicator.cadence`)
            .where('w.source', '<>', 'sensor'),
        ),
      )
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
