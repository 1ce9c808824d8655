/**
 * Deleting drafts: the one way a value leaves the observation table. Only drafts go, which
 * no roll-up bucket holds (core/rollup.ts counts approved and submitted), so no figure moves.
 */
import type { Kysely } from 'kysely';
import { findCellsInState, type CellSet } from './observation-cells.ts';
import type { Database } from './schema.ts';

/** Deletes a unit's drafts for a period (only the indicators named, when given); returns what went. */
export async function deleteDrafts(
  trx: Kysely<Database>,
  set: CellSet,
): Promise<{ indicator_num: number; value: number; comment: string; version: number }[]> {
  const found = await findCellsInState(trx, set, ['draft']);
  // By key, as the cells are stored: one indexed delete per 500 indicators.
  for (let start = 0; start < found.length; start += 500)
    await trx
      .deleteFrom('observation_cell')
      .where('unit_num', '=', set.unitNum)
      .where('period_id', '=', set.periodId)
      .where(
        'indicator_num',
        'in',
        found.slice(start, start + 500).map((r) => r.indicator_num),
      )
      .where('state', '=', 'draft')
      .execute();
  return found.map(({ indicator_num, value, comment, version }) => ({
    indicator_num,
    value,
    comment,
    version,
  }));
}
