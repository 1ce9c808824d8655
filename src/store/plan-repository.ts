/**
 * The plan repository: what is read of a stored plan apart from its assessment. (The plan
 * service still holds its own queries; they move here as they are touched.)
 */
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';

/** A plan with the code of its unit. */
export interface PlanOfUnit {
  readonly id: string;
  readonly year: number;
  readonly unitCode: string;
}

export interface PlanRepository {
  findPlanOfUnit(planId: string): Promise<PlanOfUnit | undefined>;
  /**
   * The codes of the indicators the plan's live targets measure, in the plan's order (task by
   * task as the document reads, then each task's targets by their place in the text).
   */
  listLinkedIndicatorCodes(planId: string): Promise<string[]>;
}

export function createPlanRepository(db: Kysely<Database>): PlanRepository {
  return {
    findPlanOfUnit: (planId) =>
      db
        .selectFrom('plan')
        .innerJoin('unit', 'unit.id', 'plan.unit_id')
        .select(['plan.id', 'plan.year', 'unit.code as unitCode'])
        .where('plan.id', '=', planId)
        .executeTakeFirst(),
    async listLinkedIndicatorCodes(planId) {
      const rows = await db
        .selectFrom('target')
        .innerJoin('plan_node', 'plan_node.id', 'target.node_id')
        .innerJoin('indicator', 'indicator.id', 'target.indicator_id')
        .select(['indicator.code', 'plan_node.sort_order', 'target.source_offset'])
        .where('target.plan_id', '=', planId)
        .where('target.status', '!=', 'rejected')
        .execute();
      // Sorted here, not in SQL: the engines place a target without an offset differently.
      return rows
        .sort(
          (a, b) =>
            a.sort_order - b.sort_order || (a.source_offset ?? -1) - (b.source_offset ?? -1),
        )
        .map((r) => r.code);
    },
  };
}
