/**
 * Migration 0030-integer-keys: observations and the roll-up are stored under integer keys.
 * Units and indicators get a `num` (1, 2, … by code; new rows take the next one), and the
 * rows move into `observation_cell` and `rollup_cell`, keyed (indicator_num, unit_num,
 * period_id) — narrow keys in key order instead of two random 36-character UUIDs per entry.
 * `observation` and `rollup` become views with the columns they had, so every reader keeps
 * asking by the public ids; writers use the cells (store/observation-cells.ts).
 * Redundant indexes go: a series' years are a range of the key (indicator, unit, period),
 * so `observation_year` and `rollup_year` only repeated it. The observation UUID stays for
 * the rows that had one (audit entries of older releases may name it); new rows need none.
 * See docs/decisions/0008-integer-keys.md.
 */
import { sql, type Kysely, type Migration } from 'kysely';
import type { Engine } from '../engine.ts';

/** The columns an observation keeps besides its key, in their original order. */
const observationColumns = [
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
];

const rollupColumns = [
  'year',
  'descendants_sum',
  'descendants_count',
  'submitted_sum',
  'submitted_count',
];

/** Gives every row of a registry table a number, by code, and new rows the next one. */
async function numberRows(db: Kysely<unknown>, engine: Engine, table: 'unit' | 'indicator') {
  const t = sql.raw(table);
  await sql`ALTER TABLE ${t} ADD COLUMN num integer`.execute(db);
  await sql`UPDATE ${t} SET num = s.n
    FROM (SELECT id, row_number() OVER (ORDER BY code) AS n FROM ${t}) AS s
    WHERE s.id = ${t}.id`.execute(db);
  await sql`CREATE UNIQUE INDEX ${sql.raw(`${table}_num`)} ON ${t} (num)`.execute(db);
  if (engine === 'postgres') {
    const sequence = sql.raw(`${table}_num_seq`);
    await sql`CREATE SEQUENCE ${sequence} OWNED BY ${t}.num`.execute(db);
    await sql`SELECT setval(${sql.lit(`${table}_num_seq`)}, coalesce(max(num), 0) + 1, false) FROM ${t}`.execute(
      db,
    );
    await sql`ALTER TABLE ${t} ALTER COLUMN num SET DEFAULT nextval(${sql.lit(`${table}_num_seq`)}::regclass)`.execute(
      db,
    );
    await sql`ALTER TABLE ${t} ALTER COLUMN num SET NOT NULL`.execute(db);
    return;
  }
  // SQLite cannot add a NOT NULL column without a constant default, nor draw from a sequence:
  // a row inserted without a number takes the next one (an indexed max) as it lands.
  await sql`CREATE TRIGGER ${sql.raw(`${table}_num`)} AFTER INSERT ON ${t} WHEN NEW.num IS NULL
    BEGIN
      UPDATE ${t} SET num = (SELECT coalesce(max(num), 0) + 1 FROM ${t}) WHERE id = NEW.id;
    END`.execute(db);
}

export const migration0030 = (engine: Engine): Migration => ({
  async up(db: Kysely<unknown>) {
    await numberRows(db, engine, 'unit');
    await numberRows(db, engine, 'indicator');
    const withoutRowid = sql.raw(engine === 'sqlite' ? ' WITHOUT ROWID' : '');
    const float = sql.raw(engine === 'sqlite' ? 'real' : 'double precision');

    await sql`CREATE TABLE observation_cell (
      indicator_num integer NOT NULL,
      unit_num integer NOT NULL,
      period_id text NOT NULL,
      period_type text NOT NULL,
      year integer NOT NULL,
      value ${float} NOT NULL,
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
      id text,
      PRIMARY KEY (indicator_num, unit_num, period_id)
    )${withoutRowid}`.execute(db);
    const kept = sql.raw(observationColumns.join(', '));
    const keptFrom = sql.raw(observationColumns.map((c) => `o.${c}`).join(', '));
    await sql`INSERT INTO observation_cell (indicator_num, unit_num, period_id, ${kept}, id)
      SELECT i.num, u.num, o.period_id, ${keptFrom}, o.id
      FROM observation o JOIN indicator i ON i.id = o.indicator_id JOIN unit u ON u.id = o.unit_id
      ORDER BY i.num, u.num, o.period_id`.execute(db);
    await sql`DROP TABLE observation`.execute(db);
    // A reporting form asks by unit and period, across indicators: the one read the key's
    // order does not serve.
    await sql`CREATE INDEX observation_cell_unit_period ON observation_cell (unit_num, period_id)`.execute(
      db,
    );

    await sql`CREATE TABLE rollup_cell (
      indicator_num integer NOT NULL,
      unit_num integer NOT NULL,
      period_id text NOT NULL,
      year integer NOT NULL,
      descendants_sum ${float} NOT NULL,
      descendants_count integer NOT NULL,
      submitted_sum ${float} NOT NULL DEFAULT 0,
      submitted_count integer NOT NULL DEFAULT 0,
      PRIMARY KEY (indicator_num, unit_num, period_id)
    )${withoutRowid}`.execute(db);
    const rolled = sql.raw(rollupColumns.join(', '));
    const rolledFrom = sql.raw(rollupColumns.map((c) => `r.${c}`).join(', '));
    await sql`INSERT INTO rollup_cell (indicator_num, unit_num, period_id, ${rolled})
      SELECT i.num, u.num, r.period_id, ${rolledFrom}
      FROM rollup r JOIN indicator i ON i.id = r.indicator_id JOIN unit u ON u.id = r.unit_id
      ORDER BY i.num, u.num, r.period_id`.execute(db);
    await sql`DROP TABLE rollup`.execute(db);

    // The public shape, by ids: what every reader asked before, unchanged.
    await sql`CREATE VIEW observation AS
      SELECT c.id, i.id AS indicator_id, u.id AS unit_id, c.period_id,
        ${sql.raw(observationColumns.map((c) => `c.${c}`).join(', '))},
        c.indicator_num, c.unit_num
      FROM observation_cell c
      JOIN indicator i ON i.num = c.indicator_num
      JOIN unit u ON u.num = c.unit_num`.execute(db);
    await sql`CREATE VIEW rollup AS
      SELECT i.id AS indicator_id, u.id AS unit_id, c.period_id,
        ${sql.raw(rollupColumns.map((c) => `c.${c}`).join(', '))},
        c.indicator_num, c.unit_num
      FROM rollup_cell c
      JOIN indicator i ON i.num = c.indicator_num
      JOIN unit u ON u.num = c.unit_num`.execute(db);
  },
});
