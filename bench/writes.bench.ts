/**
 * Observation batch writes: the service layer (validation, roll-up and audit included)
 * against the raw engine's best bulk path, on a fresh database each, in the same run.
 * SQLite: prepared multi-row INSERT in one transaction. PostgreSQL: COPY FROM STDIN.
 */
import type { ObservationInput } from '../src/core/observation.ts';
import { systemActor } from '../src/services/ports.ts';
import {
  benchDemo,
  buildObservationInputs,
  openPostgresBenchDatabase,
  openSqliteBenchDatabase,
  readCodeKeys,
  resolveStoredRows,
  type BenchDatabase,
} from './fixtures.ts';
import { seconds, timeOnce, type BenchSection, type Report } from './harness.ts';
import {
  copyMinimalKeyedPostgres,
  createMinimalKeyedTablePostgres,
  createMinimalKeyedTableSqlite,
  insertMinimalKeyedSqlite,
  insertRowsSqlite,
  copyColumns,
  observationTuple,
  recordChangePostgres,
  toMinimalKeyedRows,
  updateRowsSqlite,
  readStoredSqlite,
  createKeyNumbering,
  resolveAndListForAudit,
  storeAuditTextPostgres,
  storeAuditTextSqlite,
  type KeyNumbering,
  type MinimalKeyedRow,
  type StoredRow,
} from './raw-paths.ts';
import { copyRowsPostgres } from '../src/store/pg-copy.ts';

export interface WriteBenchOptions {
  /** Rows of the big batch (fresh inserts, then the same keys again as updates). */
  readonly rows: number;
  /** Small batches written after the big one, the size of a typical spreadsheet upload. */
  readonly smallBatches: number;
  readonly smallBatchRows: number;
}

export const defaultWriteOptions: WriteBenchOptions = {
  rows: 200_000,
  smallBatches: 20,
  smallBatchRows: 1_000,
};

const reason = 'bench';

async function writeThroughService(bench: BenchDatabase, inputs: readonly ObservationInput[]) {
  const { ms, value } = await timeOnce(() =>
    bench.services.observations.writeObservations(inputs, systemActor, { reason }),
  );
  if (!value.ok)
    throw new Error(`service rejected the bench batch: ${JSON.stringify(value.problems[0])}`);
  return ms;
}

const rate = (rows: number, ms: number) => rows / (ms / 1000);
const changed = (inputs: readonly ObservationInput[]) =>
  inputs.map((i) => ({ ...i, value: i.value + 1 }));

function splitInputs(options: WriteBenchOptions) {
  const all = buildObservationInputs(
    benchDemo(),
    options.rows + options.smallBatches * options.smallBatchRows,
  );
  const big = all.slice(0, options.rows);
  const small = Array.from({ length: options.smallBatches }, (_, b) =>
    all.slice(
      options.rows + b * options.smallBatchRows,
      options.rows + (b + 1) * options.smallBatchRows,
    ),
  );
  return { big, small };
}

/** The same rows into the minimal keyed table, the figure every write is also measured against. */
function reportLimit(
  report: Report,
  prefix: string,
  label: string,
  rows: number,
  ms: number,
  note: string,
) {
  const limit = rate(rows, ms);
  report.add({
    name: `${prefix}.limit.${label}`,
    value: limit,
    unit: 'rows/s',
    note: `minimal keyed table (integer indicator, unit, period, value); ${note}; ${rows.toLocaleString('en-US')} rows in ${seconds(ms)}`,
  });
  return limit;
}

const goals: Record<string, string> = {
  insert: 'goal ≥ 0.70',
  update: 'goal ≥ 0.50',
};

function reportPair(
  report: Report,
  prefix: string,
  label: string,
  rows: number,
  serviceMs: number,
  rawMs: number,
  rawNote: string,
  limit: number,
) {
  const raw = rate(rows, rawMs);
  const service = rate(rows, serviceMs);
  report.add({
    name: `${prefix}.raw.${label}`,
    value: raw,
    unit: 'rows/s',
    limitRatio: raw / limit,
    note: `${rawNote}; ${rows.toLocaleString('en-US')} rows in ${seconds(rawMs)}; limit = raw/minimal keyed insert (goal ≥ 0.80)`,
  });
  report.add({
    name: `${prefix}.service.${label}`,
    value: service,
    unit: 'rows/s',
    ratio: service / raw,
    limitRatio: service / limit,
    note: `writeObservations; ${rows.toLocaleString('en-US')} rows in ${seconds(serviceMs)}; ratio = service/raw${goals[label] ? ` (${goals[label]})` : ''}, limit = service/minimal keyed insert`,
  });
}

/**
 * The raw insert plus what no checked insert can leave out (raw-paths.ts
 * resolveAndListForAudit), timed on the same inputs in the same run: the most service ÷ raw
 * can reach for inserts while the audit entry lists every value written.
 */
async function measureInsertFloor(
  report: Report,
  prefix: string,
  bench: BenchDatabase,
  inputs: readonly ObservationInput[],
  rawMs: number,
  limit: number,
  storeAuditText: (text: string) => unknown,
) {
  const keys = await readCodeKeys(bench);
  // The best of three: a floor must not be raised by a cold first pass.
  let least = { ms: Number.POSITIVE_INFINITY, value: 0 };
  for (let run = 0; run < 3; run++) {
    const timed = await timeOnce(async () => {
      const { accepted, auditText } = resolveAndListForAudit(inputs, keys);
      await storeAuditText(auditText);
      return accepted;
    });
    if (timed.ms < least.ms) least = timed;
  }
  if (least.value !== inputs.length)
    throw new Error(`the floor accepted ${least.value} of ${inputs.length} rows`);
  const floor = rate(inputs.length, rawMs + least.ms);
  report.add({
    name: `${prefix}.floor.insert`,
    value: floor,
    unit: 'rows/s',
    ratio: rawMs / (rawMs + least.ms),
    limitRatio: floor / limit,
    note: `the raw insert plus the least a checked insert adds (${seconds(least.ms)}: codes read into integer keys, value, period and duplicate checks, the values listed by series for the audit entry and stored): best of 3; the most service/raw can reach while every value is audited; ratio = raw/(raw + that)`,
  });
}

/**
 * The small-batch step, the same on both engines: each batch in its own transaction,
 * through the engine's raw path into `raw` and through the service into `service`.
 */
async function measureSmallBatches(
  report: Report,
  prefix: string,
  options: WriteBenchOptions,
  small: readonly (readonly ObservationInput[])[],
  databases: { readonly raw: BenchDatabase; readonly service: BenchDatabase },
  writeRaw: (batch: readonly StoredRow[]) => unknown,
  writeLimit: (batch: readonly MinimalKeyedRow[]) => unknown,
  numbering: KeyNumbering,
) {
  const smallRows = await resolveStoredRows(databases.raw, small.flat());
  const smallMinimal = toMinimalKeyedRows(smallRows, numbering);
  const limitSmall = await timeOnce(async () => {
    for (let b = 0; b < small.length; b++)
      await writeLimit(
        smallMinimal.slice(b * options.smallBatchRows, (b + 1) * options.smallBatchRows),
      );
  });
  const limit = reportLimit(
    report,
    prefix,
    `insert_${options.smallBatchRows}`,
    smallMinimal.length,
    limitSmall.ms,
    `${options.smallBatches} transactions of ${options.smallBatchRows}`,
  );
  const rawSmall = await timeOnce(async () => {
    for (let b = 0; b < small.length; b++)
      await writeRaw(smallRows.slice(b * options.smallBatchRows, (b + 1) * options.smallBatchRows));
  });
  const serviceSmall = await timeOnce(async () => {
    for (const batch of small) await writeThroughService(databases.service, batch);
  });
  reportPair(
    report,
    prefix,
    `insert_${options.smallBatchRows}`,
    smallRows.length,
    serviceSmall.ms,
    rawSmall.ms,
    `${options.smallBatches} batches of ${options.smallBatchRows}, one transaction each`,
    limit,
  );
}

/** SQLite: service vs prepared multi-row INSERT, each into its own fresh file database. */
export function sqliteWritesSection(options = defaultWriteOptions): BenchSection {
  return {
    title: `1. Observation batch writes — SQLite (WAL, synchronous=NORMAL), fresh file databases`,
    async run(report) {
      const { big, small } = splitInputs(options);
      const service = await openSqliteBenchDatabase({ withDemo: false });
      const raw = await openSqliteBenchDatabase({ withDemo: false });
      try {
        const handle =
          raw.deps.database.raw.kind === 'sqlite' ? raw.deps.database.raw.handle : null;
        if (!handle) throw new Error('expected SQLite');
        const rows = await resolveStoredRows(raw, big);
        const numbering = createKeyNumbering();
        const minimal = toMinimalKeyedRows(rows, numbering);
        createMinimalKeyedTableSqlite(handle);
        const limitInsert = await timeOnce(() => insertMinimalKeyedSqlite(handle, minimal));
        const limit = reportLimit(
          report,
          'write.sqlite',
          'insert',
          minimal.length,
          limitInsert.ms,
          '500-row INSERTs, WITHOUT ROWID, one transaction',
        );
        const limitUpsert = await timeOnce(() =>
          insertMinimalKeyedSqlite(
            handle,
            minimal.map(([i, u, p, v]) => [i, u, p, v + 1] as const),
            { upsert: true },
          ),
        );
        reportLimit(
          report,
          'write.sqlite',
          'upsert',
          minimal.length,
          limitUpsert.ms,
          'the same keys again, 500-row upserts of the value, for reference',
        );

        const rawInsert = await timeOnce(() => insertRowsSqlite(handle, rows));
        const serviceInsert = await writeThroughService(service, big);
        reportPair(
          report,
          'write.sqlite',
          'insert',
          big.length,
          serviceInsert,
          rawInsert.ms,
          'multi-row INSERT, 500 rows/statement, one transaction',
          limit,
        );
        await measureInsertFloor(report, 'write.sqlite', raw, big, rawInsert.ms, limit, (text) =>
          storeAuditTextSqlite(handle, text),
        );

        const updates = changed(big);
        const updatedRows = rows.map((r) => ({ ...r, value: r.value + 1 }));
        const rawUpsert = await timeOnce(() =>
          insertRowsSqlite(handle, updatedRows, { upsert: true }),
        );
        const rawUpdate = await timeOnce(() =>
          updateRowsSqlite(
            handle,
            updatedRows.map((r) => ({ ...r, value: r.value + 1 })),
          ),
        );
        const storedRead = await timeOnce(() => readStoredSqlite(handle, updatedRows));
        if (storedRead.value !== updatedRows.length)
          throw new Error(`read ${storedRead.value} of ${updatedRows.length} stored cells`);
        const serviceUpdate = await writeThroughService(service, updates);
        const bestRaw = Math.min(rawUpsert.ms, rawUpdate.ms);
        reportPair(
          report,
          'write.sqlite',
          'update',
          big.length,
          serviceUpdate,
          bestRaw,
          `best of multi-row upsert (${seconds(rawUpsert.ms)}) and prepared UPDATE by key (${seconds(rawUpdate.ms)})`,
          limit,
        );
        // What no check can avoid: reading what it overwrites. Service ÷ raw cannot pass this.
        report.add({
          name: 'write.sqlite.floor.update',
          value: rate(big.length, bestRaw + storedRead.ms),
          unit: 'rows/s',
          ratio: bestRaw / (bestRaw + storedRead.ms),
          limitRatio: rate(big.length, bestRaw + storedRead.ms) / limit,
          note: `the raw update plus a read of the cells it overwrites (${seconds(storedRead.ms)}, rows as arrays): the most an update that checks what is stored can reach; ratio = raw/(raw + read)`,
        });

        await measureSmallBatches(
          report,
          'write.sqlite',
          options,
          small,
          { raw, service },
          (batch) => insertRowsSqlite(handle, batch),
          (batch) => insertMinimalKeyedSqlite(handle, batch),
          numbering,
        );
      } finally {
        await service.dispose();
        await raw.dispose();
      }
    },
  };
}

/** PostgreSQL: service (unnest upserts) vs COPY FROM STDIN, each into its own fresh database. */
export function postgresWritesSection(
  serverUrl: string,
  serverLabel: string,
  options = defaultWriteOptions,
): BenchSection {
  return {
    title: `1b. Observation batch writes — PostgreSQL (${serverLabel}), fresh databases`,
    async run(report) {
      const { big, small } = splitInputs(options);
      const service = await openPostgresBenchDatabase(serverUrl, { withDemo: false });
      const raw = await openPostgresBenchDatabase(serverUrl, { withDemo: false });
      const pool = raw.deps.database.raw.kind === 'postgres' ? raw.deps.database.raw.pool : null;
      if (!pool) throw new Error('expected PostgreSQL');
      const client = await pool.connect();
      try {
        const rows = await resolveStoredRows(raw, big);
        const copyIn = async (batch: readonly StoredRow[]) => {
          await client.query('BEGIN');
          const change = await recordChangePostgres(client, batch);
          const copied = await copyRowsPostgres(
            client,
            'observation_cell',
            copyColumns,
            batch.map(observationTuple(change)),
          );
          await client.query('COMMIT');
          if (copied !== batch.length) throw new Error(`COPY wrote ${copied} of ${batch.length}`);
        };

        const numbering = createKeyNumbering();
        const minimal = toMinimalKeyedRows(rows, numbering);
        await createMinimalKeyedTablePostgres(client);
        const limitInsert = await timeOnce(() => copyMinimalKeyedPostgres(client, minimal));
        const limit = reportLimit(
          report,
          'write.postgres',
          'insert',
          minimal.length,
          limitInsert.ms,
          'COPY FROM STDIN (text), one transaction',
        );

        const rawInsert = await timeOnce(() => copyIn(rows));
        const serviceInsert = await writeThroughService(service, big);
        reportPair(
          report,
          'write.postgres',
          'insert',
          big.length,
          serviceInsert,
          rawInsert.ms,
          'COPY FROM STDIN (text), one transaction',
          limit,
        );
        await measureInsertFloor(report, 'write.postgres', raw, big, rawInsert.ms, limit, (text) =>
          storeAuditTextPostgres(client, text),
        );

        const updatedRows = rows.map((r) => ({ ...r, value: r.value + 1 }));
        // No COPY path updates in place; the bulk idiom is COPY into a staging table, then one upsert.
        const rawUpdate = await timeOnce(async () => {
          await client.query('BEGIN');
          await client.query(
            'CREATE TEMP TABLE observation_stage (LIKE observation_cell INCLUDING DEFAULTS) ON COMMIT DROP',
          );
          const change = await recordChangePostgres(client, updatedRows);
          await copyRowsPostgres(
            client,
            'observation_stage',
            copyColumns,
            updatedRows.map(observationTuple(change)),
          );
          await client.query(`INSERT INTO observation_cell (${copyColumns.join(',')})
            SELECT ${copyColumns.join(',')} FROM observation_stage
            ON CONFLICT (indicator_num, unit_num, period_id) DO UPDATE SET value = excluded.value,
              comment = excluded.comment, state = excluded.state, change_num = excluded.change_num,
              version = observation_cell.version + 1, review_reason = '', submitted_at = NULL,
              submitted_on = NULL, submitted_by = NULL`);
          await client.query('COMMIT');
        });
        const serviceUpdate = await writeThroughService(service, changed(big));
        reportPair(
          report,
          'write.postgres',
          'update',
          big.length,
          serviceUpdate,
          rawUpdate.ms,
          'COPY into a staging table + one INSERT … ON CONFLICT DO UPDATE',
          limit,
        );

        await measureSmallBatches(
          report,
          'write.postgres',
          options,
          small,
          { raw, service },
          copyIn,
          (batch) => copyMinimalKeyedPostgres(client, batch),
          numbering,
        );
      } finally {
        client.release();
        await service.dispose();
        await raw.dispose();
      }
    },
  };
}
