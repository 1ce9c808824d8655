/**
 * An Excel upload of 100,000 values (unit × indicator × month) through the collection
 * service — the received file read as it is unpacked, entry rules, scope and lock checks,
 * the all-or-nothing write with roll-up and audit — against the same rows written by the
 * engine's raw bulk path (SQLite: multi-row INSERTs; PostgreSQL: COPY, as in the writes
 * section) and into the minimal keyed table, each into its own fresh database, in the same run. Also: the parse alone (the reader the upload uses, and
 * exceljs's streaming reader on the same file), and the process's resident memory while
 * the upload runs, sampled from a thread of its own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import ExcelJS from 'exceljs';
import { parsePeriod, periodLabel } from '../src/core/period.ts';
import {
  readWorkbookRowBatchesInThread,
  startWorkbookRowThread,
} from '../src/extract/workbook-row-thread.ts';
import { readWorkbookRows } from '../src/extract/workbook-rows.ts';
import { buildServices } from '../src/http/app.ts';
import { lantuVersion } from '../src/http/server.ts';
import {
  renderEntryTemplate,
  requiredTemplateKeys,
  templateColumns,
  type TemplateRow,
} from '../src/reports/entry-template.ts';
import { systemActor } from '../src/services/ports.ts';
import { saveUploadFile } from '../src/services/upload-file.ts';
import { stopUploadWorkers } from '../src/services/upload-worker.ts';
import {
  benchDemo,
  buildObservationInputs,
  openPostgresBenchDatabase,
  openSqliteBenchDatabase,
  resolveStoredRows,
  type BenchDatabase,
} from './fixtures.ts';
import { copyRowsPostgres } from '../src/store/pg-copy.ts';
import { seconds, timeMedian, timeOnce, type BenchSection, type Report } from './harness.ts';
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
  type StoredRow,
} from './raw-paths.ts';

export interface ExcelUploadBenchOptions {
  /** Values in the workbook. */
  readonly rows: number;
  /** A postgres:// server URL to run on PostgreSQL instead of an SQLite file. */
  readonly postgresUrl?: string;
}

export const defaultExcelUploadOptions: ExcelUploadBenchOptions = { rows: 100_000 };

/** What one run measured. */
export interface ExcelUploadBenchResult {
  readonly engine: 'sqlite' | 'postgres';
  readonly rows: number;
  readonly workbookBytes: number;
  readonly buildMs: number;
  readonly uploadMs: number;
  readonly rawMs: number;
  /** The same rows into the minimal keyed table (the engine's limit for this shape). */
  readonly limitMs: number;
  readonly limitRowsPerSecond: number;
  readonly uploadRowsPerSecond: number;
  readonly rawRowsPerSecond: number;
  /** uploadRowsPerSecond / rawRowsPerSecond. */
  readonly ratio: number;
  /** Reading the file's rows alone with the reader the upload uses (extract/workbook-rows.ts), its first run in the process. */
  readonly parseColdMs: number;
  /** The same, the median of three runs after it: warm, as the upload finds the reader. */
  readonly parseMs: number;
  /** The same upload with the file read on the warm reading thread (deps.uploadParseThread). */
  readonly threadUploadMs: number;
  /**
   * The same upload as a server runs it by default: in its upload worker thread, with its own
   * connection, the thread already started by an earlier upload (services/upload-worker.ts).
   */
  readonly workerUploadMs: number;
  /** Reading the file's rows alone on the warm reading thread, every column, as received here. */
  readonly threadParseMs: number;
  /** The same file through exceljs's streaming reader (the upload's reader before). */
  readonly exceljsParseMs: number;
  /** The process's resident memory just before the upload and its peak while it ran, MiB. */
  readonly rssBeforeMiB: number;
  readonly rssPeakMiB: number;
}

/**
 * Samples the process's resident set size every 10 ms from a thread of its own, so the
 * samples keep coming while the upload holds the main thread.
 */
function sampleResidentMemory() {
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     let peak = 0;
     const take = () => { peak = Math.max(peak, process.memoryUsage.rss()); };
     const timer = setInterval(take, 10);
     parentPort.on('message', () => { take(); clearInterval(timer); parentPort.postMessage(peak); });`,
    { eval: true },
  );
  return {
    async stop(): Promise<number> {
      const peak = new Promise<number>((resolve) => worker.once('message', resolve));
      worker.postMessage('stop');
      const value = await peak;
      await worker.terminate();
      return value;
    },
  };
}

async function countRows(rows: AsyncIterable<unknown>) {
  let n = 0;
  for await (const _ of rows) n++;
  return n;
}

async function* exceljsRows(file: string) {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(fs.createReadStream(file), {
    sharedStrings: 'cache',
    worksheets: 'emit',
    styles: 'ignore',
    hyperlinks: 'ignore',
  });
  for await (const sheet of reader) yield* sheet as unknown as AsyncIterable<ExcelJS.Row>;
}

/**
 * The columns an upload reads after a template's header row (the required ones, the version
 * and the comment): the parse alone is timed reading what the upload reads.
 */
const uploadColumns = templateColumns.flatMap((c, i) =>
  requiredTemplateKeys.includes(c.key) || c.key === 'version' || c.key === 'comment' ? [i + 1] : [],
);

// Values within a few percent of each other, so no row trips the year-on-year rule and the
// upload measures the full write path rather than a rejection.
const valueOf = (k: number) => 1000 + (k % 40);

export async function buildWorkbook(count: number, year?: number) {
  const demo = benchDemo();
  const inputs = buildObservationInputs(demo, count).map((input) =>
    year === undefined ? input : { ...input, periodId: `${year}${input.periodId.slice(4)}` },
  );
  const units = new Map(demo.units.units.map((u) => [u.code, u.name]));
  const indicators = new Map(demo.indicators.indicators.map((i) => [i.code, i]));
  const labels = new Map<string, string>();
  const rows: TemplateRow[] = inputs.map((input, k) => {
    let label = labels.get(input.periodId);
    if (label === undefined)
      labels.set(input.periodId, (label = periodLabel(parsePeriod(input.periodId), 'zh')));
    return {
      unitCode: input.unitCode,
      indicatorCode: input.indicatorCode,
      periodId: input.periodId,
      version: 0,
      unitName: units.get(input.unitCode) ?? '',
      indicatorName: indicators.get(input.indicatorCode)?.name ?? '',
      measureUnit: indicators.get(input.indicatorCode)?.unit ?? '',
      periodLabel: label,
      lastYearValue: null,
      value: valueOf(k),
      comment: '',
      state: '未填报',
      reviewReason: '',
    };
  });
  return { rows, content: await renderEntryTemplate(rows, 'bench') };
}

/**
 * The raw path on PostgreSQL: the rows streamed into observation_cell with COPY FROM STDIN in
 * one transaction, the engine's fastest bulk path and the one the writes section measures
 * against (a multi-row INSERT took twice as long, which made the upload's ratio look better
 * than the upload is).
 */
async function copyRowsIntoPostgres(bench: BenchDatabase, rows: readonly StoredRow[]) {
  const { raw } = bench.deps.database;
  if (raw.kind !== 'postgres') throw new Error('expected PostgreSQL');
  const client = await raw.pool.connect();
  try {
    await client.query('BEGIN');
    const change = await recordChangePostgres(client, rows);
    const copied = await copyRowsPostgres(
      client,
      'observation_cell',
      copyColumns,
      rows.map(observationTuple(change)),
    );
    await client.query('COMMIT');
    if (copied !== rows.length) throw new Error(`COPY wrote ${copied} of ${rows.length}`);
  } finally {
    client.release();
  }
}

/**
 * Builds an .xlsx of `rows` values, uploads it through the collection service into one
 * fresh database and writes the same rows with the engine's raw bulk path into another.
 */
export async function runExcelUploadBench(
  options: ExcelUploadBenchOptions = defaultExcelUploadOptions,
): Promise<ExcelUploadBenchResult> {
  const built = await timeOnce(() => buildWorkbook(options.rows));
  const { rows, content } = built.value;
  const open = () =>
    options.postgresUrl
      ? openPostgresBenchDatabase(options.postgresUrl, { withDemo: false })
      : openSqliteBenchDatabase({ withDemo: false });
  const service = await open();
  const threaded = await open();
  const worked = await open();
  const workedLocation = 'file' in worked ? worked.file : worked.url;
  const raw = await open();
  try {
    // The raw path gets the rows resolved to ids, as a bulk loader would hand them over.
    const resolved = await resolveStoredRows(
      raw,
      rows.map((r) => ({
        unitCode: r.unitCode,
        indicatorCode: r.indicatorCode,
        periodId: r.periodId,
        value: r.value ?? 0,
        source: 'import',
      })),
    );
    const minimal = toMinimalKeyedRows(resolved);
    const { raw: driver } = raw.deps.database;
    let limitRun: { ms: number };
    if (driver.kind === 'sqlite') {
      createMinimalKeyedTableSqlite(driver.handle);
      limitRun = await timeOnce(() => insertMinimalKeyedSqlite(driver.handle, minimal));
    } else {
      const client = await driver.pool.connect();
      try {
        await createMinimalKeyedTablePostgres(client);
        limitRun = await timeOnce(() => copyMinimalKeyedPostgres(client, minimal));
      } finally {
        client.release();
      }
    }
    const rawRun = await timeOnce(async () => {
      const { raw: driver } = raw.deps.database;
      if (driver.kind === 'sqlite') insertRowsSqlite(driver.handle, resolved);
      else await copyRowsIntoPostgres(raw, resolved);
    });
    // The parse alone, on a copy of the file, with the reader the upload uses; exceljs's
    // streaming reader on it after the upload, so that its garbage is not in the upload's memory.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-bench-upload-'));
    const copy = path.join(dir, 'bench.xlsx');
    fs.writeFileSync(copy, content);
    let parse: { ms: number; value: number };
    let parseWarm: { medianMs: number };
    let exceljsParse: { ms: number; value: number };
    let upload: {
      ms: number;
      value: Awaited<ReturnType<typeof service.services.collection.upload>>;
    };
    let rssBefore: number;
    let rssPeak: number;
    let threadParse: { ms: number };
    let threadUpload: typeof upload;
    let workerUpload: typeof upload;
    try {
      const readAsUploaded = () =>
        countRows(readWorkbookRows(copy, { columnsAfterFirstRow: () => uploadColumns }));
      // Once cold (the reader's first run in the process), then warm as the upload finds it.
      parse = await timeOnce(readAsUploaded);
      parseWarm = await timeMedian(readAsUploaded, { runs: 3, warmup: 0 });
      // As a file received by POST /api/collection/upload/file: on disk before the job starts.
      const received = await saveUploadFile('bench.xlsx', content);
      rssBefore = process.memoryUsage.rss();
      const memory = sampleResidentMemory();
      upload = await timeOnce(() => service.services.collection.upload(received, systemActor));
      rssPeak = await memory.stop();
      // The same upload into another fresh database with the file read on the warm reading
      // thread, started and its reader warmed first, as a server's would be by then.
      startWorkbookRowThread();
      await countRows(readWorkbookRowBatchesInThread(copy));
      threadParse = await timeOnce(() => countRows(readWorkbookRowBatchesInThread(copy)));
      // As the server passes its upload settings: beside what buildServices names.
      const threadedDeps = { ...threaded.deps, uploadParseThread: true, version: lantuVersion };
      const threadedServices = buildServices(threadedDeps);
      const receivedAgain = await saveUploadFile('bench.xlsx', content);
      threadUpload = await timeOnce(() =>
        threadedServices.collection.upload(receivedAgain, systemActor),
      );
      // As the server runs uploads by default: in its upload worker thread, which an earlier,
      // upload of 1,000 rows has started and warmed (the thread is kept between uploads).
      const workerDeps = {
        ...worked.deps,
        uploadWorker: { databaseLocation: workedLocation, timeZone: 'Asia/Shanghai' },
        version: lantuVersion,
      };
      const workerServices = buildServices(workerDeps);
      const first = await workerServices.collection.upload(
        await saveUploadFile('first.xlsx', (await buildWorkbook(1000, 2024)).content),
        systemActor,
      );
      if (first.status !== 'done') throw new Error(`the first upload ended ${first.status}`);
      const receivedThird = await saveUploadFile('bench.xlsx', content);
      workerUpload = await timeOnce(() =>
        workerServices.collection.upload(receivedThird, systemActor),
      );
      exceljsParse = await timeOnce(() => countRows(exceljsRows(copy)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    if (parse.value !== exceljsParse.value)
      throw new Error(`the readers disagree: ${parse.value} rows against ${exceljsParse.value}`);
    for (const job of [upload.value, threadUpload.value, workerUpload.value]) {
      if (job.status !== 'done')
        throw new Error(
          `the upload did not finish: ${job.status} ${JSON.stringify(job.problems.slice(0, 3) ?? job.error)}`,
        );
      if (job.result?.written !== rows.length)
        throw new Error(`the upload wrote ${job.result?.written ?? 0} of ${rows.length} rows`);
    }
    const uploadRowsPerSecond = rows.length / (upload.ms / 1000);
    const rawRowsPerSecond = rows.length / (rawRun.ms / 1000);
    return {
      engine: options.postgresUrl ? 'postgres' : 'sqlite',
      rows: rows.length,
      workbookBytes: content.length,
      buildMs: built.ms,
      uploadMs: upload.ms,
      rawMs: rawRun.ms,
      limitMs: limitRun.ms,
      limitRowsPerSecond: rows.length / (limitRun.ms / 1000),
      uploadRowsPerSecond,
      rawRowsPerSecond,
      ratio: uploadRowsPerSecond / rawRowsPerSecond,
      threadUploadMs: threadUpload.ms,
      workerUploadMs: workerUpload.ms,
      threadParseMs: threadParse.ms,
      parseColdMs: parse.ms,
      parseMs: parseWarm.medianMs,
      exceljsParseMs: exceljsParse.ms,
      rssBeforeMiB: rssBefore / 2 ** 20,
      rssPeakMiB: rssPeak / 2 ** 20,
    };
  } finally {
    await stopUploadWorkers(workedLocation);
    await service.dispose();
    await threaded.dispose();
    await worked.dispose();
    await raw.dispose();
  }
}

/** Seconds with two decimals: the upload's steps are a tenth of a second or less. */
const hundredths = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** The bench section: upload and raw rates, with the ratio on the upload's line. */
export function excelUploadSection(
  options: ExcelUploadBenchOptions = defaultExcelUploadOptions,
  label = options.postgresUrl ? 'PostgreSQL' : 'SQLite (WAL, synchronous=NORMAL)',
): BenchSection {
  return {
    title: `Excel upload of ${options.rows.toLocaleString('en-US')} values — ${label}, fresh databases`,
    async run(report: Report) {
      const r = await runExcelUploadBench(options);
      const prefix = `upload.${r.engine}`;
      report.add({
        name: `${prefix}.limit.insert`,
        value: r.limitRowsPerSecond,
        unit: 'rows/s',
        note: `minimal keyed table (integer indicator, unit, period, value), ${r.engine === 'sqlite' ? '500-row INSERTs' : 'COPY'} in one transaction; ${r.rows.toLocaleString('en-US')} rows in ${hundredths(r.limitMs)}`,
      });
      report.add({
        name: `${prefix}.raw.insert`,
        value: r.rawRowsPerSecond,
        unit: 'rows/s',
        limitRatio: r.rawRowsPerSecond / r.limitRowsPerSecond,
        note: `${r.engine === 'sqlite' ? 'multi-row INSERT' : 'COPY'} into observation_cell in one transaction; ${r.rows.toLocaleString('en-US')} rows in ${hundredths(r.rawMs)}`,
      });
      report.add({
        name: `${prefix}.service.xlsx`,
        value: r.uploadRowsPerSecond,
        unit: 'rows/s',
        ratio: r.ratio,
        limitRatio: r.uploadRowsPerSecond / r.limitRowsPerSecond,
        note: `.xlsx of ${(r.workbookBytes / 2 ** 20).toFixed(1)} MiB (built in ${seconds(r.buildMs)}), received to disk: parse, rules, write, roll-up, audit in ${hundredths(r.uploadMs)}; ratio = upload/raw (goal ≥ 0.50), limit = upload/minimal keyed insert`,
      });
      // The same upload another way, as a rate and as ratios to the raw path and the limit.
      const variant = (suffix: string, ms: number, note: string) =>
        report.add({
          name: `${prefix}.service.xlsx.${suffix}`,
          value: r.rows / (ms / 1000),
          unit: 'rows/s',
          ratio: r.rawMs / ms,
          limitRatio: r.limitMs / ms,
          note: `${note}: ${hundredths(ms)}`,
        });
      variant(
        'thread',
        r.threadUploadMs,
        `the same upload, the file read on the warm reading thread while this one checks and writes (deps.uploadParseThread; run after the line above, so on warmer code; the rows alone through the thread ${hundredths(r.threadParseMs)})`,
      );
      variant(
        'worker',
        r.workerUploadMs,
        `the same upload as a server runs it by default, in its upload worker thread with a connection of its own, the thread started and warmed by a 1,000-row upload before (as a server's is by its earlier uploads)`,
      );
      report.add({
        name: `${prefix}.parse.share`,
        value: r.parseMs / r.uploadMs,
        unit: '',
        note: `reading the file's rows alone (extract/workbook-rows.ts, the ${uploadColumns.length} columns an upload reads) took ${hundredths(r.parseMs)} (median of 3 warm runs; ${hundredths(r.parseColdMs)} cold, the first in the process), this share of the upload's time`,
      });
      report.add({
        name: `${prefix}.parse.exceljs`,
        value: r.exceljsParseMs / r.parseMs,
        unit: '×',
        note: `exceljs's streaming reader (the upload's reader before) on the same file: ${seconds(r.exceljsParseMs)}, this many times the reader's time`,
      });
      report.add({
        name: `${prefix}.service.xlsx.rss_peak`,
        value: r.rssPeakMiB,
        unit: 'MiB',
        note: `the process's resident memory at its peak during the upload (in this thread), sampled every 10 ms: ${r.rssBeforeMiB.toFixed(0)} MiB just before it (the workbook, the raw path's rows), so ${(r.rssPeakMiB - r.rssBeforeMiB).toFixed(0)} MiB of growth`,
      });
    },
  };
}
