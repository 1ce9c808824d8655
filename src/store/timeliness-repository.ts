/**
 * Timeliness as stored: the due-day overrides per cadence (due_rule) and when each
 * reported value was submitted.
 */
import type { Kysely } from 'kysely';
import { everyIndicatorNum } from './observation-cells.ts';
import type { ObservationState } from '../core/observation.ts';
import type { Database } from './schema.ts';

/** The stored due-day overrides, one row per period type. */
export const readDueRuleRows = (db: Kysely<Database>) =>
  db.selectFrom('due_rule').selectAll().execute();

/** Replaces the override of one period type (in the caller's transaction). */
export async function replaceDueRule(
  executor: Kysely<Database>,
  periodType: string,
  daysAfterEnd: number,
): Promise<void> {
  await executor.deleteFrom('due_rule').where('period_type', '=', periodType).execute();
  await executor
    .insertInto('due_rule')
    .values({ period_type: periodType, days_after_end: daysAfterEnd })
    .execute();
}

/** Every value in one of `states` of the given years, with when it was submitted and last changed. */
export const readReportedCells = (
  db: Kysely<Database>,
  states: readonly ObservationState[],
  years: readonly number[],
) =>
  db
    .selectFrom('observation')
    .select(['unit_id', 'indicator_id', 'period_id', 'submitted_on', 'updated_at'])
    .where('state', 'in', [...states])
    .where('year', 'in', [...years])
    .execute();

/**
 * The state of every value stored for some units in the given years (sensor readings are no
 * form's), for the reporter's to-do.
 */
export async function readFormValueStates(
  db: Kysely<Database>,
  unitIds: readonly string[],
  years: readonly number[],
) {
  if (unitIds.length === 0 || years.length === 0) return [];
  return db
    .selectFrom('observation')
    .select(['unit_id', 'indicator_id', 'period_id', 'state'])
    .where('indicator_num', 'in', everyIndicatorNum(db))
    .where('unit_id', 'in', [...unitIds])
    .where('year', 'in', [...years])
    .where('source', '<>', 'sensor')
    .execute();
}

/** Stamps the simulated values of one unit and period as submitted on a day (the demo's history). */
export async function stampSimulatedSubmission(
  executor: Kysely<Database>,
  cell: { unitId: string; periodId: string },
  submittedOn: string,
): Promise<void> {
  await executor
    .updateTable('observation_cell')
    .set({
      submitted_on: submittedOn,
      submitted_at: `${submittedOn}T09:00:00.000Z`,
      submitted_by: 'demo',
    })
    .where('change_num', 'in', (eb) =>
      eb.selectFrom('observation_change').select('change_num').where('source', '=', 'simulated'),
    )
    .where('indicator_num', 'in', everyIndicatorNum(executor))
    .where('unit_num', '=', (eb) =>
      eb.selectFrom('unit').select('unit.num').where('unit.id', '=', cell.unitId),
    )
    .where('period_id', '=', cell.periodId)
    .execute();
}
