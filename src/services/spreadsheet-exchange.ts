/**
 * Excel and CSV both ways: the entry template of a unit (or of every unit under one)
 * for a period, pre-filled with what is there; and the upload of a filled template,
 * all-or-nothing, as a job whose progress (rows parsed, validated, written) can be read
 * while it runs.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { DomainError, isDomainError } from '../core/domain-error.ts';
import { isInScope } from '../core/permission.ts';
import { decodeTextFile, type TextEncodingName } from '../extract/text-encoding.ts';
import { readWorkbookRowBatches } from '../extract/workbook-rows.ts';
import {
  readWorkbookRowBatchesInThread,
  WorkbookThreadStopped,
} from '../extract/workbook-row-thread.ts';
import { parsePeriod, periodLabel, samePeriodLastYear, yearOfPeriod } from '../core/period.ts';
import { columnLetter, type RowProblem } from '../core/row-problem.ts';
import {
  renderEntryTemplate,
  renderEntryTemplateCsv,
  requiredTemplateKeys,
  templateColumns,
  type TemplateKey,
  type TemplateRow,
} from '../reports/entry-template.ts';
import {
  dueIndicators,
  loadCollectionRegistry,
  loadDuties,
  requireGrant,
  requireUnit,
  unitsUnder,
  type UnitRef,
} from './collection-context.ts';
import {
  checkEntryBatch,
  writeEntryBatch,
  type EntryField,
  type EntryIssue,
  type EntryItem,
  type PartOfTransaction,
} from './entry-batch.ts';
import { createCollectionStore } from '../store/collection-store.ts';
import { readTemplateCells, type TemplateCellRow } from '../store/collection-repository.ts';
import { createBatchKeys } from './batch-keys.ts';
import { readFileHead, removeUploadFile, saveUploadFile, type UploadFile } from './upload-file.ts';
import type { Actor, ServiceDeps } from './ports.ts';
import {
  endAbandonedUploadJob,
  findAbandonedUploadJobs,
  findUploadAudit,
  findUploadJob,
  forgetUploadJobs,
  saveUploadJob,
} from '../store/upload-job-store.ts';
import { runUploadInWorker } from './upload-worker.ts';

/** Which units a template covers: one unit, or every unit under one (a department's, the district's towns). */
export interface TemplateQuery {
  readonly unit?: string;
  readonly under?: string;
  readonly period: string;
}

export type UploadStatus = 'parsing' | 'validating' | 'writing' | 'done' | 'rejected' | 'failed';

/** An upload job as the progress route shows it. */
export interface UploadJob {
  readonly id: string;
  readonly fileName: string;
  status: UploadStatus;
  /** Data rows in the file, once known. */
  total: number;
  parsed: number;
  validated: number;
  written: number;
  startedAt: string;
  finishedAt: string | null;
  /** When rejected: the first `maxListedProblems` bad cells, in sheet, row and column order. */
  problems: RowProblem[];
  /** When rejected: how many bad cells there are in all. */
  problemCount: number;
  result: { written: number; inserted: number; updated: number; skipped: number } | null;
  error: { code: string; message: string; messageEn: string } | null;
  /** The encoding a .csv was read in (GB18030 for a GBK file from Excel); null for .xlsx. */
  encoding?: TextEncodingName | null;
}

/** What an upload starts from: a file received to disk, or (the JSON form) its bytes in base64. */
export type UploadInput =
  UploadFile | { readonly fileName: string; readonly contentBase64: string };

interface JobRecord {
  readonly job: UploadJob;
  readonly actorId: string;
  readonly startedMs: number;
  /** Wall-clock start, for forgetting old jobs in the database. */
  readonly startedWall: string;
  done: Promise<UploadJob>;
  saving: Promise<void>;
}

/** How often a running job is saved: its heartbeat. */
const heartbeatMs = 1000;
/** A running job not saved for this long lost its runner (the write of 163,000 rows takes ~5 s). */
export const defaultUploadStaleMs = 30_000;

const MAX_JOBS = 100;
/** Bad cells a rejected job lists; the rest are counted (a reporter fixes the first and uploads again). */
export const maxListedProblems = 1000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const JOB_TTL_MS = 60 * 60 * 1000;

/** A number from a cell: numbers as they are, text with thousands separators read; null when it is not one. */
function toNumber(content: string | number): number | null {
  if (typeof content === 'number') return Number.isFinite(content) ? content : null;
  const text = content.replace(/[,，\s]/g, '');
  return /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : null;
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF; a leading byte-order mark is dropped. */
export function parseCsv(text: string): string[][] {
  return [...csvRows(text)];
}

/** The rows of a CSV text one by one, so that a large file's rows are never all held at once. */
function* csvRows(text: string): Generator<string[]> {
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      row.push(field);
      yield row;
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    yield row;
  }
}

/** One row of a spreadsheet: its sheet, its number (the header is 1) and its cells by column number. */
interface SheetRow {
  readonly sheet: string;
  readonly number: number;
  readonly values: readonly (string | number | null)[];
}

const unreadable = (cause: unknown) =>
  new DomainError(
    'UNREADABLE_DOCUMENT',
    '无法读取该 Excel 文件（须为 .xlsx）',
    'cannot read this Excel file (it must be .xlsx)',
    { cause },
  );

/** Rows of a .csv handed on at a time, as an .xlsx's come in the batches of its reader. */
const csvBatchRows = 2000;

/**
 * The rows of an .xlsx or .csv file, sheet by sheet, a batch at a time. An .xlsx is read from
 * the file as it is unpacked (extract/workbook-rows.ts): only the shared strings, a piece of
 * the sheet's XML and its rows are in memory, and progress shows as it goes; after a sheet's
 * first row only the template's columns found in it are read. A .csv's text is read whole
 * (its bytes are decoded as one, to tell UTF-8 from GB18030), its rows a batch at a time.
 */
async function* readRows(
  file: UploadFile,
  onEncoding: (encoding: TextEncodingName) => void = () => {},
  onShareRead: (share: number) => void = () => {},
  inThread = false,
): AsyncGenerator<SheetRow[]> {
  const { fileName } = file;
  const head = await readFileHead(file.path, 4);
  const isXlsx = /\.xlsx$/i.test(fileName) || (head[0] === 0x50 && head[1] === 0x4b);
  if (isXlsx) {
    try {
      yield* inThread
        ? readWorkbookRowBatchesInThread(file.path, {
            maxUnpackedBytes,
            headers: readHeaders,
            onShareRead,
          })
        : readWorkbookRowBatches(file.path, {
            maxUnpackedBytes,
            // A sheet without the template's header is passed over whole: no column of it is read.
            columnsAfterFirstRow: (_, first) => {
              const found = locateColumns(first.values);
              return found ? readKeys.flatMap((k) => found.get(k) ?? []) : [];
            },
            onShareRead,
          });
    } catch (error) {
      // A reading thread that stopped is not the file's fault: the job fails with that reason.
      if (isDomainError(error) || error instanceof WorkbookThreadStopped) throw error;
      throw unreadable(error);
    }
    return;
  }
  if (!/\.csv$/i.test(fileName))
    throw new DomainError(
      'UNREADABLE_DOCUMENT',
      '只接受 .xlsx 或 .csv 文件',
      'only .xlsx and .csv files are accepted',
    );
  const decoded = decodeTextFile(await fs.promises.readFile(file.path));
  if (!decoded)
    throw new DomainError(
      'UNREADABLE_DOCUMENT',
      '文件既不是 UTF-8 也不是 GBK/GB18030 编码，请另存为 UTF-8 的 .csv 或 .xlsx 后再上传',
      'the file is neither UTF-8 nor GBK/GB18030; save it as a UTF-8 .csv or as .xlsx and upload again',
    );
  onEncoding(decoded.encoding);
  // How far through the file a row is, told by its line: a row quoted over lines counts more.
  let lines = 1;
  for (let at = decoded.text.indexOf('\n'); at !== -1; at = decoded.text.indexOf('\n', at + 1))
    lines++;
  let number = 0;
  let batch: SheetRow[] = [];
  for (const cells of csvRows(decoded.text)) {
    number++;
    if (cells.every((c) => c.trim() === '')) continue;
    batch.push({
      sheet: fileName,
      number,
      values: [null, ...cells.map((c) => (c.trim() === '' ? null : c.trim()))],
    });
    if (batch.length === csvBatchRows) {
      onShareRead(Math.min(1, number / lines));
      yield batch;
      batch = [];
    }
  }
  onShareRead(1);
  if (batch.length > 0) yield batch;
}

/** Whether a file begins as a zip archive does (an .xlsx is one). */
const isZipArchive = (content: Buffer) =>
  content.length >= 4 && content.readUInt32LE(0) === 0x04034b50;

/**
 * Refuses at once (UNREADABLE_DOCUMENT, 422) a file that cannot be a template: empty, an
 * .xlsx that is not a zip archive, a .csv that is not UTF-8 or GB18030 text, any other name. What
 * passes may still fail while parsing; the job then says so.
 */
export function checkReadable(fileName: string, content: Buffer): void {
  if (content.length === 0)
    throw new DomainError('UNREADABLE_DOCUMENT', '文件为空', 'the file is empty');
  const isZip = isZipArchive(content);
  if (/\.xlsx$/i.test(fileName) || isZip) {
    if (!isZip) throw unreadable(new Error('no zip signature'));
    return;
  }
  if (!/\.csv$/i.test(fileName))
    throw new DomainError(
      'UNREADABLE_DOCUMENT',
      '只接受 .xlsx 或 .csv 文件',
      'only .xlsx and .csv files are accepted',
    );
  const decoded = decodeTextFile(content);
  if (decoded === null)
    throw new DomainError(
      'UNREADABLE_DOCUMENT',
      '无法读取该 CSV 文件（须为 UTF-8 或 GBK/GB18030 编码的文本）',
      'cannot read this CSV file (it must be UTF-8 or GBK/GB18030 text)',
    );
  // UTF-16 text holds zero bytes by design; only a decoded NUL is binary content.
  if (decoded.text.includes('\u0000'))
    throw new DomainError(
      'UNREADABLE_DOCUMENT',
      '无法读取该 CSV 文件（含二进制内容）',
      'cannot read this CSV file (it holds binary content)',
    );
}

/**
 * `checkReadable` and, for an .xlsx, `checkWorkbookArchive` on a received file: only the
 * signature and the archive's directory are read (a .csv's bytes whole, to decode them).
 */
export async function checkReadableFile(file: UploadFile): Promise<void> {
  if (file.size === 0)
    throw new DomainError('UNREADABLE_DOCUMENT', '文件为空', 'the file is empty');
  const head = await readFileHead(file.path, 4);
  if (isZipArchive(head) || /\.xlsx$/i.test(file.fileName)) {
    checkReadable(file.fileName, head);
    await checkWorkbookArchive(file.path);
    return;
  }
  checkReadable(file.fileName, await fs.promises.readFile(file.path));
}

/** What an .xlsx may unpack to: a million-row sheet is a few hundred MiB of XML. */
export const maxUnpackedBytes = 1024 ** 3;
/** How much smaller than its content a part may be packed: sheet XML packs ten to thirty times. */
const maxPackingRatio = 200;

interface ZipDirectory {
  files: { path: string; uncompressedSize: number; compressedSize: number }[];
}
// unzipper (exceljs's own) reads only the archive's directory here, nothing is unpacked.
const unzipper = createRequire(import.meta.url)('unzipper') as {
  Open: {
    buffer(content: Buffer): Promise<ZipDirectory>;
    file(path: string): Promise<ZipDirectory>;
  };
};

/**
 * Refuses at once an .xlsx that no parse should be started on: an archive whose directory
 * cannot be read, one without a workbook and a worksheet, or one that would unpack to more
 * than `maxUnpackedBytes` or far more than its packed size says (a zip bomb). Only the
 * archive's directory is read.
 */
export async function checkWorkbookArchive(source: Buffer | string): Promise<void> {
  let directory: ZipDirectory;
  try {
    directory =
      typeof source === 'string'
        ? await unzipper.Open.file(source)
        : await unzipper.Open.buffer(source);
  } catch (error) {
    throw unreadable(error);
  }
  const paths = new Set(directory.files.map((f) => f.path));
  if (!paths.has('xl/workbook.xml') || ![...paths].some((p) => p.startsWith('xl/worksheets/')))
    throw unreadable(new Error('no workbook or worksheet in the archive'));
  const unpacked = directory.files.reduce((sum, f) => sum + f.uncompressedSize, 0);
  const bomb = directory.files.find(
    (f) =>
      f.uncompressedSize > 1024 ** 2 && f.uncompressedSize > f.compressedSize * maxPackingRatio,
  );
  if (unpacked > maxUnpackedBytes || bomb)
    throw new DomainError(
      'UNREADABLE_DOCUMENT',
      `文件解压后过大（${(unpacked / 1024 ** 2).toFixed(0)} MB），不像填报模板；请按期间或单位拆分后上传`,
      `the file unpacks to ${(unpacked / 1024 ** 2).toFixed(0)} MB, which no entry template does; split it by period or unit and upload the parts`,
    );
}

/** Column numbers of the template's columns in a header row; null when a required one is absent. */
function locateColumns(header: readonly (string | number | null)[]) {
  const found = new Map<TemplateKey, number>();
  header.forEach((h, index) => {
    if (h === null || h === undefined) return;
    const text = String(h).trim();
    const col = templateColumns.find((c) => c.aliases.includes(text));
    if (col && !found.has(col.key)) found.set(col.key, index);
  });
  return requiredTemplateKeys.every((k) => found.has(k)) ? found : null;
}

const fieldColumn: Record<EntryField, TemplateKey> = {
  unit: 'unitCode',
  indicator: 'indicatorCode',
  period: 'periodId',
  value: 'value',
  comment: 'comment',
  version: 'version',
};

/** The template's columns an upload reads after a sheet's header row: the fields of an entry. */
const readKeys: readonly TemplateKey[] = [...new Set(Object.values(fieldColumn))];
/** Their headers (each with its aliases), for the reading thread, which is given texts rather than a function. */
const readHeaders = templateColumns
  .filter((c) => readKeys.includes(c.key))
  .flatMap((c) => c.aliases);

/** Rows an upload checks and writes at a time: each part with its own audit entry, all in one transaction. */
export const defaultUploadChunkRows = 5000;

const byPlace = (a: RowProblem, b: RowProblem) =>
  (a.sheet ?? '').localeCompare(b.sheet ?? '') ||
  a.row - b.row ||
  (a.column ?? '').localeCompare(b.column ?? '');

/**
 * The bad cells of an upload as it is read: the first `maxListedProblems` in sheet, row and
 * column order, and how many there are in all — never more than twice the list in memory,
 * however many cells are bad.
 */
function createProblemList() {
  let kept: RowProblem[] = [];
  let count = 0;
  const trim = () => {
    kept.sort(byPlace);
    if (kept.length > maxListedProblems) kept = kept.slice(0, maxListedProblems);
  };
  return {
    add(problem: RowProblem) {
      count++;
      kept.push(problem);
      if (kept.length >= 2 * maxListedProblems) trim();
    },
    get count() {
      return count;
    },
    listed() {
      trim();
      return kept;
    },
  };
}
type ProblemList = ReturnType<typeof createProblemList>;

type SheetColumns = Map<string, Map<TemplateKey, number> | null>;

/** One part of an upload as read from the file: its items and where each came from. */
interface UploadPart {
  readonly items: EntryItem[];
  readonly where: ItemPlace[];
}

/**
 * Reads the file into parts of `chunkRows` items, noting bad version cells as it goes, and
 * each sheet's columns (from its first row; null for a sheet without the template header)
 * into `sheetColumns`. Keeps `job.parsed` up to date and `job.total` estimated from how much
 * of the file has been read, exact once it has been read to the end.
 */
async function* readParts(
  job: UploadJob,
  file: UploadFile,
  problems: ProblemList,
  sheetColumns: SheetColumns,
  chunkRows: number,
  inThread: boolean,
): AsyncGenerator<UploadPart> {
  const readEncoding = (encoding: TextEncodingName) => {
    job.encoding = encoding;
  };
  let shareRead = 0;
  const onShareRead = (share: number) => {
    shareRead = share;
  };
  let items: EntryItem[] = [];
  let where: ItemPlace[] = [];
  // The columns of the sheet being read as plain numbers (-1: absent), looked up once a sheet
  // rather than once a cell (and without a closure a row).
  let sheet: string | undefined;
  let at: Map<TemplateKey, number> | null = null;
  let unitAt = -1;
  let indicatorAt = -1;
  let periodAt = -1;
  let valueAt = -1;
  let commentAt = -1;
  let versionAt = -1;
  for await (const rows of readRows(file, readEncoding, onShareRead, inThread)) {
    for (const row of rows) {
      if (row.sheet !== sheet) {
        // A sheet's first row is its header: where the template's columns are, if they are.
        sheet = row.sheet;
        at = locateColumns(row.values);
        sheetColumns.set(row.sheet, at);
        const position = (key: TemplateKey) => at?.get(key) ?? -1;
        unitAt = position('unitCode');
        indicatorAt = position('indicatorCode');
        periodAt = position('periodId');
        valueAt = position('value');
        commentAt = position('comment');
        versionAt = position('version');
        continue;
      }
      if (at === null) continue;
      job.parsed++;
      const { values } = row;
      const raw = valueAt < 0 ? null : (values[valueAt] ?? null);
      const comment = commentAt < 0 ? null : (values[commentAt] ?? null);
      // A template row left blank is simply not reported yet.
      if (raw === null && comment === null) continue;
      const versionCell = versionAt < 0 ? null : (values[versionAt] ?? null);
      const version = versionCell === null ? null : toNumber(versionCell);
      if (versionCell !== null && (version === null || !Number.isInteger(version) || version < 0)) {
        problems.add({
          sheet: row.sheet,
          row: row.number,
          column: columnLetter(versionAt),
          columnName: '版本',
          field: 'version',
          value: versionCell,
          rule: 'invalid-version',
          reason: '版本列须为非负整数（请勿修改隐藏列）',
          reasonEn: 'the version column must be a whole number (do not edit the hidden columns)',
        });
        continue;
      }
      items.push({
        unitCode: String(values[unitAt] ?? ''),
        indicatorCode: String(values[indicatorAt] ?? ''),
        periodId: String(values[periodAt] ?? ''),
        entered: raw === null ? null : toNumber(raw),
        rawValue: raw,
        mode: 'period',
        comment: comment === null ? '' : String(comment),
        expectedVersion: version,
      });
      where.push({ sheet: row.sheet, row: row.number, columns: at });
      if (items.length === chunkRows) {
        yield { items, where };
        items = [];
        where = [];
      }
    }
    if (shareRead > 0)
      job.total = Math.max(job.parsed, Math.round(job.parsed / Math.min(1, shareRead)));
    await yieldToEventLoop();
  }
  job.total = job.parsed;
  if (items.length > 0) yield { items, where };
}

/**
 * Hands on `source`'s parts while the next one is already being read: the parse of part
 * k + 1 goes on while part k is checked and written — on PostgreSQL while the server works on
 * it; on SQLite, whose calls hold the thread, the file's inflating (zlib's threads) and the
 * parse fill the waits between parts. One part ahead, so no more than two are held.
 */
async function* readAhead<T>(source: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    let next = source.next();
    for (;;) {
      const result = await next;
      if (result.done) return;
      next = source.next();
      // Awaited when the consumer asks for it; until then a failure must not go unhandled.
      next.catch(() => {});
      yield result.value;
    }
  } finally {
    await source.return(undefined);
  }
}

/** Where an item of an upload came from: its sheet, its row and that sheet's columns. */
interface ItemPlace {
  readonly sheet: string;
  readonly row: number;
  readonly columns: ReadonlyMap<TemplateKey, number>;
}

const toProblem = (issue: EntryIssue, where: readonly ItemPlace[]): RowProblem => {
  const at = where[issue.index];
  const key = fieldColumn[issue.field];
  const n = at?.columns.get(key) ?? 0;
  return {
    sheet: at?.sheet ?? '',
    row: at?.row ?? 0,
    column: n > 0 ? columnLetter(n) : '',
    columnName: templateColumns.find((c) => c.key === key)?.header ?? key,
    field: issue.field,
    value: issue.value,
    rule: issue.rule,
    reason: issue.reason,
    reasonEn: issue.reasonEn,
  };
};

/** Ends the upload's transaction with a rollback once every part has been checked and one was bad. */
class UploadRejected extends Error {}

/**
 * Parses, validates and writes one upload, all-or-nothing, keeping its job up to date as it
 * goes: what the job runs in this process, or in a worker thread with a connection of its own
 * (upload-worker.ts) so that a large file never stalls the server's other requests.
 *
 * Memory does not grow with the file: the file is read a part of `defaultUploadChunkRows`
 * rows at a time, one part ahead of one transaction that checks and writes the parts, each
 * with its own audit entry, and rolls everything back if any part had a bad cell. What is
 * kept across parts is the key of every row (to find duplicates) and the capped list of
 * problems. A part is checked against what the parts before it wrote, as a whole batch is
 * against its own earlier rows; once one part is bad the rest are only checked, so the list
 * still names every bad cell. The first part is read before the transaction opens, so a file
 * without one never opens it. The job is `parsing` until the first part is checked.
 */
export async function processUpload(
  deps: ServiceDeps,
  job: UploadJob,
  file: UploadFile,
  actor: Actor,
): Promise<UploadJob> {
  const problems = createProblemList();
  const sheetColumns: SheetColumns = new Map();
  const chunkRows = deps.uploadChunkRows ?? defaultUploadChunkRows;
  const inThread = deps.uploadParseThread === true;
  const parts = readAhead(readParts(job, file, problems, sheetColumns, chunkRows, inThread));
  try {
    const registry = await loadCollectionRegistry(deps.database.db);
    let part = await parts.next();
    const earlierKeys = createBatchKeys();
    const moved = { indicatorCodes: new Set<string>(), unitCodes: new Set<string>() };
    const result = { written: 0, inserted: 0, updated: 0, skipped: 0 };
    if (!part.done)
      try {
        await createCollectionStore(deps.database).inOneTransaction(async (session) => {
          // The checks read through the transaction, so they see the parts written before.
          const partDeps: ServiceDeps = { ...deps, database: { ...deps.database, db: session.db } };
          const inTransaction: PartOfTransaction = { session, moved };
          let firstIndex = 0;
          for (; !part.done; part = await parts.next()) {
            const { items, where } = part.value;
            if (job.status === 'parsing') job.status = 'validating';
            const base = firstIndex;
            const batch = await checkEntryBatch(partDeps, registry, items, actor, {
              source: 'import',
              skipUnchanged: true,
              earlierKeys,
              firstIndex: base,
              onProgress: (n) => (job.validated = base + n),
            });
            job.validated = base + items.length;
            // One at a time: spreading 100,000 issues into push() overflows the call stack.
            for (const issue of batch.issues) problems.add(toProblem(issue, where));
            result.skipped += batch.skipped;
            if (problems.count === 0) {
              job.status = 'writing';
              const written = await writeEntryBatch(
                partDeps,
                registry,
                items,
                batch,
                actor,
                {
                  action: 'observation.import',
                  entityId: `upload:${job.id}`,
                  reason: `上传 ${job.fileName}`,
                },
                inTransaction,
              );
              if (written.ok) {
                result.written += batch.rows.length;
                result.inserted += written.written.inserted;
                result.updated += written.written.updated;
                job.written = result.written;
              } else for (const issue of written.issues) problems.add(toProblem(issue, where));
            }
            firstIndex += items.length;
          }
          if (problems.count > 0) throw new UploadRejected();
        });
      } catch (error) {
        if (error instanceof UploadRejected) return rejectUpload(deps, job, problems);
        throw error;
      }
    if (![...sheetColumns.values()].some((c) => c !== null))
      throw new DomainError(
        'IMPORT_REJECTED',
        `文件中没有找到填报表头（须含：${requiredTemplateKeys.map((k) => templateColumns.find((c) => c.key === k)?.header).join('、')}）`,
        `no sheet with the template header (needs ${requiredTemplateKeys.join(', ')})`,
      );
    if (problems.count > 0) return rejectUpload(deps, job, problems);
    if (moved.indicatorCodes.size > 0)
      await deps.commits?.publish(
        { indicatorCodes: [...moved.indicatorCodes], unitCodes: [...moved.unitCodes] },
        actor,
      );
    job.result = result;
    job.status = 'done';
    job.finishedAt = deps.clock.now();
    return job;
  } finally {
    await parts.return(undefined);
  }
}

function rejectUpload(deps: ServiceDeps, job: UploadJob, problems: ProblemList) {
  job.problemCount = problems.count;
  job.problems = problems.listed();
  // Rolled back: nothing of what the parts wrote is there.
  job.written = 0;
  job.status = 'rejected';
  job.finishedAt = deps.clock.now();
  return job;
}

/**
 * Saves a running job every heartbeat, on the connection of the thread that runs it: there a
 * save waits its turn behind the job's own write transaction instead of competing with it
 * for SQLite's write lock. `stop` ends the heartbeat once its last save has landed, so none
 * lands after the job's final state.
 */
export function keepUploadJobSaved(deps: ServiceDeps, job: UploadJob, actorId: string) {
  let saving: Promise<void> = Promise.resolve();
  const save = () => {
    saving = saving
      .then(() =>
        saveUploadJob(
          deps.database.db,
          { id: job.id, actorId, status: job.status, job, startedAt: job.startedAt },
          new Date().toISOString(),
        ),
      )
      .catch((error: unknown) => deps.onError?.(error, `saving upload job ${job.id}`));
  };
  const timer = setInterval(save, heartbeatMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await saving;
    },
  };
}

export function createSpreadsheetExchange(deps: ServiceDeps) {
  const { db } = deps.database;
  const jobs = new Map<string, JobRecord>();
  const staleMs = deps.uploadStaleMs ?? defaultUploadStaleMs;
  const runUpload = async (job: UploadJob, file: UploadFile, actor: Actor) => {
    try {
      if (deps.uploadWorker) return await runUploadInWorker(deps.uploadWorker, job, file, actor);
      const heartbeat = keepUploadJobSaved(deps, job, actor.id);
      try {
        return await processUpload(deps, job, file, actor);
      } finally {
        await heartbeat.stop();
      }
    } finally {
      await removeUploadFile(file.path);
    }
  };

  /** The rows of the template: each in-scope unit × indicator due for the period, with what is stored. */
  async function buildTemplateRows(query: TemplateQuery, actor: Actor) {
    if ((query.unit === undefined) === (query.under === undefined))
      throw new DomainError(
        'VALIDATION_FAILED',
        '请指定 unit（单个单位）或 under（某单位及其下级）之一',
        'give exactly one of unit (one unit) or under (a unit and every unit below it)',
      );
    const registry = await loadCollectionRegistry(db);
    const period = parsePeriod(query.period);
    const root = requireUnit(registry, (query.unit ?? query.under)!);
    let units: UnitRef[];
    if (query.unit !== undefined) {
      if (!isInScope(actor, root.path))
        throw new DomainError(
          'OUT_OF_SCOPE',
          `单位“${root.name}”不在您的管辖范围内`,
          `unit ${root.code} is outside your units`,
        );
      units = [root];
    } else units = unitsUnder(registry, root).filter((u) => isInScope(actor, u.path));
    const duties = await loadDuties(db, yearOfPeriod(period));
    const lastYear = samePeriodLastYear(period);
    const unitIds = units.map((u) => u.id);
    const stored = new Map<string, TemplateCellRow>();
    for (const r of await readTemplateCells(db, unitIds, [period.id, lastYear.id]))
      stored.set(`${r.unit_id}\u0000${r.indicator_id}\u0000${r.period_id}`, r);
    const label = periodLabel(period, 'zh');
    const rows: TemplateRow[] = [];
    for (const unit of units)
      for (const indicator of dueIndicators(registry, duties, unit.id, period.type)) {
        const own = stored.get(`${unit.id}\u0000${indicator.id}\u0000${period.id}`);
        rows.push({
          unitCode: unit.code,
          indicatorCode: indicator.code,
          periodId: period.id,
          version: own?.version ?? 0,
          unitName: unit.name,
          indicatorName: indicator.name,
          measureUnit: indicator.unit,
          periodLabel: label,
          lastYearValue:
            stored.get(`${unit.id}\u0000${indicator.id}\u0000${lastYear.id}`)?.value ?? null,
          value: own?.value ?? null,
          comment: own?.comment ?? '',
          state: own ? (stateLabels[own.state] ?? own.state) : '未填报',
          reviewReason: own?.review_reason ?? '',
        });
      }
    return { rows, fileBase: `填报模板-${root.code}-${period.id}` };
  }

  /** The template as .xlsx or .csv, with a file name. */
  async function renderTemplate(query: TemplateQuery, actor: Actor, format: 'xlsx' | 'csv') {
    const { rows, fileBase } = await buildTemplateRows(query, actor);
    return format === 'xlsx'
      ? { fileName: `${fileBase}.xlsx`, content: await renderEntryTemplate(rows) }
      : { fileName: `${fileBase}.csv`, content: Buffer.from(renderEntryTemplateCsv(rows), 'utf8') };
  }

  /**
   * Saves a job for every instance to read. Saves of one job run one after another, so a late
   * heartbeat never overwrites the final state.
   */
  function persist(record: JobRecord): Promise<void> {
    const { job } = record;
    record.saving = record.saving
      .then(() =>
        saveUploadJob(
          db,
          {
            id: job.id,
            actorId: record.actorId,
            status: job.status,
            job,
            startedAt: record.startedWall,
          },
          new Date().toISOString(),
        ),
      )
      .catch((error: unknown) => deps.onError?.(error, `saving upload job ${job.id}`));
    return record.saving;
  }

  function forgetOldJobs() {
    const now = Date.now();
    for (const [id, record] of jobs)
      if (record.job.finishedAt !== null && now - record.startedMs > JOB_TTL_MS) jobs.delete(id);
    while (jobs.size >= MAX_JOBS) {
      const oldest = [...jobs.entries()].find(([, r]) => r.job.finishedAt !== null);
      if (!oldest) break;
      jobs.delete(oldest[0]);
    }
    void forgetUploadJobs(db, new Date(now - JOB_TTL_MS).toISOString()).catch((error: unknown) =>
      deps.onError?.(error, 'forgetting old upload jobs'),
    );
  }

  /**
   * Starts an upload (.xlsx or .csv: a received file, or base64) and returns its job once it
   * is saved; the work goes on (in a worker thread when configured) and `getUploadJob` — on
   * any instance over the same database — shows its progress and, at the end, the result or
   * every bad cell. Nothing is written unless every row passes. The job owns a received file
   * from here on and removes it when it ends (at once when the file is refused).
   */
  async function startUpload(input: UploadInput, actor: Actor): Promise<UploadJob> {
    let file: UploadFile;
    try {
      requireGrant(actor, 'observation.write');
      file =
        'path' in input
          ? input
          : await saveUploadFile(input.fileName, Buffer.from(input.contentBase64, 'base64'));
      await checkReadableFile(file);
    } catch (error) {
      if ('path' in input) await removeUploadFile(input.path);
      else if (file! !== undefined) await removeUploadFile(file.path);
      throw error;
    }
    forgetOldJobs();
    const job: UploadJob = {
      id: deps.ids.next(),
      fileName: file.fileName,
      status: 'parsing',
      total: 0,
      parsed: 0,
      validated: 0,
      written: 0,
      startedAt: deps.clock.now(),
      finishedAt: null,
      problems: [],
      problemCount: 0,
      result: null,
      error: null,
      encoding: null,
    };
    const record: JobRecord = {
      job,
      actorId: actor.id,
      startedMs: Date.now(),
      startedWall: new Date().toISOString(),
      done: Promise.resolve(job),
      saving: Promise.resolve(),
    };
    jobs.set(job.id, record);
    await persist(record);
    record.done = runUpload(job, file, actor)
      .catch((error: unknown) => {
        job.status = 'failed';
        // Rolled back: parts written before the failure (while the file was still read) are not there.
        job.written = 0;
        job.finishedAt = deps.clock.now();
        job.error = isDomainError(error)
          ? { code: error.code, message: error.message, messageEn: error.messageEn }
          : {
              code: 'INTERNAL',
              message: '上传处理失败，未写入任何数据',
              messageEn: `the upload failed; nothing was written (${error instanceof Error ? error.message : String(error)})`,
            };
        return job;
      })
      .then(async (finished) => {
        await persist(record);
        return finished;
      });
    return job;
  }

  const jobNotFound = (jobId: string) =>
    new DomainError(
      'NOT_FOUND',
      `找不到上传任务“${jobId}”（若服务在上传完成前重启，该上传未写入任何数据，请重新上传）`,
      `Upload job ${jobId} not found (if the server restarted before it finished, nothing of it was written; upload it again)`,
    );

  function requireJob(jobId: string, actor: Actor) {
    const record = jobs.get(jobId);
    // Another user's job is as good as absent.
    if (!record || record.actorId !== actor.id) throw jobNotFound(jobId);
    return record;
  }

  /**
   * A job whose runner went away mid-way (a restart, a kill -9): its write and its audit
   * entry are one transaction, so the entry says whether it was written in full; without
   * one, nothing of it was, and it ends failed with that reason.
   */
  async function endAbandoned(jobId: string, actorId: string, job: UploadJob, staleBefore: string) {
    const entry = await findUploadAudit(db, jobId, actorId);
    const ended: UploadJob = entry
      ? {
          ...job,
          status: 'done',
          written: entry.rows,
          finishedAt: entry.at,
        }
      : {
          ...job,
          status: 'failed',
          finishedAt: deps.clock.now(),
          error: {
            code: 'UPLOAD_ABANDONED',
            message: '服务在上传完成前停止，未写入任何数据，请重新上传',
            messageEn:
              'the server stopped before the upload finished; nothing was written, upload it again',
          },
        };
    await endAbandonedUploadJob(
      db,
      jobId,
      staleBefore,
      ended.status,
      ended,
      new Date().toISOString(),
    );
    return (await findUploadJob<UploadJob>(db, jobId))?.job ?? ended;
  }

  /** Ends every job whose runner has not saved it within the stale window; how many. */
  async function endAbandonedUploads(): Promise<number> {
    const staleBefore = new Date(Date.now() - staleMs).toISOString();
    let ended = 0;
    for (const id of await findAbandonedUploadJobs(db, staleBefore)) {
      const stored = await findUploadJob<UploadJob>(db, id);
      if (!stored) continue;
      await endAbandoned(id, stored.actorId, stored.job, staleBefore);
      ended++;
    }
    return ended;
  }

  /**
   * A job this process no longer holds and the database does not either (finished before
   * jobs were kept there, or forgotten): its audit entry says whether it was written in full.
   */
  async function findWrittenJob(jobId: string, actor: Actor): Promise<UploadJob | null> {
    const entry = await findUploadAudit(db, jobId, actor.id);
    if (!entry) return null;
    const written = entry.rows;
    return {
      id: jobId,
      fileName: entry.reason.replace(/^上传 /, ''),
      status: 'done',
      total: written,
      parsed: written,
      validated: written,
      written,
      startedAt: entry.at,
      finishedAt: entry.at,
      problems: [],
      problemCount: 0,
      result: null,
      error: null,
    };
  }

  /**
   * The job's progress now: this process's own from memory, any other from the database —
   * one whose runner stopped saving it is ended there and then, so no job runs for ever.
   */
  async function getUploadJob(jobId: string, actor: Actor): Promise<UploadJob> {
    const record = jobs.get(jobId);
    if (record && record.actorId === actor.id) return record.job;
    const stored = await findUploadJob<UploadJob>(db, jobId);
    if (stored && stored.actorId === actor.id) {
      const staleBefore = new Date(Date.now() - staleMs).toISOString();
      if (stored.job.finishedAt === null && stored.heartbeatAt < staleBefore)
        return endAbandoned(jobId, stored.actorId, stored.job, staleBefore);
      return stored.job;
    }
    if (stored) throw jobNotFound(jobId);
    const written = await findWrittenJob(jobId, actor);
    if (written) return written;
    throw jobNotFound(jobId);
  }

  /** The job once it has finished. */
  const waitForUpload = (jobId: string, actor: Actor): Promise<UploadJob> =>
    requireJob(jobId, actor).done;

  /** Uploads and waits: the finished job. */
  async function upload(input: UploadInput, actor: Actor) {
    const job = await startUpload(input, actor);
    return waitForUpload(job.id, actor);
  }

  return {
    buildTemplateRows,
    renderTemplate,
    startUpload,
    getUploadJob,
    waitForUpload,
    upload,
    endAbandonedUploads,
  };
}

const stateLabels: Record<string, string> = {
  draft: '草稿',
  submitted: '已提交',
  approved: '已审核',
  returned: '已退回',
};

export type SpreadsheetExchange = ReturnType<typeof createSpreadsheetExchange>;
