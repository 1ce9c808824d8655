/**
 * The write path of data entry and spreadsheet upload: observations with their comment
 * and review columns, checked against the versions the writer edited and against
 * approval locks inside the same transaction that writes them, the roll-up deltas and
 * the audit entries. Like observation-store.ts it takes the bulk path of bulk-path.ts,
 * because an upload of 100,000 values must stay close to the engine's own rate.
 */
import { DomainError } from '../core/domain-error.ts';
import { createRollupDeltas, rollupChangeOf } from '../core/rollup.ts';
import {
  applyRollupDeltasPostgres,
  copyNewPostgres,
  copyUpdatePostgres,
  findPostgres,
  prepareSqliteApplyRollupDeltas,
  prepareSqliteFind,
  prepareSqliteUpsert,
  runExclusive,
  type KeyNumbers,
  type ObservationRef,
  type UpsertShape,
} from './bulk-path.ts';
import { sql, type Kysely } from 'kysely';
import type { CellMap } from './cell-map.ts';
import type { LantuDatabase } from './engine.ts';
import { changeMarkQuery } from './observation-cells.ts';
import { inPostgresTransaction, type PostgresTransaction } from './pg-transaction.ts';
import type { Database } from './schema.ts';
import {
  cellColumns,
  insertAudit,
  prepareSqliteAppendAudit,
  type AuditEntry,
  type ChangeStamp,
  type ObservationRow,
} from './observation-store.ts';
import {
  assignChanges,
  assignChangesAsync,
  prepareSqliteCellWrites,
  prepareSqliteRecordChange,
} from './cell-writes.ts';

/** An observation row as data entry writes it. `version` is ignored: the store sets it. */
export interface EntryRow extends ObservationRow {
  comment: string;
  review_reason: string;
  submitted_at: string | null;
  submitted_on: string | null;
  submitted_by: string | null;
  /** Set by the store: the change row (migration 0031) the row is written under. */
  change_num?: number;
}

/** What the store found under a key before writing. */
export interface StoredEntry {
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
  /** The integer keys of the ancestors' roll-up rows. */
  readonly numbers: KeyNumbers;
  /**
   * What a check read of these keys (and maybe more), by key, with the database's change mark
   * taken before it (observation-cells.ts; null on PostgreSQL). On SQLite the write uses it
   * instead of reading the keys again when the mark has not moved since; otherwise it reads
   * them. On PostgreSQL it writes on it, guarded, and reads again only when refused.
   */
  readonly known?: {
    readonly entries: CellMap<StoredEntry>;
    readonly mark: string | null;
    /** What the check found under each row's key, by row: spares looking each up again. */
    readonly currents?: readonly (StoredEntry | undefined)[];
  };
  /**
   * The audit entries, given what was there before (by key) and, by row, what was stored
   * under each row's key.
   */
  readonly audit: (
    before: CellMap<StoredEntry>,
    currents: readonly (StoredEntry | undefined)[],
  ) => readonly AuditEntry[];
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

const entryUpsert: UpsertShape<EntryRow> = {
  table: 'observation_cell',
  columns: {
    ...cellColumns,
    comment: 'text',
    review_reason: 'text',
    submitted_at: 'text',
    submitted_on: 'text',
    submitted_by: 'text',
  },
  set: `value = excluded.value, state = excluded.state, version = excluded.version,
    change_num = excluded.change_num, comment = excluded.comment, review_reason = '',
    submitted_at = excluded.submitted_at, submitted_on = excluded.submitted_on, submitted_by = excluded.submitted_by`,
  // A row inserted or approved by another writer after our locking read: refuse rather than overwrite it.
  guardOnPostgres: `observation_cell.version = excluded.version - 1 AND observation_cell.state <> 'approved'`,
};

/**
 * Rows whose review columns hold their defaults (every row the entry check builds), new or
 * replacing stored ones: the defaults are written as constants, not bound four times a row.
 */
const entryReplace: UpsertShape<EntryRow> = {
  table: 'observation_cell',
  columns: { ...cellColumns, comment: 'text' },
  set: `value = excluded.value, state = excluded.state, version = excluded.version,
    change_num = excluded.change_num, comment = excluded.comment, review_reason = '',
    submitted_at = NULL, submitted_on = NULL, submitted_by = NULL`,
  guardOnPostgres: entryUpsert.guardOnPostgres,
};

/** Whether a row's review columns hold their defaults, so that the narrow insert may write it. */
const hasDefaultReviewColumns = (r: EntryRow) =>
  r.review_reason === '' &&
  r.submitted_at === null &&
  r.submitted_on === null &&
  r.submitted_by === null;

/**
 * The key's own order. A batch arrives in period order (the entry check's), which lands each
 * row at a far place in the B-tree; written in key order, a series' rows are neighbours and
 * the engine appends instead of splitting pages — three times faster on 200,000 new rows.
 */
const inKeyOrder = (a: EntryRow, b: EntryRow) =>
  a.indicator_num - b.indicator_num ||
  a.unit_num - b.unit_num ||
  (a.period_id < b.period_id ? -1 : a.period_id > b.period_id ? 1 : 0);

const storedColumns = ['value', 'comment', 'state', 'version'] as const;

interface Prepared {
  readonly rows: EntryRow[];
  /** Rows with no stored row under their key. */
  readonly fresh: EntryRow[];
  /** Rows that replace a stored row. */
  readonly replacing: EntryRow[];
  readonly deltas: ReturnType<typeof createRollupDeltas>;
  readonly inserted: number;
  /** By row: what was stored under its key before. */
  readonly currents: readonly (StoredEntry | undefined)[];
}

/** Checks versions and locks, then gives each row its id and version and sums the roll-up deltas. */
function prepare(
  write: EntryWrite,
  before: CellMap<StoredEntry>,
  known?: readonly (StoredEntry | undefined)[],
): { ok: true; prepared: Prepared } | { ok: false; conflicts: RefusedRow[]; locked: RefusedRow[] } {
  const conflicts: RefusedRow[] = [];
  const locked: RefusedRow[] = [];
  const currents =
    known?.length === write.rows.length
      ? known
      : write.rows.map((r) => before.get(r.indicator_num, r.unit_num, r.period_id));
  write.rows.forEach((r, index) => {
    const current = currents[index];
    const expected = write.expectedVersions[index] ?? null;
    if (current?.state === 'approved') locked.push({ index, current });
    else if (expected !== null && (current?.version ?? 0) !== expected)
      conflicts.push({ index, current: current ?? null });
  });
  if (conflicts.length > 0 || locked.length > 0) return { ok: false, conflicts, locked };
  const deltas = createRollupDeltas();
  let inserted = 0;
  const fresh: EntryRow[] = [];
  const replacing: EntryRow[] = [];
  const rows = write.rows.map((r, index) => {
    const current = currents[index];
    if (!current) inserted++;
    (current ? replacing : fresh).push(r);
    // Drafts move no roll-up: most rows of a large batch stop here.
    const change = rollupChangeOf(current ?? null, r);
    if (change !== null)
      deltas.add(
        { indicatorId: r.indicator_id, periodId: r.period_id, year: r.year },
        write.ancestorsOf(r.unit_id),
        change,
      );
    // The store sets `version` (the caller's is ignored); the rows are the caller's to hand over,
    // and a copy of every row of a 100,000-row batch costs more than its check.
    (r as { version: number }).version = (current?.version ?? 0) + 1;
    return r;
  });
  return { ok: true, prepared: { rows, fresh, replacing, deltas, inserted, currents } };
}

/** Entry writes over either engine. */
export interface CollectionStore {
  /** What is stored under each key now. */
  findEntries(keys: readonly ObservationRef[]): Promise<CellMap<StoredEntry>>;
  /** Writes all rows or none: refused when any row is locked or was edited by someone else meanwhile. */
  writeEntries(write: EntryWrite): Promise<EntryWriteOutcome>;
  /**
   * Runs `work` in one transaction, committed when it returns and rolled back when it throws:
   * its `db` reads what its `store` has written so far, so a large upload can check and write
   * chunk after chunk and still land all or nothing. Every other query of this handle waits
   * until it ends (on SQLite, other connections' writes too).
   */
  inOneTransaction<T>(work: (session: EntrySession) => Promise<T>): Promise<T>;
}

/** Inside one transaction: reads that see its writes, and entry writes that join it. */
export interface EntrySession {
  readonly db: Kysely<Database>;
  readonly store: Pick<CollectionStore, 'findEntries' | 'writeEntries'>;
}

const keysOf = (rows: readonly EntryRow[]): ObservationRef[] =>
  rows.map((r) => ({ indicatorNum: r.indicator_num, unitNum: r.unit_num, periodId: r.period_id }));

const toWrittenOutcome = (prepared: Prepared): EntryWriteOutcome => ({
  ok: true,
  inserted: prepared.inserted,
  updated: prepared.rows.length - prepared.inserted,
  versions: prepared.rows.map((r) => r.version),
});

/**
 * SQLite stores by database: a store prepares its statements (a 500-row INSERT among them)
 * once, and a form's save or a 1,000-row upload would otherwise compile them again each time.
 */
const sqliteStores = new WeakMap<LantuDatabase, CollectionStore>();

export function createCollectionStore(database: LantuDatabase): CollectionStore {
  const { raw } = database;
  if (raw.kind === 'sqlite') {
    const kept = sqliteStores.get(database);
    if (kept) return kept;
    const handle = raw.handle;
    const find = prepareSqliteFind<StoredEntry>(handle, storedColumns);
    const changeMark = handle.prepare<[], { mark: string }>(changeMarkQuery);
    const upsert = prepareSqliteUpsert(handle, entryUpsert);
    const cells = prepareSqliteCellWrites(handle);
    const recordChange = prepareSqliteRecordChange(handle);
    const applyRollupDeltas = prepareSqliteApplyRollupDeltas(handle);
    const appendAudit = prepareSqliteAppendAudit(handle);
    // Inside an open transaction better-sqlite3 makes this a savepoint: the write still lands whole.
    const write = handle.transaction((entries: EntryWrite): EntryWriteOutcome => {
      const { known } = entries;
      const unmoved =
        known !== undefined && known.mark !== null && changeMark.get()?.mark === known.mark;
      const before = unmoved ? known.entries : find(keysOf(entries.rows));
      const checked = prepare(entries, before, unmoved ? known.currents : undefined);
      if (!checked.ok) return checked;
      const { fresh, replacing } = checked.prepared;
      assignChanges(checked.prepared.rows, recordChange);
      if (fresh.every(hasDefaultReviewColumns) && replacing.every(hasDefaultReviewColumns)) {
        cells.insert(fresh.sort(inKeyOrder));
        cells.replace(replacing.sort(inKeyOrder));
      } else upsert([...checked.prepared.rows].sort(inKeyOrder));
      applyRollupDeltas(checked.prepared.deltas.values(), entries.numbers);
      for (const entry of entries.audit(before, checked.prepared.currents)) appendAudit(entry);
      return toWrittenOutcome(checked.prepared);
    });
    const store: CollectionStore = {
      findEntries: (keys) => runExclusive(database, () => find(keys)),
      writeEntries: (entries) => runExclusive(database, () => write(entries)),
      // Kysely's transaction holds the handle's only connection, so the synchronous writes
      // below run inside it and no other query of this handle slips in between chunks.
      inOneTransaction: (work) =>
        database.db.transaction().execute((trx) =>
          work({
            db: trx,
            store: {
              findEntries: (keys) => Promise.resolve(find(keys)),
              writeEntries: (entries) => Promise.resolve(write(entries)),
            },
          }),
        ),
    };
    sqliteStores.set(database, store);
    return store;
  }

  const { pool } = raw;
  const db = database.db;
  const sessionOf = (transaction: PostgresTransaction): EntrySession => ({
    db: transaction.trx,
    store: {
      findEntries: (keys) =>
        findPostgres<StoredEntry>(transaction.trx, storedColumns, keys, { forUpdate: false }),
      writeEntries: (entries) => writePostgres(transaction, entries),
    },
  });
  return {
    findEntries: (keys) => findPostgres<StoredEntry>(db, storedColumns, keys, { forUpdate: false }),
    writeEntries: (entries) =>
      inPostgresTransaction(pool, (transaction) => writePostgres(transaction, entries)),
    inOneTransaction: (work) =>
      inPostgresTransaction(pool, (transaction) => work(sessionOf(transaction))),
  };
}

const changedJustNow = () =>
  new DomainError(
    'CONFLICT',
    '数据刚被他人修改，请刷新后重试',
    'the data was changed by someone else just now; reload and retry',
  );

const isUniqueViolation = (error: unknown) =>
  (error as { code?: unknown } | null)?.code === '23505';

/**
 * Writes the checked rows' cells on PostgreSQL under a new change row: new rows by COPY
 * straight into the table, stored ones by COPY into a staging table and one guarded UPDATE.
 * False when a row was stored, changed, approved or deleted by someone else since what
 * `prepare` was given: a new row's key taken (a unique violation, after which the transaction
 * must roll back to before this) or a stored row the guard refused.
 */
async function writeCellsPostgres(
  { trx, client }: PostgresTransaction,
  prepared: Prepared,
): Promise<boolean> {
  const { rows, fresh, replacing } = prepared;
  await assignChangesAsync(rows, (stamp) => recordChangePostgres(trx, stamp));
  const shape =
    fresh.every(hasDefaultReviewColumns) && replacing.every(hasDefaultReviewColumns)
      ? entryReplace
      : entryUpsert;
  try {
    await copyNewPostgres(client, shape, fresh.sort(inKeyOrder));
  } catch (error) {
    if (isUniqueViolation(error)) return false;
    throw error;
  }
  return (await copyUpdatePostgres(client, shape, replacing.sort(inKeyOrder))) === replacing.length;
}

/**
 * The write on PostgreSQL. After a check (`known`, no change mark) it trusts the check's read
 * and writes at once: the guarded statements refuse any row changed since, and then — back
 * at a savepoint — it reads the keys again under lock to tell which rows were locked or
 * changed, as it does when there was no check. So the common write reads nothing twice,
 * and the audit's before-values are what was stored when it wrote.
 */
async function writePostgres(
  transaction: PostgresTransaction,
  write: EntryWrite,
): Promise<EntryWriteOutcome> {
  const { trx, client } = transaction;
  const { known } = write;
  if (known && known.mark === null && known.currents?.length === write.rows.length) {
    const checked = prepare(write, known.entries, known.currents);
    if (!checked.ok) return checked;
    // The change row too is written after the savepoint: a refused write leaves none behind.
    await client.query('SAVEPOINT entry_write');
    if (await writeCellsPostgres(transaction, checked.prepared)) {
      await client.query('RELEASE SAVEPOINT entry_write');
      return finishPostgres(trx, write, known.entries, checked.prepared);
    }
    await client.query('ROLLBACK TO SAVEPOINT entry_write');
  }
  const before = await findPostgres<StoredEntry>(trx, storedColumns, keysOf(write.rows), {
    forUpdate: true,
  });
  const checked = prepare(write, before);
  if (!checked.ok) return checked;
  // Under lock only a key inserted meanwhile can still collide; the transaction then ends.
  if (!(await writeCellsPostgres(transaction, checked.prepared))) throw changedJustNow();
  return finishPostgres(trx, write, before, checked.prepared);
}

async function finishPostgres(
  trx: Kysely<Database>,
  write: EntryWrite,
  before: CellMap<StoredEntry>,
  prepared: Prepared,
): Promise<EntryWriteOutcome> {
  await applyRollupDeltasPostgres(trx, prepared.deltas.values(), write.numbers);
  // A large batch's audit entry is megabytes of JSON, which PostgreSQL compresses as it stores
  // it: lz4 (where the server has it) does that four to five times faster than the default
  // pglz. For this transaction only; readers decompress either.
  await sql`SELECT set_config('default_toast_compression', 'lz4', true) FROM pg_settings
    WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)`.execute(trx);
  for (const entry of write.audit(before, prepared.currents)) await insertAudit(trx, entry);
  return toWrittenOutcome(prepared);
}

/** PostgreSQL: records a stamp as a new change row and returns its number. */
async function recordChangePostgres(trx: Kysely<Database>, stamp: ChangeStamp): Promise<number> {
  const { change_num } = await trx
    .insertInto('observation_change')
    .values(stamp)
    .returning('change_num')
    .executeTakeFirstOrThrow();
  return change_num;
}
