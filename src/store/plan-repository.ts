/**
 * The plan repository: plans, their nodes (parts, groups, tasks), the units a node names,
 * and their targets, as stored rows. Every write takes the caller's executor when it is
 * part of a transaction, so an edit and its audit entry commit (or roll back) together.
 */
import type { Kysely, Updateable } from 'kysely';
import type { ObservationState } from '../core/observation.ts';
import type {
  Database,
  ObservationTable,
  PlanNodeTable,
  PlanNodeUnitTable,
  PlanTable,
  TargetTable,
  UnitTable,
} from './schema.ts';

export interface PlanListRow {
  readonly id: string;
  readonly year: number;
  readonly title: string;
  readonly status: PlanTable['status'];
  readonly sourceDocument: string;
  readonly updatedAt: string;
  readonly unitCode: string;
  readonly unitName: string;
}

/** A unit a node names, with the unit's code and name. */
export interface NodeUnitRow {
  readonly node_id: string;
  readonly role: PlanNodeUnitTable['role'];
  readonly is_suggested: number;
  readonly code: string;
  readonly name: string;
}

/** A plan with the code of its unit. */
export interface PlanOfUnit {
  readonly id: string;
  readonly year: number;
  readonly unitCode: string;
}

export interface PlanRepository {
  /** Every plan with its unit, the newest year first. */
  listPlans(): Promise<PlanListRow[]>;
  findPlan(planId: string, executor?: Kysely<Database>): Promise<PlanTable | undefined>;
  /** The plan of a unit for a year: at most one exists. */
  findPlanOf(
    unitId: string,
    year: number,
    executor?: Kysely<Database>,
  ): Promise<PlanTable | undefined>;
  insertPlan(row: PlanTable, executor?: Kysely<Database>): Promise<void>;
  updatePlan(
    planId: string,
    patch: Updateable<PlanTable>,
    executor?: Kysely<Database>,
  ): Promise<void>;

  /** A plan's nodes in document order. */
  listNodes(planId: string, executor?: Kysely<Database>): Promise<PlanNodeTable[]>;
  findNode(nodeId: string, executor?: Kysely<Database>): Promise<PlanNodeTable | undefined>;
  insertNode(row: PlanNodeTable, executor?: Kysely<Database>): Promise<void>;
  updateNode(
    nodeId: string,
    row: Omit<PlanNodeTable, 'id'>,
    executor?: Kysely<Database>,
  ): Promise<void>;

  /** The units every node of a plan names. */
  listNodeUnits(planId: string): Promise<NodeUnitRow[]>;
  /** The units one node names, by code. */
  listUnitsOfNode(
    nodeId: string,
    executor?: Kysely<Database>,
  ): Promise<{ code: string; role: PlanNodeUnitTable['role'] }[]>;
  /** The lead units of a node, in code order. */
  listLeadUnitsOfNode(nodeId: string): Promise<Pick<UnitTable, 'id' | 'code' | 'name' | 'path'>[]>;
  insertNodeUnits(rows: readonly PlanNodeUnitTable[], executor?: Kysely<Database>): Promise<void>;
  /** Replaces the units a node names with `rows`. */
  replaceNodeUnits(
    nodeId: string,
    rows: readonly PlanNodeUnitTable[],
    executor?: Kysely<Database>,
  ): Promise<void>;

  /**
   * A plan's targets in document order. Targets sharing a node and metric are told apart by
   * that order; an unordered scan returns PostgreSQL's heap order, which an UPDATE reshuffles.
   */
  listTargets(planId: string, executor?: Kysely<Database>): Promise<TargetTable[]>;
  findTarget(targetId: string, executor?: Kysely<Database>): Promise<TargetTable | undefined>;
  insertTarget(row: TargetTable, executor?: Kysely<Database>): Promise<void>;
  updateTarget(
    targetId: string,
    patch: Updateable<TargetTable>,
    executor?: Kysely<Database>,
  ): Promise<void>;
  /**
   * Writes the target only if it is still at `version`; false when another edit came first.
   * The version in the WHERE makes the check atomic: of two concurrent edits of the same
   * version, the second updates nothing.
   */
  updateTargetAtVersion(
    row: TargetTable,
    version: number,
    executor?: Kysely<Database>,
  ): Promise<boolean>;
  deleteTarget(targetId: string, executor?: Kysely<Database>): Promise<void>;

  /** The path of the unit a plan belongs to: the scope of its edits. */
  findPlanUnitPath(planId: string): Promise<string | undefined>;
  /** The path of the unit of a target's plan. */
  findTargetUnitPath(targetId: string): Promise<string | undefined>;

  /** A target's observations in the given years and states, by period: what its detail shows. */
  listTargetObservations(scope: {
    indicatorId: string;
    unitId: string;
    years: readonly number[];
    states: readonly ObservationState[];
  }): Promise<ObservationTable[]>;
  /** A plan with the code of its unit. */
  findPlanOfUnit(planId: string): Promise<PlanOfUnit | undefined>;
  /**
   * The codes of the indicators the plan's live targets measure, in the plan's order (task by
   * task as the document reads, then each task's targets by their place in the text).
   */
  listLinkedIndicatorCodes(planId: string): Promise<string[]>;
}

export function createPlanRepository(db: Kysely<Database>): PlanRepository {
  return {
    listPlans: () =>
      db
        .selectFrom('plan')
        .innerJoin('unit', 'unit.id', 'plan.unit_id')
        .select([
          'plan.id',
          'plan.year',
          'plan.title',
          'plan.status',
          'plan.source_document as sourceDocument',
          'plan.updated_at as updatedAt',
          'unit.code as unitCode',
          'unit.name as unitName',
        ])
        .orderBy('plan.year', 'desc')
        .execute(),
    findPlan: (planId, executor = db) =>
      executor.selectFrom('plan').selectAll().where('id', '=', planId).executeTakeFirst(),
    findPlanOf: (unitId, year, executor = db) =>
      executor
        .selectFrom('plan')
        .selectAll()
        .where('unit_id', '=', unitId)
        .where('year', '=', year)
        .executeTakeFirst(),
    async insertPlan(row, executor = db) {
      await executor.insertInto('plan').values(row).execute();
    },
    async updatePlan(planId, patch, executor = db) {
      await executor.updateTable('plan').set(patch).where('id', '=', planId).execute();
    },

    listNodes: (planId, executor = db) =>
      executor
        .selectFrom('plan_node')
        .selectAll()
        .where('plan_id', '=', planId)
        .orderBy('sort_order')
        .execute(),
    findNode: (nodeId, executor = db) =>
      executor.selectFrom('plan_node').selectAll().where('id', '=', nodeId).executeTakeFirst(),
    async insertNode(row, executor = db) {
      await executor.insertInto('plan_node').values(row).execute();
    },
    async updateNode(nodeId, row, executor = db) {
      await executor.updateTable('plan_node').set(row).where('id', '=', nodeId).execute();
    },

    listNodeUnits: (planId) =>
      db
        .selectFrom('plan_node_unit')
        .innerJoin('plan_node', 'plan_node.id', 'plan_node_unit.node_id')
        .innerJoin('unit', 'unit.id', 'plan_node_unit.unit_id')
        .select([
          'plan_node_unit.node_id',
          'plan_node_unit.role',
          'plan_node_unit.is_suggested',
          'unit.code',
          'unit.name',
        ])
        .where('plan_node.plan_id', '=', planId)
        .execute(),
    listUnitsOfNode: (nodeId, executor = db) =>
      executor
        .selectFrom('plan_node_unit')
        .innerJoin('unit', 'unit.id', 'plan_node_unit.unit_id')
        .select(['unit.code', 'plan_node_unit.role'])
        .where('plan_node_unit.node_id', '=', nodeId)
        .execute(),
    listLeadUnitsOfNode: (nodeId) =>
      db
        .selectFrom('plan_node_unit')
        .innerJoin('unit', 'unit.id', 'plan_node_unit.unit_id')
        .select(['unit.id', 'unit.code', 'unit.name', 'unit.path'])
        .where('plan_node_unit.node_id', '=', nodeId)
        .where('plan_node_unit.role', '=', 'lead')
        .orderBy('unit.code')
        .execute(),
    async insertNodeUnits(rows, executor = db) {
      if (rows.length > 0)
        await executor
          .insertInto('plan_node_unit')
          .values([...rows])
          .execute();
    },
    async replaceNodeUnits(nodeId, rows, executor = db) {
      await executor.deleteFrom('plan_node_unit').where('node_id', '=', nodeId).execute();
      if (rows.length > 0)
        await executor
          .insertInto('plan_node_unit')
          .values([...rows])
          .execute();
    },

    listTargets: (planId, executor = db) =>
      executor
        .selectFrom('target')
        .selectAll()
        .where('plan_id', '=', planId)
        .orderBy('source_offset')
        .orderBy('id')
        .execute(),
    findTarget: (targetId, executor = db) =>
      executor.selectFrom('target').selectAll().where('id', '=', targetId).executeTakeFirst(),
    async insertTarget(row, executor = db) {
      await executor.insertInto('target').values(row).execute();
    },
    async updateTarget(targetId, patch, executor = db) {
      await executor.updateTable('target').set(patch).where('id', '=', targetId).execute();
    },
    async updateTargetAtVersion(row, version, executor = db) {
      const updated = await executor
        .updateTable('target')
        .set(row)
        .where('id', '=', row.id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) === 1;
    },
    async deleteTarget(targetId, executor = db) {
      await executor.deleteFrom('target').where('id', '=', targetId).execute();
    },

    async findPlanUnitPath(planId) {
      const row = await db
        .selectFrom('plan')
        .innerJoin('unit', 'unit.id', 'plan.unit_id')
        .select('unit.path')
        .where('plan.id', '=', planId)
        .executeTakeFirst();
      return row?.path;
    },
    async findTargetUnitPath(targetId) {
      const row = await db
        .selectFrom('target')
        .innerJoin('plan', 'plan.id', 'target.plan_id')
        .innerJoin('unit', 'unit.id', 'plan.unit_id')
        .select('unit.path')
        .where('target.id', '=', targetId)
        .executeTakeFirst();
      return row?.path;
    },

    listTargetObservations: ({ indicatorId, unitId, years, states }) =>
      db
        .selectFrom('observation')
        .selectAll()
        .where('indicator_id', '=', indicatorId)
        .where('unit_id', '=', unitId)
        .where('year', 'in', [...years])
        .where('state', 'in', [...states])
        .orderBy('period_id')
        .execute(),
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
