/**
 * What the reviewer reads: the submitted values waiting across periods and units, and the
 * values of given periods for comparison (last year's, for year-on-year).
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** Every submitted value (sensor feeds are never reviewed), oldest submission first. */
export function listSubmittedValues(db: Kysely<Database>) {
  return db
    .selectFrom('observation')
    .select([
      'indicator_id',
      'unit_id',
      'period_id',
      'value',
      'comment',
      'version',
      'submitted_at',
      'updated_by',
    ])
    .where('state', '=', 'submitted')
    .where('source', '<>', 'sensor')
    .orderBy('submitted_at')
    .orderBy('period_id')
    .execute();
}

/** The stored values (any state) of some periods, keyed indicator \0 unit \0 period. */
export async function valuesOfPeriods(
  db: Kysely<Database>,
  periodIds: readonly string[],
): Promise<Map<string, number>> {
  if (periodIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('observation')
    .select(['indicator_id', 'unit_id', 'period_id', 'value'])
    .where('period_id', 'in', [...new Set(periodIds)])
    .execute();
  return new Map(
    rows.map((r) => [`${r.indicator_id}\u0000${r.unit_id}\u0000${r.period_id}`, r.value]),
  );
}

/** Every unit's values of one period (sensor feeds aside), as the submission grid shows them. */
export const valuesOfPeriodForReview = (db: Kysely<Database>, periodId: string) =>
  db
    .selectFrom('observation')
    .select([
      'indicator_id',
      'unit_id',
      'value',
      'state',
      'version',
      'submitted_at',
      'updated_at',
      'review_reason',
      'comment',
    ])
    .where('period_id', '=', periodId)
    .where('source', '<>', 'sensor')
    .execute();
