/**
 * Migration 0022-observation-keyed: observations are keyed by what identifies them,
 * (indicator, unit, period), instead of by a random UUID with a second unique key beside it.
 * Every write looked its row up by that triple anyway; the UUID key and the unique key were
 * two more B-trees each insert descended at random. On SQLite the table becomes
 * WITHOUT ROWID, so the rows live in the key's own B-tree; on PostgreSQL the primary key
 * moves onto the triple. The `id` stays as a plain column: it is the public name an audit
 * entry links to, and nothing looks an observation up by it.
 * See docs/decisions/0006-observation-storage.md.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Engine } from '../engine.ts';

/** Every column of observation after migrations 0001 and 0004, in their original order. */
const columns = [
  'id',
  'indicator_id',
  'unit_id',
  'period_id',
  'period_type',
  'year',
  'value',
  'source',
  'source_ref',
  'state',
  'version',
  'updated_at',
  'updated_by',
  'comment',
  'review_reason',
  'submitted_at',
  'submitted_on',
  'submitted_by',
].join(', ');

export const migration0022 = (engine: Engine): Migration => ({
  async up(db: Kysely<unknown>) {
    if (engine === 'postgres') {
      await sql`ALTER TABLE observation ALTER COLUMN id SET NOT NULL`.execute(db);
      await sql`ALTER TABLE observation DROP CONSTRAINT observation_pkey`.execute(db);
      await sql`ALTER TABLE observation DROP CONSTRAINT observation_key`.execute(db);
      await sql`ALTER TABLE observation ADD CONSTRAINT observation_pkey
        PRIMARY KEY (indicator_id, unit_id, period_id)`.execute(db);
      return;
    }
    // SQLite cannot change a table's key in place: build the keyed table, copy in key order,
    // swap. No table references observation, so dropping the old one breaks no foreign key.
    await sql`CREATE TABLE observation_keyed (
      id text NOT NULL,
      indicator_id text NOT NULL REFERENCES indicator (id),
      unit_id text NOT NULL REFERENCES unit (id),
      period_id text NOT NULL,
      period_type text NOT NULL,
      year integer NOT NULL,
      value double precision NOT NULL,
      source text NOT NULL,
      source_ref text NOT NULL DEFAULT '',
      state text NOT NULL,
      version integer NOT NULL DEFAULT 1,
      updated_at text NOT NULL,
      updated_by text NOT NULL,
      comment text NOT NULL DEFAULT '',
      review_reason text NOT NULL DEFAULT '',
      submitted_at text,
      submitted_on text,
      submitted_by text,
      PRIMARY KEY (indicator_id, unit_id, period_id)
    ) WITHOUT ROWID`.execute(db);
    await sql`INSERT INTO observation_keyed (${sql.raw(columns)})
      SELECT ${sql.raw(columns)} FROM observation
      ORDER BY indicator_id, unit_id, period_id`.execute(db);
    await sql`DROP TABLE observation`.execute(db);
    await sql`ALTER TABLE observation_keyed RENAME TO observation`.execute(db);
    // The two secondary indexes the old table had (0001, 0004), recreated on the new one.
    await sql`CREATE INDEX observation_year ON observation (indicator_id, unit_id, year)`.execute(
      db,
    );
    await sql`CREATE INDEX observation_unit_period ON observation (unit_id, period_id)`.execute(db);
  },
});
