/**
 * Migration 0009-documents: the archive of generated documents (月通报, the year-end
 * execution report …). Every generation is kept as a new version with the 数据截至 it was
 * built from; a document is never overwritten, so what was handed in can be shown again.
 */
import type { Kysely, Migration } from 'kysely';
import type { Engine } from '../engine.ts';

export const migration0009 = (engine: Engine): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('document')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('plan_id', 'text', (c) => c.notNull().references('plan.id'))
      .addColumn('version', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('as_of', 'text', (c) => c.notNull())
      .addColumn('data_through', 'text')
      .addColumn('data_partial', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('created_by', 'text', (c) => c.notNull())
      .addUniqueConstraint('document_kind_plan_version', ['kind', 'plan_id', 'version'])
      .execute();
    // One row per file of a document (a 月通报 is a .docx and an .xlsx of the same figures).
    await db.schema
      .createTable('document_file')
      .addColumn('document_id', 'text', (c) => c.notNull().references('document.id'))
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('media_type', 'text', (c) => c.notNull())
      .addColumn('size_bytes', 'integer', (c) => c.notNull())
      .addColumn('content', engine === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
      .addPrimaryKeyConstraint('document_file_pk', ['document_id', 'format'])
      .execute();

    await db.schema
      .createTable('warning_rule')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('indicator_codes', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('unit_codes', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('pending_periods', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('condition', 'text', (c) => c.notNull())
      .addColumn('is_enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('warning')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('rule_id', 'text', (c) => c.notNull().references('warning_rule.id'))
      /** What fired, stable across evaluations: `lag|<target>`, `series|<unit>|<indicator>`, `missing|<unit>|<period>`. */
      .addColumn('subject_key', 'text', (c) => c.notNull())
      .addColumn('unit_code', 'text')
      .addColumn('indicator_code', 'text')
      .addColumn('target_id', 'text')
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('message_en', 'text', (c) => c.notNull())
      .addColumn('since_period_id', 'text')
      .addColumn('assigned_unit_code', 'text')
      .addColumn('deadline', 'text')
      .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('raised_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('resolved_at', 'text')
      .execute();
    await db.schema
      .createIndex('warning_rule_subject')
      .on('warning')
      .columns(['rule_id', 'subject_key', 'state'])
      .execute();
  },
});
