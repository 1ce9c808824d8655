/**
 * Excel and CSV both ways: the entry template of a unit (or of every unit under one)
 * for a period, pre-filled with what is there; and the upload of a filled template,
 * all-or-nothing, as a job whose progress (rows parsed, validated, written) can be read
 * while it runs.
 */
import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { DomainError, isDomainError } from '../core/domain-error.ts';
import { isInScope } from '../core/permission.ts';
import { decodeTextFile, type TextEncodingName } from '../extract/text-encoding.ts';
import { parsePeriod, periodLabel, samePeriodLastYear, yearOfPeriod } from '../core/period.ts';
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
} from './entry-batch.ts';
import type { Actor, ServiceDeps } from './ports.ts';
import { runUploadInWorker } from './upload-worker.ts';

/** Which units a template covers: one unit, or every unit under one (a department's, the district's towns). */
export interface TemplateQuery {
  readonly unit?: string;
  readonly under?: string;
  readonly period: string;
}

/** One bad cell of an upload. */
export interface UploadProblem {
  readonly sheet: string;
  /** The spreadsheet row number (the header is row 1). */
  readonly row: number;
  /** Column letter (A, B, …). */
  readonly column: string;
  /** The column's header. */
  readonly columnName: string;
  readonly value: unknown;
  readonly rule: string;
  readonly reason: string;
  readonly reasonEn: string;
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
  problems: UploadProblem[];
  /** When rejected: how many bad cells there are in all. */
  problemCount: number;
  result: { written: number; inserted: number; updated: number; skipped: number } | null;
  error: { code: string; message: string; messageEn: string } | null;
  /** The encoding a .csv was read in (GB18030 for a GBK file from Excel); null for .xlsx. */
  encoding?: TextEncodingName | null;
}

interface JobRecord {
  readonly job: UploadJob;
  readonly actorId: string;
  readonly startedMs: number;
  done: Promise<UploadJob>;
}

const MAX_JOBS = 100;
/** Bad cells a rejected job lists; the rest are counted (a reporter fixes the first and uploads again). */
export const maxListedProblems = 1000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
const JOB_TTL_MS = 60 * 60 * 1000;

const columnLetter = (n: number) => {
  let s = '';
  for (let k = n; k > 0; k = Math.floor((k - 1) / 26))
    s = String.fromCharCode(65 + ((k - 1) % 26)) + s;
  return s;
};

/** A cell's content as text or number: formulas give their result, rich text its text. */
function cellContent(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value.trim() === '' ? null : value.trim();
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    const v = value as {
      result?: unknown;
      richText?: { text: string }[];
      text?: unknown;
      error?: unknown;
    };
    if ('result' in v) return cellContent(v.result);
    if (Array.isArray(v.richText)) return cellContent(v.richText.map((r) => r.text).join(''));
    if (typeof v.text === 'string') return cellContent(v.text);
    if (typeof v.error === 'string') return v.error;
  }
  return null;
}

/** A number from a cell: numbers as they are, text with thousands separators read; null when it is not one. */
function toNumber(content: string | number): number | null {
  if (typeof content === 'number') return Number.isFinite(content) ? content : null;
  const text = content.replace(/[,，\s]/g, '');
  return /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : null;
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF; a leading byte-order mark is dropped. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
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
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
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

/**
 * The rows of an .xlsx or .csv file, sheet by sheet. An .xlsx is read with exceljs's
 * streaming reader: a file of 100,000 rows parses about four times faster than with
 * the in-memory workbook, and progress shows as it goes.
 */
async function* readRows(
  fileName: string,
  content: Buffer,
  onEncoding: (encoding: TextEncodingName) => void = () => {},
): AsyncGenerator<SheetRow> {
  const isXlsx = /\.xlsx$/i.test(fileName) || (content[0] === 0x50 && content[1] === 0x4b);
  if (isXlsx) {
    const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(content), {
      sharedStrings: 'cache',
      worksheets: 'emit',
      styles: 'ignore',
      hyperlinks: 'ignore',
    });
    try {
      for await (const worksheet of reader) {
        const sheet = worksheet as unknown as AsyncIterable<ExcelJS.Row> & {
          name?: string;
          id?: number;
        };
        const name = sheet.name ?? `Sheet${sheet.id ?? ''}`;
        for await (const row of sheet) {
          const raw = row.values as unknown[];
          const values: (string | number | null)[] = [];
          for (let c = 1; c < raw.length; c++) values[c] = cellContent(raw[c]);
          yield { sheet: name, number: row.number, values };
        }
      }
    } catch (error) {
      if (isDomainError(error)) throw error;
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
  const decoded = decodeTextFile(content);
  if (!decoded)
    throw new DomainError(
      'UNREADABLE_DOCUMENT',
      '文件既不是 UTF-8 也不是 GBK/GB18030 编码，请另存为 UTF-8 的 .csv 或 .xlsx 后再上传',
      'the file is neither UTF-8 nor GBK/GB18030; save it as a UTF-8 .csv or as .xlsx and upload again',
    );
  onEncoding(decoded.encoding);
  const rows = parseCsv(decoded.text);
  for (let i = 0; i < rows.length; i++) {
    const cells = rows[i] ?? [];
    if (cells.every((c) => c.trim() === '')) continue;
    yield {
      sheet: fileName,
      number: i + 1,
      values: [null, ...cells.map((c) => (c.trim() === '' ? null : c.trim()))],
    };
  }
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

/** What an .xlsx may unpack to: a million-row sheet is a few hundred MiB of XML. */
export const maxUnpackedBytes = 1024 ** 3;
/** How much smaller than its content a part may be packed: sheet XML packs ten to thirty times. */
const maxPackingRatio = 200;

interface ZipDirectory {
  files: { path: string; uncompressedSize: number; compressedSize: number }[];
}
// unzipper (exceljs's own) reads only the archive's directory here, nothing is unpacked.
const unzipper = createRequire(import.meta.url)('unzipper') as {
  Open: { buffer(content: Buffer): Promise<ZipDirectory> };
};

/**
 * Refuses at once an .xlsx that no parse should be started on: an archive whose directory
 * cannot be read, one without a workbook and a worksheet, or one that would unpack to more
 * than `maxUnpackedBytes` or far more than its packed size says (a zip bomb). Only the
 * archive's directory is read.
 */
export async function checkWorkbookArchive(content: Buffer): Promise<void> {
  let directory: ZipDirectory;
  try {
    directory = await unzipper.Open.buffer(content);
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

/**
 * Parses, validates and writes one upload, all-or-nothing, keeping its job up to date as it
 * goes: what the job runs in this process, or in a worker thread with a connection of its own
 * (upload-worker.ts) so that a large file never stalls the server's other requests.
 */
export async function processUpload(
  deps: ServiceDeps,
  job: UploadJob,
  content: Buffer,
  actor: Actor,
): Promise<UploadJob> {
  const { db } = deps.database;
  const reject = (problems: UploadProblem[]) => rejectUpload(deps, job, problems);
  const items: EntryItem[] = [];
  const where: { sheet: string; row: number; columns: Map<TemplateKey, number> }[] = [];
  const problems: UploadProblem[] = [];
  // Each sheet's columns, from its first row; null for a sheet without the template header.
  const sheetColumns = new Map<string, Map<TemplateKey, number> | null>();
  let dataSheets = 0;
  const readEncoding = (encoding: TextEncodingName) => {
    job.encoding = encoding;
  };
  for await (const row of readRows(job.fileName, content, readEncoding)) {
    let columns = sheetColumns.get(row.sheet);
    if (columns === undefined) {
      columns = locateColumns(row.values);
      sheetColumns.set(row.sheet, columns);
      if (columns) dataSheets++;
      continue;
    }
    if (columns === null) continue;
    job.parsed++;
    const at = columns;
    const read = (key: TemplateKey) => {
      const n = at.get(key);
      return n === undefined ? null : (row.values[n] ?? null);
    };
    const raw = read('value');
    const comment = read('comment');
    // A template row left blank is simply not reported yet.
    if (raw === null && comment === null) continue;
    const versionCell = read('version');
    const version = versionCell === null ? null : toNumber(versionCell);
    if (versionCell !== null && (version === null || !Number.isInteger(version) || version < 0)) {
      problems.push({
        sheet: row.sheet,
        row: row.number,
        column: columnLetter(at.get('version') ?? 0),
        columnName: '版本',
        value: versionCell,
        rule: 'invalid-version',
        reason: '版本列须为非负整数（请勿修改隐藏列）',
        reasonEn: 'the version column must be a whole number (do not edit the hidden columns)',
      });
      continue;
    }
    items.push({
      unitCode: String(read('unitCode') ?? ''),
      indicatorCode: String(read('indicatorCode') ?? ''),
      periodId: String(read('periodId') ?? ''),
      entered: raw === null ? null : toNumber(raw),
      rawValue: raw,
      mode: 'period',
      comment: comment === null ? '' : String(comment),
      expectedVersion: version,
    });
    where.push({ sheet: row.sheet, row: row.number, columns: at });
    if (job.parsed % 10_000 === 0) await yieldToEventLoop();
  }
  job.total = job.parsed;
  if (dataSheets === 0)
    throw new DomainError(
      'IMPORT_REJECTED',
      `文件中没有找到填报表头（须含：${requiredTemplateKeys.map((k) => templateColumns.find((c) => c.key === k)?.header).join('、')}）`,
      `no sheet with the template header (needs ${requiredTemplateKeys.join(', ')})`,
    );
  job.status = 'validating';
  const registry = await loadCollectionRegistry(db);
  const batch = await checkEntryBatch(deps, registry, items, actor, {
    source: 'import',
    skipUnchanged: true,
    onProgress: (n) => (job.validated = n),
  });
  job.validated = items.length;
  const toProblem = (issue: EntryIssue): UploadProblem => {
    const at = where[issue.index];
    const key = fieldColumn[issue.field];
    const n = at?.columns.get(key) ?? 0;
    return {
      sheet: at?.sheet ?? '',
      row: at?.row ?? 0,
      column: n > 0 ? columnLetter(n) : '',
      columnName: templateColumns.find((c) => c.key === key)?.header ?? key,
      value: issue.value,
      rule: issue.rule,
      reason: issue.reason,
      reasonEn: issue.reasonEn,
    };
  };
  // One at a time: spreading 100,000 issues into push() overflows the call stack.
  for (const issue of batch.issues) problems.push(toProblem(issue));
  if (problems.length > 0) return reject(problems);
  job.status = 'writing';
  const written = await writeEntryBatch(deps, registry, items, batch, actor, {
    action: 'observation.import',
    entityId: `upload:${job.id}`,
    reason: `上传 ${job.fileName}`,
  });
  if (!written.ok) return reject(written.issues.map(toProblem));
  job.written = batch.rows.length;
  job.result = {
    written: batch.rows.length,
    inserted: written.written.inserted,
    updated: written.written.updated,
    skipped: batch.skipped,
  };
  job.status = 'done';
  job.finishedAt = deps.clock.now();
  return job;
}

function rejectUpload(deps: ServiceDeps, job: UploadJob, problems: UploadProblem[]) {
  job.problemCount = problems.length;
  job.problems = problems
    .sort(
      (a, b) => a.sheet.localeCompare(b.sheet) || a.row - b.row || a.column.localeCompare(b.column),
    )
    .slice(0, maxListedProblems);
  job.status = 'rejected';
  job.finishedAt = deps.clock.now();
  return job;
}

export function createSpreadsheetExchange(deps: ServiceDeps) {
  const { db } = deps.database;
  const jobs = new Map<string, JobRecord>();
  const runUpload = (job: UploadJob, content: Buffer, actor: Actor) =>
    deps.uploadWorker
      ? runUploadInWorker(deps.uploadWorker, job, content, actor)
      : processUpload(deps, job, content, actor);

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
    const stored = new Map<
      string,
      { value: number; version: number; state: string; comment: string; review_reason: string }
    >();
    for (let start = 0; start < unitIds.length; start += 500) {
      const rows = await db
        .selectFrom('observation')
        .select([
          'indicator_id',
          'unit_id',
          'period_id',
          'value',
          'version',
          'state',
          'comment',
          'review_reason',
        ])
        .where('unit_id', 'in', unitIds.slice(start, start + 500))
        .where('period_id', 'in', [period.id, lastYear.id])
        .execute();
      for (const r of rows)
        stored.set(`${r.unit_id}\u0000${r.indicator_id}\u0000${r.period_id}`, r);
    }
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

  function forgetOldJobs() {
    const now = Date.now();
    for (const [id, record] of jobs)
      if (record.job.finishedAt !== null && now - record.startedMs > JOB_TTL_MS) jobs.delete(id);
    while (jobs.size >= MAX_JOBS) {
      const oldest = [...jobs.entries()].find(([, r]) => r.job.finishedAt !== null);
      if (!oldest) break;
      jobs.delete(oldest[0]);
    }
  }

  /**
   * Starts an upload (.xlsx or .csv, base64) and returns its job at once; the work goes
   * on in this process and `getUploadJob` shows its progress and, at the end, the result
   * or every bad cell. Nothing is written unless every row passes.
   */
  async function startUpload(
    input: { fileName: string; contentBase64: string },
    actor: Actor,
  ): Promise<UploadJob> {
    requireGrant(actor, 'observation.write');
    forgetOldJobs();
    const content = Buffer.from(input.contentBase64, 'base64');
    checkReadable(input.fileName, content);
    if (isZipArchive(content)) await checkWorkbookArchive(content);
    const job: UploadJob = {
      id: deps.ids.next(),
      fileName: input.fileName,
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
      done: Promise.resolve(job),
    };
    record.done = runUpload(job, content, actor).catch((error: unknown) => {
      job.status = 'failed';
      job.finishedAt = deps.clock.now();
      job.error = isDomainError(error)
        ? { code: error.code, message: error.message, messageEn: error.messageEn }
        : {
            code: 'INTERNAL',
            message: '上传处理失败，未写入任何数据',
            messageEn: `the upload failed; nothing was written (${error instanceof Error ? error.message : String(error)})`,
          };
      return job;
    });
    jobs.set(job.id, record);
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
   * A job this process no longer holds (it restarted, or another instance ran it): its
   * write and its audit entry are one transaction, so the entry says whether it was written
   * in full; without one, nothing of it was.
   */
  async function findWrittenJob(jobId: string, actor: Actor): Promise<UploadJob | null> {
    const entry = await db
      .selectFrom('audit_log')
      .select(['at', 'new_value', 'reason'])
      .where('entity_id', '=', `upload:${jobId}`)
      .where('actor', '=', actor.id)
      .executeTakeFirst();
    if (!entry) return null;
    const rows = entry.new_value === null ? [] : (JSON.parse(entry.new_value) as unknown[]);
    const written = Array.isArray(rows) ? rows.length : 0;
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

  /** The job's progress now; a finished job from before a restart from its audit entry. */
  async function getUploadJob(jobId: string, actor: Actor): Promise<UploadJob> {
    const record = jobs.get(jobId);
    if (record && record.actorId === actor.id) return record.job;
    const written = await findWrittenJob(jobId, actor);
    if (written) return written;
    throw jobNotFound(jobId);
  }

  /** The job once it has finished. */
  const waitForUpload = (jobId: string, actor: Actor): Promise<UploadJob> =>
    requireJob(jobId, actor).done;

  /** Uploads and waits: the finished job. */
  async function upload(input: { fileName: string; contentBase64: string }, actor: Actor) {
    const job = await startUpload(input, actor);
    return waitForUpload(job.id, actor);
  }

  return { buildTemplateRows, renderTemplate, startUpload, getUploadJob, waitForUpload, upload };
}

const stateLabels: Record<string, string> = {
  draft: '草稿',
  submitted: '已提交',
  approved: '已审核',
  returned: '已退回',
};

export type SpreadsheetExchange = ReturnType<typeof createSpreadsheetExchange>;
