/**
 * Observation batch writes: the service layer (validation, roll-up and audit included)
 * against the raw engine's best bulk path, on a fresh database each, in the same run.
 * SQLite: prepared multi-row INSERT in one transaction. PostgreSQL: COPY FROM STDIN.
 */
import type { ObservationInput } from '../src/core/observation.ts';
import { systemActor } from '../src/services/ports.ts';
import type { ObservationRow } from '../src/store/observation-store.ts';
import {
  benchDemo,
  buildObservationInputs,
  openPostgresBenchDatabase,
  openSqliteBenchDatabase,
  resolveObservationRows,
  type BenchDatabase,
} from './fixtures.ts';
import { seconds, timeOnce, type BenchSection, type Report } from './harness.ts';
import {
  copyRowsPostgres,
  insertRowsSqlite,
  observationColumns,
  observationTuple,
  updateRowsSqlite,
} from './raw-paths.ts';

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

function reportPair(
  report: Report,
  prefix: string,
  label: string,
  rows: number,
  serviceMs: number,
  rawMs: number,
  rawNote: string,
) {
  const raw = rate(rows, rawMs);
  const service = rate(rows, serviceMs);
  report.add({
    name: `${prefix}.raw.${label}`,
    value: raw,
    unit: 'rows/s',
    note: `${rawNote}; ${rows.toLocaleString('en-US')} rows in ${seconds(rawMs)}`,
  });
  report.add({
    name: `${prefix}.service.${label}`,
    value: service,
    unit: 'rows/s',
    ratio: service / raw,
    note: `writeObservations; ${rows.toLocaleString('en-US')} rows in ${seconds(serviceMs)}; ratio = service/raw (goal ≥ 0.50)`,
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
  writeRaw: (batch: readonly ObservationRow[]) => unknown,
) {
  const smallRows = await resolveObservationRows(databases.raw, small.flat());
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
        const rows = await resolveObservationRows(raw, big);

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
        );

        await measureSmallBatches(
          report,
          'write.sqlite',
          options,
          small,
          { raw, service },
          (batch) => insertRowsSqlite(handle, batch),
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
        const rows = await resolveObservationRows(raw, big);
        const copyIn = async (batch: readonly ObservationRow[]) => {
          await client.query('BEGIN');
          const copied = await copyRowsPostgres(
            client,
            'observation',
            observationColumns,
            batch.map(observationTuple),
          );
          await client.query('COMMIT');
          if (copied !== batch.length) throw new Error(`COPY wrote ${copied} of ${batch.length}`);
        };

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
        );

        const updatedRows = rows.map((r) => ({ ...r, value: r.value + 1 }));
        // No COPY path updates in place; the bulk idiom is COPY into a staging table, then one upsert.
        const rawUpdate = await timeOnce(async () => {
          await client.query('BEGIN');
          await client.query(
            'CREATE TEMP TABLE observation_stage (LIKE observation INCLUDING DEFAULTS) ON COMMIT DROP',
          );
          await copyRowsPostgres(
            client,
            'observation_stage',
            observationColumns,
            updatedRows.map(observationTuple),
          );
          await client.query(`INSERT INTO observation (${observationColumns.join(',')})
            SELECT ${observationColumns.join(',')} FROM observation_stage
            ON CONFLICT (indicator_id, unit_id, period_id) DO UPDATE SET value = excluded.value,
              source = excluded.source, source_ref = excluded.source_ref, state = excluded.state,
              version = observation.version + 1, updated_at = excluded.updated_at,
              updated_by = excluded.updated_by`);
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
        );

        await measureSmallBatches(
          report,
          'write.postgres',
          options,
          small,
          { raw, service },
          copyIn,
        );
      } finally {
        client.release();
        await service.dispose();
        await raw.dispose();
      }
    },
  };
}
