/**
 * The write path of data entry and spreadsheet upload: observations with their comment
 * and review columns, checked against the versions the writer edited and against
 * approval locks inside the same transaction that writes them, the roll-up deltas and
 * the audit entries. Like observation-store.ts it speaks to better-sqlite3 and to
 * PostgreSQL's unnest() directly, because an upload of 100,000 values must stay close
 * to the engine's own rate.
 */
import { sql, type Transaction } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import { DomainError } from '../core/domain-error.ts';
import type { LantuDatabase } from './database.ts';
import {
  insertAudit,
  observationKey,
  type AuditEntry,
  type ObservationRow,
} from './observation-store.ts';
import type { Database } from './schema.ts';

/** An observation row as data entry writes it. `version` is ignored: the store sets it. */
export interface EntryRow extends ObservationRow {
  comment: string;
  review_reason: string;
  submitted_at: string | null;
  submitted_on: string | null;
  submitted_by: string | null;
}

/** What the store found under a key before writing. */
export interface StoredEntry {
  readonly id: string;
  readonly value: number;
  readonly comment: string;
  readonly state: ObservationRow['state'];
  readonly version: number;
}

export interface EntryWrite {
  readonly rows: readonly EntryRow[];
  /** Per row: the version the writer edited (0 = it saw none), or null to skip the check. */
  readonly expectedVersions: readonly (number | null)[];
  /** Ancestor unit ids of a unit, for the roll-up. */
  readonly ancestorsOf: (unitId: string) => readonly string[];
  /** The audit entries, given what was there before. */
  readonly audit: (before: ReadonlyMap<string, StoredEntry>) => readonly AuditEntry[];
}

/** A row the store refused: its index in the write and what is stored now. */
export interface RefusedRow {
  readonly index: number;
  readonly current: StoredEntry | null;
}

export type EntryWriteOutcome =
  | {
      readonly ok: true;
      readonly inserted: number;
      readonly updated: number;
      /** The version each row has now, in the order written. */
      readonly versions: readonly number[];
    }
  | {
      readonly ok: false;
      readonly conflicts: readonly RefusedRow[];
      readonly locked: readonly RefusedRow[];
    };

const COLUMNS = [
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
] as const satisfies readonly (keyof EntryRow)[];

const SET_ON_CONFLICT = `value = excluded.value, source = excluded.source, source_ref = excluded.source_ref,
  state = excluded.state, version = excluded.version, updated_at = excluded.updated_at,
  updated_by = excluded.updated_by, comment = excluded.comment, review_reason = excluded.review_reason,
  submitted_at = excluded.submitted_at, submitted_on = excluded.submitted_on, submitted_by = excluded.submitted_by`;

// 18 columns × 500 rows stays far below SQLite's 32,766 bound variables.
const SQLITE_CHUNK = 500;
const POSTGRES_CHUNK = 50_000;

interface Prepared {
  readonly rows: EntryRow[];
  readonly deltas: Map<
    string,
    { i: string; u: string; p: string; y: number; s: number; c: number }
  >;
  readonly inserted: number;
}

/** Checks versions and locks, then gives each row its id and version and sums the roll-up deltas. */
function prepare(
  write: EntryWrite,
  before: ReadonlyMap<string, StoredEntry>,
): { ok: true; prepared: Prepared } | { ok: false; conflicts: RefusedRow[]; locked: RefusedRow[] } {
  const conflicts: RefusedRow[] = [];
  const locked: RefusedRow[] = [];
  write.rows.forEach((r, index) => {
    const current = before.get(observationKey(r.indicator_id, r.unit_id, r.period_id)) ?? null;
    const expected = write.expectedVersions[index] ?? null;
    if (current?.state === 'approved') locked.push({ index, current });
    else if (expected !== null && (current?.version ?? 0) !== expected)
      conflicts.push({ index, current });
  });
  if (conflicts.length > 0 || locked.length > 0) return { ok: false, conflicts, locked };
  const deltas: Prepared['deltas'] = new Map();
  let inserted = 0;
  const rows = write.rows.map((r) => {
    const current = before.get(observationKey(r.indicator_id, r.unit_id, r.period_id));
    if (!current) inserted++;
    const sum = r.value - (current?.value ?? 0);
    const count = current ? 0 : 1;
    if (sum !== 0 || count !== 0)
      for (const ancestor of write.ancestorsOf(r.unit_id)) {
        const key = observationKey(r.indicator_id, ancestor, r.period_id);
        const d = deltas.get(key);
        if (d) {
          d.s += sum;
          d.c += count;
        } else
          deltas.set(key, {
            i: r.indicator_id,
            u: ancestor,
            p: r.period_id,
            y: r.year,
            s: sum,
            c: count,
          });
      }
    return { ...r, id: current?.id ?? r.id, version: (current?.version ?? 0) + 1 };
  });
  return { ok: true, prepared: { rows, deltas, inserted } };
}

/** Entry writes over either engine. */
export interface CollectionStore {
  /** What is stored under each key now. */
  findEntries(
    keys: readonly { indicatorId: string; unitId: string; periodId: string }[],
  ): Promise<Map<string, StoredEntry>>;
  /** Writes all rows or none: refused when any row is locked or was edited by someone else meanwhile. */
  writeEntries(write: EntryWrite): Promise<EntryWriteOutcome>;
}

export function createCollectionStore(database: LantuDatabase): CollectionStore {
  const { raw } = database;
  if (raw.kind === 'sqlite') {
    const handle = raw.handle;
    const selectOne = handle.prepare<[string, string, string], StoredEntry>(
      'SELECT id, value, comment, state, version FROM observation WHERE indicator_id = ? AND unit_id = ? AND period_id = ?',
    );
    const statements = new Map<number, SqliteDatabase.Statement<unknown[]>>();
    const upsertFor = (n: number) => {
      let statement = statements.get(n);
      if (!statement) {
        const tuple = `(${COLUMNS.map(() => '?').join(',')})`;
        statement = handle.prepare<unknown[]>(
          `INSERT INTO observation (${COLUMNS.join(',')}) VALUES ${Array.from({ length: n }, () => tuple).join(',')}
           ON CONFLICT (indicator_id, unit_id, period_id) DO UPDATE SET ${SET_ON_CONFLICT}`,
        );
        statements.set(n, statement);
      }
      return statement;
    };
    const rollupUpsert = handle.prepare(
      `INSERT INTO rollup (indicator_id, unit_id, period_id, year, descendants_sum, descendants_count)
       VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (indicator_id, unit_id, period_id) DO UPDATE SET
       descendants_sum = rollup.descendants_sum + excluded.descendants_sum,
       descendants_count = rollup.descendants_count + excluded.descendants_count`,
    );
    const auditInsert = handle.prepare(
      `INSERT INTO audit_log (at, actor, action, entity, entity_id, old_value, new_value, reason, request_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    // Holding Kysely's connection serialises this synchronous work with every other query on the handle.
    const exclusive = <T>(work: () => T): Promise<T> =>
      database.db.connection().execute(() => Promise.resolve(work()));
    const find = (keys: readonly { indicatorId: string; unitId: string; periodId: string }[]) => {
      const found = new Map<string, StoredEntry>();
      for (const k of keys) {
        const row = selectOne.get(k.indicatorId, k.unitId, k.periodId);
        if (row) found.set(observationKey(k.indicatorId, k.unitId, k.periodId), row);
      }
      return found;
    };
    return {
      findEntries: (keys) => exclusive(() => find(keys)),
      writeEntries: (write) =>
        exclusive(() =>
          handle.transaction((): EntryWriteOutcome => {
            const before = find(
              write.rows.map((r) => ({
                indicatorId: r.indicator_id,
                unitId: r.unit_id,
                periodId: r.period_id,
              })),
            );
            const checked = prepare(write, before);
            if (!checked.ok) return checked;
            const { rows, deltas, inserted } = checked.prepared;
            const params: unknown[] = [];
            for (let start = 0; start < rows.length; start += SQLITE_CHUNK) {
              const chunk = rows.slice(start, start + SQLITE_CHUNK);
              params.length = 0;
              for (const r of chunk) for (const c of COLUMNS) params.push(r[c]);
              upsertFor(chunk.length).run(...params);
            }
            for (const d of deltas.values()) rollupUpsert.run(d.i, d.u, d.p, d.y, d.s, d.c);
            for (const a of write.audit(before))
              auditInsert.run(
                a.at,
                a.actor,
                a.action,
                a.entity,
                a.entityId,
                a.oldValue === null ? null : JSON.stringify(a.oldValue),
                a.newValue === null ? null : JSON.stringify(a.newValue),
                a.reason,
                a.requestId,
              );
            return {
              ok: true,
              inserted,
              updated: rows.length - inserted,
              versions: rows.map((r) => r.version),
            };
          })(),
        ),
    };
  }

  const db = database.db;
  const findPostgres = async (
    executor: Transaction<Database> | typeof db,
    keys: readonly { indicatorId: string; unitId: string; periodId: string }[],
    forUpdate: boolean,
  ) => {
    const found = new Map<string, StoredEntry>();
    for (let start = 0; start < keys.length; start += POSTGRES_CHUNK) {
      const chunk = keys.slice(start, start + POSTGRES_CHUNK);
      const result = await sql<
        StoredEntry & { indicator_id: string; unit_id: string; period_id: string }
      >`
        SELECT o.id, o.value, o.comment, o.state, o.version, o.indicator_id, o.unit_id, o.period_id
        FROM observation o
        JOIN unnest(${chunk.map((k) => k.indicatorId)}::text[], ${chunk.map((k) => k.unitId)}::text[], ${chunk.map((k) => k.periodId)}::text[]) AS k(i, u, p)
          ON o.indicator_id = k.i AND o.unit_id = k.u AND o.period_id = k.p
        ${forUpdate ? sql`FOR UPDATE OF o` : sql``}`.execute(executor);
      for (const r of result.rows)
        found.set(observationKey(r.indicator_id, r.unit_id, r.period_id), {
          id: r.id,
          value: r.value,
          comment: r.comment,
          state: r.state,
          version: r.version,
        });
    }
    return found;
  };
  return {
    findEntries: (keys) => findPostgres(db, keys, false),
    writeEntries: (write) =>
      db.transaction().execute(async (trx): Promise<EntryWriteOutcome> => {
        const before = await findPostgres(
          trx,
          write.rows.map((r) => ({
            indicatorId: r.indicator_id,
            unitId: r.unit_id,
            periodId: r.period_id,
          })),
          true,
        );
        const checked = prepare(write, before);
        if (!checked.ok) return checked;
        const { rows, deltas, inserted } = checked.prepared;
        for (let start = 0; start < rows.length; start += POSTGRES_CHUNK) {
          const chunk = rows.slice(start, start + POSTGRES_CHUNK);
          const written = await upsertPostgres(trx, chunk);
          // A row inserted by another writer after our locking read: refuse rather than overwrite it.
          if (written !== chunk.length)
            throw new DomainError(
              'CONFLICT',
              '数据刚被他人修改，请刷新后重试',
              'the data was changed by someone else just now; reload and retry',
            );
        }
        const all = [...deltas.values()];
        for (let start = 0; start < all.length; start += POSTGRES_CHUNK) {
          const chunk = all.slice(start, start + POSTGRES_CHUNK);
          await sql`INSERT INTO rollup (indicator_id, unit_id, period_id, year, descendants_sum, descendants_count)
            SELECT * FROM unnest(${chunk.map((d) => d.i)}::text[], ${chunk.map((d) => d.u)}::text[],
              ${chunk.map((d) => d.p)}::text[], ${chunk.map((d) => d.y)}::int[],
              ${chunk.map((d) => d.s)}::float8[], ${chunk.map((d) => d.c)}::int[])
            ON CONFLICT (indicator_id, unit_id, period_id) DO UPDATE SET
              descendants_sum = rollup.descendants_sum + excluded.descendants_sum,
              descendants_count = rollup.descendants_count + excluded.descendants_count`.execute(
            trx,
          );
        }
        for (const entry of write.audit(before)) await insertAudit(trx, entry);
        return {
          ok: true,
          inserted,
          updated: rows.length - inserted,
          versions: rows.map((r) => r.version),
        };
      }),
  };
}

async function upsertPostgres(trx: Transaction<Database>, rows: readonly EntryRow[]) {
  const column = <K extends (typeof COLUMNS)[number]>(k: K) => rows.map((r) => r[k]);
  const result = await sql`INSERT INTO observation (${sql.raw(COLUMNS.join(','))})
    SELECT * FROM unnest(${column('id')}::text[], ${column('indicator_id')}::text[], ${column('unit_id')}::text[],
      ${column('period_id')}::text[], ${column('period_type')}::text[], ${column('year')}::int[],
      ${column('value')}::float8[], ${column('source')}::text[], ${column('source_ref')}::text[],
      ${column('state')}::text[], ${column('version')}::int[], ${column('updated_at')}::text[],
      ${column('updated_by')}::text[], ${column('comment')}::text[], ${column('review_reason')}::text[],
      ${column('submitted_at')}::text[], ${column('submitted_on')}::text[], ${column('submitted_by')}::text[])
    ON CONFLICT (indicator_id, unit_id, period_id) DO UPDATE SET ${sql.raw(SET_ON_CONFLICT)}
    WHERE observation.version = excluded.version - 1 AND observation.state <> 'approved'`.execute(
    trx,
  );
  return Number(result.numAffectedRows ?? 0n);
}
