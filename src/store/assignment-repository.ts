/**
 * Reporting duties a planner assigns (indicator_unit): the indicators a unit reports. A unit
 * with none reports what its history shows (collection-context.ts decides that).
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

export interface AssignmentRepository {
  /** The ids of the indicators assigned to a unit, in no order. */
  listAssigned(unitId: string, executor?: Kysely<Database>): Promise<string[]>;
  /** Replaces a unit's assignments with these indicators (none: the unit goes back to its history). */
  replaceAssigned(
    unitId: string,
    indicatorIds: readonly string[],
    executor?: Kysely<Database>,
  ): Promise<void>;
}

export function createAssignmentRepository(db: Kysely<Database>): AssignmentRepository {
  return {
    async listAssigned(unitId, executor = db) {
      const rows = await executor
        .selectFrom('indicator_unit')
        .select('indicator_id')
        .where('unit_id', '=', unitId)
        .execute();
      return rows.map((r) => r.indicator_id);
    },
    async replaceAssigned(unitId, indicatorIds, executor = db) {
      await executor.deleteFrom('indicator_unit').where('unit_id', '=', unitId).execute();
      if (indicatorIds.length > 0)
        await executor
          .insertInto('indicator_unit')
          .values(indicatorIds.map((id) => ({ indicator_id: id, unit_id: unitId })))
          .execute();
    },
  };
}
