/**
 * Migration 0024-comments: comments and leaders' 批示 on targets, tasks and progress reports,
 * threaded by parent, and the evidence attached to progress reports and comments. An
 * attachment row holds what the file is; its bytes live in the attachment directory
 * (LANTU_ATTACHMENT_DIR), named by `storage_key`, not in the database.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.ts';

export const migration0024 = (_engine: Engine): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('comment')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('subject_kind', 'text', (c) => c.notNull())
      .addColumn('subject_id', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'text', (c) => c.references('comment.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('body', 'text', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('author_name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('comment_subject')
      .on('comment')
      .columns(['subject_kind', 'subject_id', 'created_at'])
      .execute();
    await db.schema
      .createTable('attachment')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('owner_kind', 'text', (c) => c.notNull())
      .addColumn('owner_id', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('media_type', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('sha256', 'text', (c) => c.notNull())
      .addColumn('storage_key', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('attachment_owner')
      .on('attachment')
      .columns(['owner_kind', 'owner_id'])
      .execute();
  },
});
