/**
 * SQL of comments, 批示 and attachment rows, and the subjects they hang on: which target,
 * task or progress report a comment names, and which unit answers for it.
 */
import type { Insertable, Kysely } from 'kysely';
import type { AttachmentTable, CommentTable, Database } from './schema.ts';

export interface SubjectRow {
  readonly title: string;
  /** The unit that answers for the subject: the target's unit, the task's lead, the report's unit. */
  readonly unit: { id: string; code: string; name: string; path: string } | null;
  /** The task the subject belongs to, for a link into the cockpit. */
  readonly planId: string;
  readonly nodeId: string;
}

const unitById = (db: Kysely<Database>, id: string) =>
  db
    .selectFrom('unit')
    .select(['id', 'code', 'name', 'path'])
    .where('id', '=', id)
    .executeTakeFirst();

/** The subject a comment names, or undefined when there is none. */
export async function findSubject(
  db: Kysely<Database>,
  kind: CommentTable['subject_kind'],
  id: string,
): Promise<SubjectRow | undefined> {
  if (kind === 'target') {
    const t = await db
      .selectFrom('target')
      .select(['plan_id', 'node_id', 'metric', 'unit_id'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!t) return undefined;
    return {
      title: t.metric,
      unit: (await unitById(db, t.unit_id)) ?? null,
      planId: t.plan_id,
      nodeId: t.node_id,
    };
  }
  const nodeId =
    kind === 'task'
      ? id
      : (
          await db
            .selectFrom('task_progress')
            .select(['node_id', 'unit_id'])
            .where('id', '=', id)
            .executeTakeFirst()
        )?.node_id;
  if (!nodeId) return undefined;
  const node = await db
    .selectFrom('plan_node')
    .select(['plan_id', 'label', 'title'])
    .where('id', '=', nodeId)
    .executeTakeFirst();
  if (!node) return undefined;
  const unitId =
    kind === 'progress'
      ? (
          await db
            .selectFrom('task_progress')
            .select('unit_id')
            .where('id', '=', id)
            .executeTakeFirstOrThrow()
        ).unit_id
      : (
          await db
            .selectFrom('plan_node_unit')
            .innerJoin('unit', 'unit.id', 'plan_node_unit.unit_id')
            .select('unit.id')
            .where('plan_node_unit.node_id', '=', nodeId)
            .where('plan_node_unit.role', '=', 'lead')
            .orderBy('unit.code')
            .executeTakeFirst()
        )?.id;
  return {
    title: node.title,
    unit: unitId ? ((await unitById(db, unitId)) ?? null) : null,
    planId: node.plan_id,
    nodeId,
  };
}

export const findComment = (db: Kysely<Database>, id: string) =>
  db.selectFrom('comment').selectAll().where('id', '=', id).executeTakeFirst();

export const listComments = (
  db: Kysely<Database>,
  kind: CommentTable['subject_kind'],
  subjectId: string,
) =>
  db
    .selectFrom('comment')
    .selectAll()
    .where('subject_kind', '=', kind)
    .where('subject_id', '=', subjectId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();

export const insertComment = (db: Kysely<Database>, row: Insertable<CommentTable>) =>
  db.insertInto('comment').values(row).execute();

export const insertAttachment = (db: Kysely<Database>, row: Insertable<AttachmentTable>) =>
  db.insertInto('attachment').values(row).execute();

export const findAttachment = (db: Kysely<Database>, id: string) =>
  db.selectFrom('attachment').selectAll().where('id', '=', id).executeTakeFirst();

export async function listAttachments(
  db: Kysely<Database>,
  ownerKind: AttachmentTable['owner_kind'],
  ownerIds: readonly string[],
): Promise<AttachmentTable[]> {
  if (ownerIds.length === 0) return [];
  return db
    .selectFrom('attachment')
    .selectAll()
    .where('owner_kind', '=', ownerKind)
    .where('owner_id', 'in', ownerIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export const findTaskProgress = (db: Kysely<Database>, id: string) =>
  db
    .selectFrom('task_progress')
    .innerJoin('unit', 'unit.id', 'task_progress.unit_id')
    .select(['task_progress.id', 'task_progress.node_id', 'unit.path as unit_path'])
    .where('task_progress.id', '=', id)
    .executeTakeFirst();
