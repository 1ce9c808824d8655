/**
 * The task progress repository: each task's monthly updates (任务进展) as stored rows. Every
 * write takes the caller's executor when it is part of a transaction.
 */
import type { Kysely, Updateable } from 'kysely';
import type { Database, TaskProgressTable } from './schema.ts';

export interface TaskProgressRepository {
  find(id: string): Promise<TaskProgressTable | undefined>;
  /** The update of a task for one month: at most one exists. */
  findOf(
    nodeId: string,
    periodId: string,
    executor?: Kysely<Database>,
  ): Promise<TaskProgressTable | undefined>;
  insert(row: TaskProgressTable, executor?: Kysely<Database>): Promise<void>;
  /**
   * Writes the row and moves it to the next version, only if it is still at `version`;
   * false when another edit came first.
   */
  updateAtVersion(
    id: string,
    version: number,
    set: Updateable<TaskProgressTable>,
    executor?: Kysely<Database>,
  ): Promise<boolean>;
  /** Every update of a task, the latest month first. */
  listOfTask(nodeId: string): Promise<TaskProgressTable[]>;
  /** The submitted and accepted updates of every task of a plan. */
  listReportedOfPlan(planId: string): Promise<TaskProgressTable[]>;
}

export function createTaskProgressRepository(db: Kysely<Database>): TaskProgressRepository {
  return {
    find: (id) =>
      db.selectFrom('task_progress').selectAll().where('id', '=', id).executeTakeFirst(),
    findOf: (nodeId, periodId, executor = db) =>
      executor
        .selectFrom('task_progress')
        .selectAll()
        .where('node_id', '=', nodeId)
        .where('period_id', '=', periodId)
        .executeTakeFirst(),
    async insert(row, executor = db) {
      await executor.insertInto('task_progress').values(row).execute();
    },
    async updateAtVersion(id, version, set, executor = db) {
      const result = await executor
        .updateTable('task_progress')
        .set({ ...set, version: version + 1 })
        .where('id', '=', id)
        .where('version', '=', version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
    listOfTask: (nodeId) =>
      db
        .selectFrom('task_progress')
        .selectAll()
        .where('node_id', '=', nodeId)
        .orderBy('period_id', 'desc')
        .execute(),
    listReportedOfPlan: (planId) =>
      db
        .selectFrom('task_progress')
        .innerJoin('plan_node', 'plan_node.id', 'task_progress.node_id')
        .selectAll('task_progress')
        .where('plan_node.plan_id', '=', planId)
        .where('task_progress.state', 'in', ['submitted', 'accepted'])
        .execute(),
  };
}
