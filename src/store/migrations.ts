/**
 * The migrations of Lantu's schema, one list for both engines. Where SQLite and
 * PostgreSQL must differ (an identity column) the migration asks the engine.
 */
import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import type { Engine } from './engine.ts';
import { migration0003 } from './migrations/0003-accounts.ts';
import { migration0004 } from './migrations/0004-data-collection.ts';
import { migration0005 } from './migrations/0005-counted-data.ts';
import { migration0006 } from './migrations/0006-login-throttle.ts';
import { migration0010 } from './migrations/0010-notifications.ts';
import { migration0021 } from './migrations/0021-upload-jobs.ts';
import { migration0022 } from './migrations/0022-observation-keyed.ts';
import { migration0007 } from './migrations/0007-settings.ts';
import { migration0009 } from './migrations/0009-documents.ts';
import { migration0008 } from './migrations/0008-projects.ts';
import { migration0024 } from './migrations/0024-comments.ts';
import { migration0025 } from './migrations/0025-dispatch.ts';
import { migration0026 } from './migrations/0026-project-summary-indexes.ts';
import { migration0027 } from './migrations/0027-category-english.ts';
import { migration0030 } from './migrations/0030-integer-keys.ts';
import { migration0031 } from './migrations/0031-narrow-cells.ts';

const initial = (engine: Engine): Migration => ({
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('unit')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('level', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'text', (c) => c.references('unit.id'))
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('keywords', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema.createIndex('unit_path').on('unit').column('path').execute();

    await db.schema
      .createTable('category')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('parent_id', 'text', (c) => c.references('category.id'))
      .addColumn('sort_order', 'integer', (c) => c.notNull().defaultTo(0))
      .execute();

    await db.schema
      .createTable('indicator')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('code', 'text', (c) => c.notNull().unique())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('name_en', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('measure', 'text', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('cadence', 'text', (c) => c.notNull())
      .addColumn('decimals', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('source', 'text', (c) => c.notNull().defaultTo(''))
      .execute();

    await db.schema
      .createTable('indicator_category')
      .addColumn('indicator_id', 'text', (c) => c.notNull().references('indicator.id'))
      .addColumn('category_id', 'text', (c) => c.notNull().references('category.id'))
      .addPrimaryKeyConstraint('indicator_category_pk', ['indicator_id', 'category_id'])
      .execute();

    await db.schema
      .createTable('plan')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('source_document', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('source_hash', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('plan_node')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('plan_id', 'text', (c) => c.notNull().references('plan.id'))
      .addColumn('parent_id', 'text', (c) => c.references('plan_node.id'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('label', 'text', (c) => c.notNull())
      .addColumn('ordinal', 'integer', (c) => c.notNull())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('start_offset', 'integer', (c) => c.notNull())
      .addColumn('end_offset', 'integer', (c) => c.notNull())
      .addColumn('sort_order', 'integer', (c) => c.notNull())
      .addUniqueConstraint('plan_node_key', ['plan_id', 'key'])
      .execute();

    await db.schema
      .createTable('plan_node_unit')
      .addColumn('node_id', 'text', (c) => c.notNull().references('plan_node.id'))
      .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('is_suggested', 'integer', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('plan_node_unit_pk', ['node_id', 'unit_id'])
      .execute();

    await db.schema
      .createTable('target')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('plan_id', 'text', (c) => c.notNull().references('plan.id'))
      .addColumn('node_id', 'text', (c) => c.notNull().references('plan_node.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('metric', 'text', (c) => c.notNull())
      .addColumn('indicator_id', 'text', (c) => c.references('indicator.id'))
      .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
      .addColumn('measure', 'text', (c) => c.notNull())
      .addColumn('direction', 'text', (c) => c.notNull())
      .addColumn('comparator', 'text', (c) => c.notNull())
      .addColumn('value', 'double precision')
      .addColumn('value_max', 'double precision')
      .addColumn('unit', 'text', (c) => c.notNull())
      .addColumn('sign', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('is_aspirational', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('due_period_id', 'text', (c) => c.notNull())
      .addColumn('baseline', 'double precision')
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('source_text', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('source_offset', 'integer')
      .addColumn('suggested_indicator_id', 'text')
      .addColumn('proposal', 'text')
      .addColumn('is_edited', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('target_plan')
      .on('target')
      .columns(['plan_id', 'node_id'])
      .execute();

    await db.schema
      .createTable('observation')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('indicator_id', 'text', (c) => c.notNull().references('indicator.id'))
      .addColumn('unit_id', 'text', (c) => c.notNull().references('unit.id'))
      .addColumn('period_id', 'text', (c) => c.notNull())
      .addColumn('period_type', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('value', 'double precision', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('source_ref', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('updated_by', 'text', (c) => c.notNull())
      .addUniqueConstraint('observation_key', ['indicator_id', 'unit_id', 'period_id'])
      .execute();
    await db.schema
      .createIndex('observation_year')
      .on('observation')
      .columns(['indicator_id', 'unit_id', 'year'])
      .execute();

    await db.schema
      .createTable('rollup')
      .addColumn('indicator_id', 'text', (c) => c.notNull())
      .addColumn('unit_id', 'text', (c) => c.notNull())
      .addColumn('period_id', 'text', (c) => c.notNull())
      .addColumn('year', 'integer', (c) => c.notNull())
      .addColumn('descendants_sum', 'double precision', (c) => c.notNull())
      .addColumn('descendants_count', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('rollup_pk', ['indicator_id', 'unit_id', 'period_id'])
      .execute();
    await db.schema
      .createIndex('rollup_year')
      .on('rollup')
      .columns(['indicator_id', 'unit_id', 'year'])
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('seq', engine === 'postgres' ? 'bigserial' : 'integer', (c) =>
        engine === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
      )
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('entity', 'text', (c) => c.notNull())
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('old_value', 'text')
      .addColumn('new_value', 'text')
      .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('request_id', 'text', (c) => c.notNull().defaultTo(''))
      .execute();
    await db.schema
      .createIndex('audit_entity')
      .on('audit_log')
      .columns(['entity', 'entity_id'])
      .execute();
  },
});

// The audit log is append-only in the database itself, so that no code path, script or
// hand-typed SQL can rewrite history (DESIGN.md §4: nothing approved changes silently).
const auditAppendOnly = (engine: Engine): Migration => ({
  async up(db: Kysely<unknown>) {
    if (engine === 'postgres') {
      await sql`CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          RAISE EXCEPTION 'audit_log is append-only';
        END
        $$`.execute(db);
      await sql`CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`.execute(db);
      // Row triggers do not fire on TRUNCATE; a statement trigger closes that path too.
      await sql`CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()`.execute(db);
      return;
    }
    await sql`CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
    await sql`CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END`.execute(db);
  },
});

/** Migrations in order; names sort lexically, as Kysely's Migrator requires. */
export function createMigrationProvider(engine: Engine): MigrationProvider {
  return {
    getMigrations: () =>
      Promise.resolve({
        '0001_initial': initial(engine),
        '0002_audit_append_only': auditAppendOnly(engine),
        '0003_accounts': migration0003(engine),
        '0004_data_collection': migration0004(engine),
        '0005_counted_data': migration0005(engine),
        '0006_login_throttle': migration0006(engine),
        '0007_settings': migration0007(engine),
        '0008_projects': migration0008(engine),
        '0009_documents': migration0009(engine),
        '0010_notifications': migration0010(engine),
        '0021_upload_jobs': migration0021(engine),
        '0022_observation_keyed': migration0022(engine),
        '0024_comments': migration0024(engine),
        '0025_dispatch': migration0025(engine),
        '0026_project_summary_indexes': migration0026(engine),
        '0027_category_english': migration0027(engine),
        '0030_integer_keys': migration0030(engine),
        '0031_narrow_cells': migration0031(engine),
      }),
  };
}
