/**
 * Deleting drafts: the one way a value leaves the observation table. Only drafts go, which
 * no roll-up bucket holds (core/rollup.ts counts approved and submitted), so no figure moves.
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Deletes a unit's drafts for a period (only the indicators named, when given); returns what went. */
export async function deleteDrafts(
  trx: Kysely<Database>,
  target: { unitId: string; periodId: string; indicatorIds?: readonly string[] },
): Promise<{ indicator_id: string; value: number; comment: string; version: number }[]> {
  let query = trx
    .selectFrom('observation')
    .select(['id', 'indicator_id', 'value', 'comment', 'version'])
    .where('unit_id', '=', target.unitId)
    .where('period_id', '=', target.periodId)
    .where('state', '=', 'draft');
  if (target.indicatorIds)
    query = query.where(
      'indicator_id',
      'in',
      target.indicatorIds.length > 0 ? [...target.indicatorIds] : [''],
    );
  const found = await query.execute();
  if (found.length > 0)
    await trx
      .deleteFrom('observation')
      .where(
        'id',
        'in',
        found.map((r) => r.id),
      )
      .where('state', '=', 'draft')
      .execute();
  return found.map(({ indicator_id, value, comment, version }) => ({
    indicator_id,
    value,
    comment,
    version,
  }));
}
