/**
 * The rows of an .xlsx file's worksheets, read as the file is unpacked: the archive's
 * directory, the workbook's sheet list, styles and shared strings first, then each sheet's
 * XML inflated and scanned a chunk at a time. Only the shared strings, one chunk of XML and
 * the row being read are in memory, whatever the sheet's size.
 *
 * Why a scanner and not a general XML parser: on a 100,000-row template (46 MB of sheet
 * XML) exceljs's streaming reader took 1.8–2.7 s and saxes alone, emitting nothing but tags,
 * 0.8 s — four to ten times what writing the same rows into the database takes, so the parse
 * dominated the upload. A sheet's cells are a small, fixed part of SpreadsheetML (ECMA-376
 * §18.3.1: row, c, v, f, is, t, r, rPh); this reads exactly that part, and
 * `workbook-rows.test.ts` checks it against exceljs on generated workbooks.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { StringDecoder } from 'node:string_decoder';
import zlib from 'node:zlib';
import { DomainError } from '../core/domain-error.ts';

/** A cell's content: numbers as numbers, text trimmed, an empty cell null. */
export type CellContent = string | number | null;

/** One row of a worksheet: the sheet's name, the row's number (the first is 1) and its cells by column number (A = 1). */
export interface WorkbookRow {
  readonly sheet: string;
  readonly number: number;
  readonly values: readonly CellContent[];
}

export interface WorkbookRowsOptions {
  /** Stop with UNREADABLE_DOCUMENT once the parts read unpack to more than this. */
  readonly maxUnpackedBytes?: number;
  /**
   * Which columns of a sheet's later rows are read, chosen from its first row (a header row):
   * the cells of other columns are passed over unread, so a reader wanting six columns of
   * thirteen does not pay for the rest. Every column when absent or when it returns null.
   */
  readonly columnsAfterFirstRow?: (sheet: string, first: WorkbookRow) => readonly number[] | null;
  /** Told after each piece of a sheet what share (0–1) of the sheets' unpacked XML has been read, for progress. */
  readonly onShareRead?: (share: number) => void;
}

interface ZipEntry {
  readonly path: string;
  readonly uncompressedSize: number;
  readonly compressedSize: number;
  readonly compressionMethod: number;
  readonly flags: number;
  readonly offsetToLocalFileHeader: number;
  stream(): NodeJS.ReadableStream;
}
const unzipper = createRequire(import.meta.url)('unzipper') as {
  Open: { file(path: string): Promise<{ files: ZipEntry[] }> };
};

/**
 * How much of a part is inflated and scanned at a time. unzipper's own entry stream hands
 * over 16 KiB pieces through a pull stream written in JavaScript (2,900 pieces, 85–200 ms for
 * the bench's 46 MB sheet); read and inflated here in 1 MiB pieces the same sheet takes
 * 25–45 ms, and each piece costs the scan one decode, one search for its last row and one slice.
 */
const pieceBytes = 1024 ** 2;

/**
 * A part's unpacked bytes, a large piece at a time: the archive's directory says where its
 * data starts and how long it is, so the file is read from there and inflated with zlib.
 * What this does not handle (an encrypted part, a compression other than deflate, a size
 * the directory does not give) goes through unzipper's stream, as before.
 */
async function* entryBytes(file: string, entry: ZipEntry): AsyncGenerator<Buffer> {
  const { compressionMethod: method, compressedSize } = entry;
  if ((entry.flags & 1) !== 0 || (method !== 8 && method !== 0) || !(compressedSize > 0)) {
    yield* entry.stream() as AsyncIterable<Buffer>;
    return;
  }
  const header = Buffer.alloc(30);
  const handle = await fs.promises.open(file);
  try {
    await handle.read(header, 0, 30, entry.offsetToLocalFileHeader);
  } finally {
    await handle.close();
  }
  if (header.readUInt32LE(0) !== 0x04034b50) throw malformed('压缩包结构损坏');
  const start =
    entry.offsetToLocalFileHeader + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const packed = fs.createReadStream(file, {
    start,
    end: start + compressedSize - 1,
    highWaterMark: pieceBytes,
  });
  try {
    if (method === 0) {
      yield* packed as AsyncIterable<Buffer>;
      return;
    }
    const inflate = zlib.createInflateRaw({ chunkSize: pieceBytes });
    packed.on('error', (error) => inflate.destroy(error));
    try {
      yield* packed.pipe(inflate) as AsyncIterable<Buffer>;
    } finally {
      inflate.destroy();
    }
  } finally {
    packed.destroy();
  }
}

/** No single row (or shared string) of a real sheet comes near this: a file that makes one does not get held. */
const maxPendingChars = 64 * 1024 ** 2;

const tooLarge = (bytes: number) =>
  new DomainError(
    'UNREADABLE_DOCUMENT',
    `文件解压后过大（超过 ${(bytes / 1024 ** 2).toFixed(0)} MB），不像填报模板；请按期间或单位拆分后上传`,
    `the file unpacks to more than ${(bytes / 1024 ** 2).toFixed(0)} MB, which no entry template does; split it by period or unit and upload the parts`,
  );

const malformed = (what: string) =>
  new DomainError(
    'UNREADABLE_DOCUMENT',
    `无法读取该 Excel 文件（${what}）`,
    `cannot read this Excel file (${what})`,
  );

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** XML character and entity references, then SpreadsheetML's `_xHHHH_` escapes (ECMA-376 §22.9.2.19). */
export function decodeXmlText(text: string): string {
  let out = text;
  if (out.includes('&'))
    out = out.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
      if (name.startsWith('#x')) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
      return entities[name] ?? whole;
    });
  if (out.includes('_x'))
    out = out.replace(/_x([0-9a-fA-F]{4})_/g, (_, hex: string) =>
      String.fromCharCode(parseInt(hex, 16)),
    );
  return out;
}

/** An element's text: CDATA sections as they are, the rest decoded. */
function elementText(raw: string): string {
  if (!raw.includes('<![CDATA[')) return decodeXmlText(raw);
  let out = '';
  let at = 0;
  for (;;) {
    const open = raw.indexOf('<![CDATA[', at);
    if (open === -1) return out + decodeXmlText(raw.slice(at));
    const close = raw.indexOf(']]>', open);
    if (close === -1) throw malformed('CDATA 未结束');
    out += decodeXmlText(raw.slice(at, open)) + raw.slice(open + 9, close);
    at = close + 3;
  }
}

/** Whether the character at `at` of `s` ends a tag's name (so `<c` does not match `<cols`); false past the end. */
function endsNameAt(s: string, at: number): boolean {
  const code = s.charCodeAt(at);
  return (
    code === 32 ||
    code === 62 /* > */ ||
    code === 47 /* / */ ||
    code === 10 ||
    code === 13 ||
    code === 9
  );
}

/** The attributes of a start tag's inside (`r="A1" t="s"`), either quote. */
function readAttributes(text: string): Map<string, string> {
  const found = new Map<string, string>();
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && text.charCodeAt(i) <= 32) i++;
    const nameStart = i;
    while (i < n && text[i] !== '=' && text.charCodeAt(i) > 32) i++;
    const name = text.slice(nameStart, i);
    while (i < n && text[i] !== '"' && text[i] !== "'") {
      if (text[i] !== '=' && text.charCodeAt(i) > 32) break;
      i++;
    }
    const quote = text[i];
    if (quote !== '"' && quote !== "'") {
      i++;
      continue;
    }
    const end = text.indexOf(quote, i + 1);
    if (end === -1) break;
    // Only the local name matters for the attributes read here (r, t, s, name, r:id's id).
    found.set(name, text.slice(i + 1, end));
    i = end + 1;
  }
  return found;
}

/** The tag names of one part, with the prefix its root element uses for the main namespace (often none). */
function tagsOf(prefix: string) {
  return {
    row: `<${prefix}row`,
    rowEnd: `</${prefix}row>`,
    c: `<${prefix}c`,
    cEnd: `</${prefix}c>`,
    v: `<${prefix}v`,
    vEnd: `</${prefix}v>`,
    is: `<${prefix}is`,
    isEnd: `</${prefix}is>`,
    t: `<${prefix}t`,
    tEnd: `</${prefix}t>`,
    rPh: `<${prefix}rPh`,
    rPhEnd: `</${prefix}rPh>`,
    si: `<${prefix}si`,
    siEnd: `</${prefix}si>`,
  };
}
type Tags = ReturnType<typeof tagsOf>;

/** The prefix of a part's root element (`x:` of `<x:worksheet …>`), once its start is in `text`; undefined before. */
function rootPrefix(text: string): string | undefined {
  let at = 0;
  for (;;) {
    const open = text.indexOf('<', at);
    if (open === -1 || open + 1 >= text.length) return undefined;
    const next = text[open + 1];
    if (next === '?' || next === '!') {
      const close = text.indexOf('>', open);
      if (close === -1) return undefined;
      at = close + 1;
      continue;
    }
    let end = open + 1;
    while (end < text.length && !endsNameAt(text, end)) end++;
    if (end >= text.length) return undefined;
    const name = text.slice(open + 1, end);
    const colon = name.indexOf(':');
    return colon === -1 ? '' : name.slice(0, colon + 1);
  }
}

/** The text of the `<t>` elements between `from` and `to`, phonetic runs (`<rPh>`) left out. */
function runsText(whole: string, from: number, to: number, tags: Tags): string {
  // Searched within the element only: a search of the whole chunk for an `<rPh>` that is not
  // there would cost the chunk's length for every string.
  const s = whole.slice(from, to);
  let out = '';
  let at = 0;
  let phonetic = s.indexOf(tags.rPh);
  for (;;) {
    const t = s.indexOf(tags.t, at);
    if (t === -1) return out;
    if (phonetic !== -1 && phonetic < t) {
      const skip = s.indexOf(tags.rPhEnd, phonetic);
      at = skip === -1 ? s.length : skip + tags.rPhEnd.length;
      phonetic = s.indexOf(tags.rPh, at);
      continue;
    }
    if (!endsNameAt(s, t + tags.t.length)) {
      at = t + tags.t.length;
      continue;
    }
    const close = s.indexOf('>', t);
    if (close === -1) return out;
    if (s[close - 1] === '/') {
      at = close + 1;
      continue;
    }
    const end = s.indexOf(tags.tEnd, close);
    if (end === -1) throw malformed('文本未结束');
    out += elementText(s.slice(close + 1, end));
    at = end + tags.tEnd.length;
  }
}

/** Column number of a cell reference's letters (`AB12` → 28) in `s` from `from` to `to`; 0 when it has none. */
function columnAt(s: string, from: number, to: number): number {
  let col = 0;
  for (let i = from; i < to; i++) {
    const code = s.charCodeAt(i) & ~32;
    if (code < 65 || code > 90) break;
    col = col * 26 + (code - 64);
  }
  return col;
}

const trimmed = (text: string): CellContent => {
  const t = text.trim();
  return t === '' ? null : t;
};

/** How a workbook turns a style's number into a date: which cell styles are date formats, and the date system. */
interface DateStyles {
  readonly isDate: readonly boolean[];
  readonly date1904: boolean;
}

// Built-in number formats that show dates or times (ECMA-376 §18.8.30, with the CJK ids 27–36 and 50–58).
const builtInDateFormats = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51,
  52, 53, 54, 55, 56, 57, 58,
]);

/** Whether a custom number format shows a date or time: a y, m, d, h or s outside quotes, brackets and escapes. */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/"[^"]*"/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\\./g, '')
    .replace(/_.|\*./g, '');
  return !/^general$/i.test(bare.trim()) && /[ymdhs]/i.test(bare.replace(/general/gi, ''));
}

function readDateStyles(stylesXml: string | null, date1904: boolean): DateStyles {
  if (stylesXml === null) return { isDate: [], date1904 };
  const custom = new Map<number, string>();
  for (const m of stylesXml.matchAll(/<(?:\w+:)?numFmt\b([^>]*)>/g)) {
    const a = readAttributes(m[1]!.replace(/\/$/, ''));
    const id = Number(a.get('numFmtId'));
    if (Number.isInteger(id)) custom.set(id, decodeXmlText(a.get('formatCode') ?? ''));
  }
  const isDate: boolean[] = [];
  const xfs = /<(?:\w+:)?cellXfs\b[^>]*>([\s\S]*?)<\/(?:\w+:)?cellXfs>/.exec(stylesXml);
  if (xfs)
    for (const m of xfs[1]!.matchAll(/<(?:\w+:)?xf\b([^>]*)>/g)) {
      const id = Number(readAttributes(m[1]!.replace(/\/$/, '')).get('numFmtId') ?? 0);
      const code = custom.get(id);
      isDate.push(code !== undefined ? isDateFormat(code) : builtInDateFormats.has(id));
    }
  return { isDate, date1904 };
}

/** A date serial as an ISO date (YYYY-MM-DD), as Excel shows it. */
function serialToIsoDate(serial: number, date1904: boolean): string {
  const unixDays = serial - 25569 + (date1904 ? 1462 : 0);
  return new Date(Math.round(unixDays * 86_400_000)).toISOString().slice(0, 10);
}

/** A cell's content from its type, its `<v>` text (or inline string) and its style. */
function cellValue(
  type: string | undefined,
  v: string | null,
  style: number,
  shared: readonly CellContent[],
  dates: DateStyles,
): CellContent {
  if (v === null) return null;
  switch (type) {
    case 's':
      return shared[parseInt(v, 10)] ?? null;
    case 'str':
      return trimmed(elementText(v));
    case 'inlineStr':
      // Read from its runs, already decoded.
      return trimmed(v);
    case 'b':
      return String(parseInt(v, 10) !== 0);
    case 'e':
      return trimmed(elementText(v));
    case 'd':
      return trimmed(v.slice(0, 10));
    default: {
      if (v.trim() === '') return null;
      const n = Number(v);
      if (!Number.isFinite(n)) return trimmed(elementText(v));
      return dates.isDate[style] === true ? serialToIsoDate(n, dates.date1904) : n;
    }
  }
}

/** What a cell's start tag says: its column (0 without `r`), type (`t`) and style (`s`). */
interface CellAttributes {
  column: number;
  type: string | undefined;
  style: number;
}

/** The cell types of ECMA-376 §18.18.11 as constants, so that reading a cell's `t` makes no string. */
const cellTypes = ['s', 'n', 'b', 'e', 'd', 'str', 'inlineStr'] as const;

/** The cell type spelled in `s` from `from` to `to`, without slicing it out for the usual ones. */
function cellTypeAt(s: string, from: number, to: number): string {
  const length = to - from;
  for (const type of cellTypes) if (type.length === length && s.startsWith(type, from)) return type;
  return s.slice(from, to);
}

/** A non-negative whole number written in `s` from `from` to `to`, or -1 when it is not one. */
function wholeNumberAt(s: string, from: number, to: number): number {
  if (from >= to) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const digit = s.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

/**
 * The attributes of a start tag read in place from `s` between `from` and `to` — the row's
 * and every cell's, so no map and no slice per attribute. Only one-letter names are wanted
 * (`r`, `t`, `s`); `onName` gets each with where its value lies.
 */
function readShortAttributes(
  s: string,
  from: number,
  to: number,
  onName: (name: number, valueFrom: number, valueTo: number) => void,
): void {
  let i = from;
  while (i < to) {
    while (i < to && s.charCodeAt(i) <= 32) i++;
    const nameStart = i;
    while (i < to && s.charCodeAt(i) !== 61 /* = */ && s.charCodeAt(i) > 32) i++;
    const nameEnd = i;
    let quote = s.charCodeAt(i);
    while (i < to && quote !== 34 /* " */ && quote !== 39 /* ' */) quote = s.charCodeAt(++i);
    if (i >= to) return;
    const end = s.indexOf(quote === 34 ? '"' : "'", i + 1);
    if (end === -1 || end > to) return;
    if (nameEnd - nameStart === 1) onName(s.charCodeAt(nameStart), i + 1, end);
    i = end + 1;
  }
}

/**
 * Reads a cell's start tag from just after its name: column (`r`), type (`t`) and style (`s`)
 * into `out`, in one pass that also finds the tag's end — the one tag read for every cell of
 * the sheet. Returns where its `>` is, or -1 when the tag does not end.
 */
function readCellTag(s: string, from: number, out: CellAttributes): number {
  out.column = 0;
  out.type = undefined;
  out.style = 0;
  let i = from;
  for (;;) {
    let code = s.charCodeAt(i);
    while (code <= 32) code = s.charCodeAt(++i);
    if (code === 62 /* > */) return i;
    if (Number.isNaN(code)) return -1;
    if (code === 47 /* / */) {
      i++;
      continue;
    }
    const nameStart = i;
    while (code !== 61 /* = */ && code > 32 && code !== 62 && code !== 47) code = s.charCodeAt(++i);
    const nameEnd = i;
    while (code <= 32) code = s.charCodeAt(++i);
    if (code !== 61) continue;
    code = s.charCodeAt(++i);
    while (code <= 32) code = s.charCodeAt(++i);
    if (code !== 34 /* " */ && code !== 39 /* ' */) continue;
    const end = s.indexOf(code === 34 ? '"' : "'", i + 1);
    if (end === -1) return -1;
    if (nameEnd - nameStart === 1) {
      const name = s.charCodeAt(nameStart);
      if (name === 114 /* r */) out.column = columnAt(s, i + 1, end);
      else if (name === 116 /* t */) out.type = cellTypeAt(s, i + 1, end);
      else if (name === 115 /* s */) out.style = Math.max(0, wholeNumberAt(s, i + 1, end));
    }
    i = end + 1;
  }
}

/** Which columns of a sheet's rows are read: true at a wanted column number; null reads every column. */
type WantedColumns = readonly boolean[] | null;

/**
 * Reads the rows in `s` (complete rows only), calling `onRow` for each. `last` carries the
 * previous row's number for rows without `r`. A cell of a column not `wanted` is passed
 * over: its end is found, nothing of it read.
 */
function readRowsIn(
  s: string,
  tags: Tags,
  shared: readonly CellContent[],
  dates: DateStyles,
  last: { row: number },
  wanted: () => WantedColumns,
  onRow: (number: number, values: CellContent[]) => void,
): void {
  const cell: CellAttributes = { column: 0, type: undefined, style: 0 };
  let rowNumber = 0;
  const onRowAttribute = (name: number, from: number, to: number) => {
    if (name === 114 /* r */) rowNumber = wholeNumberAt(s, from, to);
  };
  // The usual cell, `<c …><v>…</v></c>`, is read without a search past its tag: its value
  // follows the tag, and the cell ends right after the value.
  const vOpen = `${tags.v}>`;
  const vcEnd = tags.vEnd + tags.cEnd;
  let at = 0;
  for (;;) {
    const open = s.indexOf(tags.row, at);
    if (open === -1) return;
    if (!endsNameAt(s, open + tags.row.length)) {
      at = open + tags.row.length;
      continue;
    }
    const openEnd = s.indexOf('>', open);
    if (openEnd === -1) throw malformed('行标记未结束');
    const selfClosing = s.charCodeAt(openEnd - 1) === 47; /* / */
    rowNumber = 0;
    readShortAttributes(
      s,
      open + tags.row.length,
      selfClosing ? openEnd - 1 : openEnd,
      onRowAttribute,
    );
    const number = rowNumber > 0 ? rowNumber : last.row + 1;
    last.row = number;
    const values: CellContent[] = [];
    if (selfClosing) {
      onRow(number, values);
      at = openEnd + 1;
      continue;
    }
    const rowEnd = s.indexOf(tags.rowEnd, openEnd);
    if (rowEnd === -1) throw malformed('行未结束');
    const columns = wanted();
    let column = 0;
    let c = openEnd + 1;
    for (;;) {
      c = s.indexOf(tags.c, c);
      if (c === -1 || c >= rowEnd) break;
      if (!endsNameAt(s, c + tags.c.length)) {
        c += tags.c.length;
        continue;
      }
      const tagEnd = readCellTag(s, c + tags.c.length, cell);
      if (tagEnd === -1 || tagEnd > rowEnd) throw malformed('单元格标记未结束');
      column = cell.column || column + 1;
      if (s.charCodeAt(tagEnd - 1) === 47 /* / */) {
        c = tagEnd + 1;
        continue;
      }
      const read = columns === null || columns[column] === true;
      const type = cell.type;
      if (type !== 'inlineStr' && s.startsWith(vOpen, tagEnd + 1)) {
        const from = tagEnd + 1 + vOpen.length;
        const to = s.indexOf('<', from);
        if (to !== -1 && s.startsWith(vcEnd, to)) {
          c = to + vcEnd.length;
          if (!read) continue;
          if (type === 's') {
            // A shared string's index read where it stands: the commonest cell, no slice.
            const index = wholeNumberAt(s, from, to);
            if (index >= 0) {
              const value = shared[index] ?? null;
              if (value !== null) values[column] = value;
              continue;
            }
          }
          const value = cellValue(type, s.slice(from, to), cell.style, shared, dates);
          if (value !== null) values[column] = value;
          continue;
        }
      }
      const cellEnd = s.indexOf(tags.cEnd, tagEnd);
      if (cellEnd === -1 || cellEnd > rowEnd) throw malformed('单元格未结束');
      c = cellEnd + tags.cEnd.length;
      if (!read) continue;
      let text: string | null = null;
      if (type === 'inlineStr') {
        const is = s.indexOf(tags.is, tagEnd);
        if (is !== -1 && is < cellEnd) text = runsText(s, is, cellEnd, tags);
      } else {
        let v = s.indexOf(tags.v, tagEnd);
        while (v !== -1 && v < cellEnd && !endsNameAt(s, v + tags.v.length))
          v = s.indexOf(tags.v, v + 1);
        if (v !== -1 && v < cellEnd) {
          const vOpenEnd = s.indexOf('>', v);
          if (s.charCodeAt(vOpenEnd - 1) !== 47 /* / */) {
            const vEnd = s.indexOf(tags.vEnd, vOpenEnd);
            if (vEnd === -1 || vEnd > cellEnd) throw malformed('值未结束');
            text = s.slice(vOpenEnd + 1, vEnd);
          }
        }
      }
      const value = cellValue(type, text, cell.style, shared, dates);
      if (value !== null) values[column] = value;
    }
    onRow(number, values);
    at = rowEnd + tags.rowEnd.length;
  }
}

/** Where a start tag's `r`, `t` and `s` values lie in the bytes (from < 0: absent). */
interface TagSpans {
  rFrom: number;
  rTo: number;
  tFrom: number;
  tTo: number;
  sFrom: number;
  sTo: number;
}

/** Whether byte `code` ends a tag's name: white space, `>` or `/`. */
const endsNameByte = (code: number) =>
  code === 32 || code === 62 || code === 47 || code === 10 || code === 13 || code === 9;

/**
 * Reads a start tag's attributes in `b` from just after its name, noting where `r`, `t` and
 * `s` lie, up to its `>` (returned). -1 when the tag is not plain `name="value"` pairs to a
 * `>` or `/>` within `b`: the caller reads that row the general way.
 */
function readTagSpans(b: Buffer, from: number, out: TagSpans): number {
  out.rFrom = -1;
  out.tFrom = -1;
  out.sFrom = -1;
  const n = b.length;
  let i = from;
  for (;;) {
    while (i < n && b[i]! <= 32) i++;
    if (i >= n) return -1;
    let code = b[i]!;
    if (code === 62 /* > */) return i;
    if (code === 47 /* / */) return i + 1 < n && b[i + 1] === 62 ? i + 1 : -1;
    const nameStart = i;
    while (i < n && (code = b[i]!) > 32 && code !== 61 /* = */ && code !== 62 && code !== 47) i++;
    const nameEnd = i;
    while (i < n && b[i]! <= 32) i++;
    if (i >= n || b[i] !== 61) return -1;
    i++;
    while (i < n && b[i]! <= 32) i++;
    if (i >= n) return -1;
    const quote = b[i]!;
    if (quote !== 34 /* " */ && quote !== 39 /* ' */) return -1;
    const valueFrom = ++i;
    while (i < n && b[i] !== quote) i++;
    if (i >= n) return -1;
    if (nameEnd - nameStart === 1) {
      const name = b[nameStart];
      if (name === 114 /* r */) {
        out.rFrom = valueFrom;
        out.rTo = i;
      } else if (name === 116 /* t */) {
        out.tFrom = valueFrom;
        out.tTo = i;
      } else if (name === 115 /* s */) {
        out.sFrom = valueFrom;
        out.sTo = i;
      }
    }
    i++;
  }
}

/** A non-negative whole number of at most 15 digits in `b` from `from` to `to` (exact in a double), or -1. */
function wholeNumberIn(b: Buffer, from: number, to: number): number {
  if (from >= to || to - from > 15) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const digit = b[i]! - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
}

/** Column number of a cell reference's letters in `b` (`AB12` → 28); 0 when it has none. */
function columnIn(b: Buffer, from: number, to: number): number {
  let col = 0;
  for (let i = from; i < to; i++) {
    const code = b[i]! & ~32;
    if (code < 65 || code > 90) break;
    col = col * 26 + (code - 64);
  }
  return col;
}

/** Whether the bytes at `i` are `</row>`, compared in place. */
const isRowEnd = (b: Buffer, i: number) =>
  b[i] === 60 &&
  b[i + 1] === 47 &&
  b[i + 2] === 114 &&
  b[i + 3] === 111 &&
  b[i + 4] === 119 &&
  b[i + 5] === 62;
const rowOpenBytes = Buffer.from('<row');
const rowEndBytes = Buffer.from('</row>');
const commentOpenBytes = Buffer.from('<!--');

/** What reading a piece's rows needs besides its bytes, as `readRowsIn` takes it. */
interface RowReading {
  readonly tags: Tags;
  readonly shared: readonly CellContent[];
  readonly dates: DateStyles;
  readonly last: { row: number };
  readonly wanted: () => WantedColumns;
  readonly onRow: (number: number, values: CellContent[]) => void;
}

/** `b` from `from` on, decoded, comments dropped, read by `readRowsIn`. */
function readRestAsText(b: Buffer, from: number, r: RowReading): void {
  const text = withoutComments(b.toString('utf8', from));
  readRowsIn(text, r.tags, r.shared, r.dates, r.last, r.wanted, r.onRow);
}

/**
 * Reads the row whose `<row` is at `open` if it has the common shape, handing it to `onRow`;
 * returns where its `</row>` ends, or -1 (nothing handed on) when it has another shape.
 */
function readPlainRow(b: Buffer, open: number, tag: TagSpans, r: RowReading): number {
  const n = b.length;
  const rowTagEnd = readTagSpans(b, open + 4, tag);
  if (rowTagEnd === -1) return -1;
  const given = tag.rFrom < 0 ? -1 : wholeNumberIn(b, tag.rFrom, tag.rTo);
  const number = given > 0 ? given : r.last.row + 1;
  if (b[rowTagEnd - 1] === 47 /* / */) {
    r.last.row = number;
    r.onRow(number, []);
    return rowTagEnd + 1;
  }
  const { shared, dates } = r;
  const columns = r.wanted();
  const values: CellContent[] = [];
  let column = 0;
  let i = rowTagEnd + 1;
  for (;;) {
    while (i < n && b[i]! <= 32) i++;
    if (i + 3 >= n || b[i] !== 60 /* < */) return -1;
    if (b[i + 1] === 47 /* / */) {
      if (!isRowEnd(b, i)) return -1;
      i += 6;
      break;
    }
    if (b[i + 1] !== 99 /* c */ || !endsNameByte(b[i + 2]!)) return -1;
    const cellTagEnd = readTagSpans(b, i + 2, tag);
    if (cellTagEnd === -1) return -1;
    column = (tag.rFrom < 0 ? 0 : columnIn(b, tag.rFrom, tag.rTo)) || column + 1;
    i = cellTagEnd + 1;
    if (b[cellTagEnd - 1] === 47 /* / */) continue;
    while (i < n && b[i]! <= 32) i++;
    if (i + 2 >= n || b[i] !== 60 || b[i + 1] !== 118 /* v */ || b[i + 2] !== 62) return -1;
    const from = i + 3;
    let to = from;
    while (to < n && b[to] !== 60) to++;
    if (to + 3 >= n || b[to + 1] !== 47 || b[to + 2] !== 118 || b[to + 3] !== 62) return -1;
    i = to + 4;
    while (i < n && b[i]! <= 32) i++;
    if (i + 3 >= n || b[i] !== 60 || b[i + 1] !== 47 || b[i + 2] !== 99 || b[i + 3] !== 62)
      return -1;
    i += 4;
    if (columns !== null && columns[column] !== true) continue;
    const { tFrom, tTo } = tag;
    const oneLetterType = tFrom >= 0 && tTo - tFrom === 1 ? b[tFrom] : -1;
    if (oneLetterType === 115 /* s */) {
      const index = wholeNumberIn(b, from, to);
      if (index >= 0) {
        const value = shared[index] ?? null;
        if (value !== null) values[column] = value;
        continue;
      }
    }
    const style = tag.sFrom < 0 ? 0 : Math.max(0, wholeNumberIn(b, tag.sFrom, tag.sTo));
    if (tFrom < 0 || oneLetterType === 110 /* n */) {
      // A whole number read from its digits (the usual value); anything else through Number().
      const negative = b[from] === 45; /* - */
      const whole = wholeNumberIn(b, negative ? from + 1 : from, to);
      if (whole >= 0) {
        const value = negative ? -whole : whole;
        values[column] =
          dates.isDate[style] === true ? serialToIsoDate(value, dates.date1904) : value;
        continue;
      }
    }
    const type = tFrom < 0 ? undefined : b.toString('utf8', tFrom, tTo);
    const value = cellValue(type, b.toString('utf8', from, to), style, shared, dates);
    if (value !== null) values[column] = value;
  }
  r.last.row = number;
  r.onRow(number, values);
  return i;
}

const isRowStart = (b: Buffer, i: number) =>
  b[i] === 60 && b[i + 1] === 114 && b[i + 2] === 111 && b[i + 3] === 119;

/**
 * `readRowsIn` over a piece's bytes (of a part without a namespace prefix), without decoding
 * them: rows of the common shape, `<row …><c …><v>…</v></c>…</row>` with white space between
 * elements, back to back, are read byte by byte in one loop — no search call per cell or row,
 * a shared string's index and a whole number read from their digits, only other values
 * decoded. A row of another shape (inline strings, formulas, unusual tags) is decoded and
 * read by `readRowsIn`; anything between rows (a comment, the end of the sheet's data) hands
 * the rest of the piece to it, comments dropped — so both read the same. Why: on the bench's
 * 100,000-row sheet the text scan made five or six calls into the engine's string search
 * per cell, and those calls, not the bytes, took most of its time.
 */
function readRowsInBytes(b: Buffer, r: RowReading): void {
  const n = b.length;
  const tag: TagSpans = { rFrom: -1, rTo: 0, tFrom: -1, tTo: 0, sFrom: -1, sTo: 0 };
  let open = b.indexOf(rowOpenBytes);
  if (open === -1) return readRestAsText(b, 0, r);
  if (b.subarray(0, open).indexOf(commentOpenBytes) !== -1) return readRestAsText(b, 0, r);
  for (;;) {
    if (open + 4 >= n || !endsNameByte(b[open + 4]!)) return readRestAsText(b, open, r);
    let i = readPlainRow(b, open, tag, r);
    if (i === -1) {
      const rowEnd = b.indexOf(rowEndBytes, open);
      if (rowEnd === -1) return readRestAsText(b, open, r);
      i = rowEnd + rowEndBytes.length;
      // Without a comment in it, the row ends at its first `</row>`; with one, the rest is read as text.
      const text = b.toString('utf8', open, i);
      if (text.includes('<!--')) return readRestAsText(b, open, r);
      readRowsIn(text, r.tags, r.shared, r.dates, r.last, r.wanted, r.onRow);
    }
    while (i < n && b[i]! <= 32) i++;
    if (i >= n) return;
    if (!isRowStart(b, i)) return readRestAsText(b, i, r);
    open = i;
  }
}

/**
 * Streams one part's XML as text a piece at a time: each piece ends just after the last
 * `endTag` (`</row>`, `</si>`) seen so far, so no element is cut in two; the rest waits for the
 * next chunk. Comments are dropped. Counts the bytes against the budget.
 */
async function* xmlPieces(
  file: string,
  entry: ZipEntry,
  endTagOf: (tags: Tags) => string,
  budget: { left: number; limit: number },
): AsyncGenerator<{ text: string; tags: Tags }> {
  const decoder = new StringDecoder('utf8');
  let pending = '';
  let tags: Tags | undefined;
  let endTag = '';
  for await (const chunk of entryBytes(file, entry)) {
    budget.left -= chunk.length;
    if (budget.left < 0) throw tooLarge(budget.limit);
    pending += decoder.write(chunk);
    if (tags === undefined) {
      const prefix = rootPrefix(pending);
      if (prefix === undefined) continue;
      tags = tagsOf(prefix);
      endTag = endTagOf(tags);
    }
    const cut = pending.lastIndexOf(endTag);
    if (cut === -1) {
      if (pending.length > maxPendingChars) throw malformed('单个元素过大');
      continue;
    }
    const text = pending.slice(0, cut + endTag.length);
    pending = pending.slice(cut + endTag.length);
    yield { text: withoutComments(text), tags };
  }
  pending += decoder.end();
  if (pending !== '') yield { text: withoutComments(pending), tags: tags ?? tagsOf('') };
}

/**
 * A sheet's XML as bytes a piece at a time, with the tag names of the prefix its root element
 * uses. The pieces of one yield, read in turn, hold complete rows: the carried-over start of a
 * row joined to the inflated chunk's bytes up to its first `</row>`, then the chunk up to its
 * last one, in place (copying each chunk whole onto the carried bytes cost ~25 ms a run on
 * the bench's 46 MB sheet). Cut at ASCII bytes, so no character is cut either. Counts the
 * bytes against the budget.
 */
async function* sheetPieces(
  file: string,
  entry: ZipEntry,
  budget: { left: number; limit: number },
): AsyncGenerator<{ pieces: Buffer[]; tags: Tags }> {
  let carried: Buffer = Buffer.alloc(0);
  let tags: Tags | undefined;
  let endTag: Buffer = rowEndBytes;
  for await (const chunk of entryBytes(file, entry)) {
    budget.left -= chunk.length;
    if (budget.left < 0) throw tooLarge(budget.limit);
    let body: Buffer = chunk;
    if (tags === undefined) {
      carried = carried.length === 0 ? chunk : Buffer.concat([carried, chunk]);
      const prefix = rootPrefix(carried.toString('utf8'));
      if (prefix === undefined) continue;
      tags = tagsOf(prefix);
      endTag = Buffer.from(tags.rowEnd);
      body = carried;
      carried = Buffer.alloc(0);
    }
    const pieces: Buffer[] = [];
    if (carried.length > 0) {
      const first = body.indexOf(endTag);
      if (first === -1) {
        carried = Buffer.concat([carried, body]);
        if (carried.length > maxPendingChars) throw malformed('单个元素过大');
        continue;
      }
      pieces.push(Buffer.concat([carried, body.subarray(0, first + endTag.length)]));
      body = body.subarray(first + endTag.length);
    }
    const cut = body.lastIndexOf(endTag);
    if (cut === -1) {
      carried = body;
      if (carried.length > maxPendingChars) throw malformed('单个元素过大');
    } else {
      pieces.push(body.subarray(0, cut + endTag.length));
      carried = body.subarray(cut + endTag.length);
    }
    if (pieces.length > 0) yield { pieces, tags };
  }
  if (carried.length > 0) yield { pieces: [carried], tags: tags ?? tagsOf('') };
}

const withoutComments = (text: string) =>
  text.includes('<!--') ? text.replace(/<!--[\s\S]*?-->/g, '') : text;

async function readWhole(file: string, entry: ZipEntry, budget: { left: number; limit: number }) {
  const decoder = new StringDecoder('utf8');
  let text = '';
  for await (const chunk of entryBytes(file, entry)) {
    budget.left -= chunk.length;
    if (budget.left < 0) throw tooLarge(budget.limit);
    text += decoder.write(chunk);
  }
  return text + decoder.end();
}

/** Shared strings in order, each the text of its runs (phonetic guides left out), trimmed as cells are. */
async function readSharedStrings(
  file: string,
  entry: ZipEntry,
  budget: { left: number; limit: number },
) {
  const strings: CellContent[] = [];
  for await (const { text: s, tags } of xmlPieces(file, entry, (t) => t.siEnd, budget)) {
    let at = 0;
    for (;;) {
      const si = s.indexOf(tags.si, at);
      if (si === -1) break;
      if (!endsNameAt(s, si + tags.si.length)) {
        at = si + tags.si.length;
        continue;
      }
      const openEnd = s.indexOf('>', si);
      if (s[openEnd - 1] === '/') {
        strings.push(null);
        at = openEnd + 1;
        continue;
      }
      const end = s.indexOf(tags.siEnd, openEnd);
      if (end === -1) throw malformed('共享字符串未结束');
      strings.push(trimmed(runsText(s, openEnd + 1, end, tags)));
      at = end + tags.siEnd.length;
    }
  }
  return strings;
}

/** Resolves a relationship's target against the folder of the part that holds it (`xl/`). */
function partPath(target: string, folder: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : folder + target).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return out.join('/');
}

/**
 * The rows of every worksheet of the .xlsx at `path`, in the workbook's sheet order (hidden
 * sheets too), each with the sheet's name. Every row element is given, an empty one too;
 * within a row only cells with content are set. Shared strings, inline strings (rich text
 * joined), numbers, booleans ('true'/'false'), error values ('#N/A'), dates (numbers in a
 * date format, and `t="d"` cells, as YYYY-MM-DD) and formulas (by their cached value; none
 * when the file holds none) are read; text is trimmed and an empty text is no content.
 * Rows come in batches, each the complete rows of one piece of a sheet's XML (a few
 * thousand), so that a reader of 100,000 rows does not wait on 100,000 promises.
 */
export async function* readWorkbookRowBatches(
  path: string,
  options: WorkbookRowsOptions = {},
): AsyncGenerator<WorkbookRow[]> {
  const limit = options.maxUnpackedBytes ?? 1024 ** 3;
  const budget = { left: limit, limit };
  let entries: Map<string, ZipEntry>;
  try {
    const directory = await unzipper.Open.file(path);
    entries = new Map(directory.files.map((f) => [f.path.replace(/^\//, ''), f]));
  } catch (error) {
    throw new DomainError(
      'UNREADABLE_DOCUMENT',
      '无法读取该 Excel 文件（须为 .xlsx）',
      'cannot read this Excel file (it must be .xlsx)',
      { cause: error },
    );
  }
  const workbookEntry = entries.get('xl/workbook.xml');
  if (!workbookEntry) throw malformed('缺少 xl/workbook.xml');
  const workbookXml = await readWhole(path, workbookEntry, budget);
  const relsEntry = entries.get('xl/_rels/workbook.xml.rels');
  const relations = new Map<string, { type: string; target: string }>();
  if (relsEntry)
    for (const m of (await readWhole(path, relsEntry, budget)).matchAll(
      /<(?:\w+:)?Relationship\b([^>]*)>/g,
    )) {
      const a = readAttributes(m[1]!.replace(/\/$/, ''));
      relations.set(a.get('Id') ?? '', {
        type: a.get('Type') ?? '',
        target: partPath(decodeXmlText(a.get('Target') ?? ''), 'xl/'),
      });
    }
  const targetOfType = (suffix: string, fallback: string) =>
    [...relations.values()].find((r) => r.type.endsWith(suffix))?.target ?? fallback;

  const stylesEntry = entries.get(targetOfType('/styles', 'xl/styles.xml'));
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904=["'](1|true)["']/.test(workbookXml);
  const dates = readDateStyles(
    stylesEntry ? await readWhole(path, stylesEntry, budget) : null,
    date1904,
  );
  const sharedEntry = entries.get(targetOfType('/sharedStrings', 'xl/sharedStrings.xml'));
  const shared = sharedEntry ? await readSharedStrings(path, sharedEntry, budget) : [];

  const sheets: { name: string; path: string }[] = [];
  let sheetIndex = 0;
  for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
    sheetIndex++;
    const a = readAttributes(m[1]!.replace(/\/$/, ''));
    const relationId = [...a].find(([name]) => /(^|:)id$/.test(name) && name !== 'sheetId')?.[1];
    const relation = relationId === undefined ? undefined : relations.get(relationId);
    const target = relation?.target ?? `xl/worksheets/sheet${sheetIndex}.xml`;
    // Chart sheets and dialog sheets hold no cells.
    if (relation && !relation.type.endsWith('/worksheet')) continue;
    sheets.push({ name: decodeXmlText(a.get('name') ?? `Sheet${sheetIndex}`), path: target });
  }

  const sheetBytes = sheets.reduce(
    (sum, s) => sum + (entries.get(s.path)?.uncompressedSize ?? 0),
    0,
  );
  const leftBeforeSheets = budget.left;
  for (const sheet of sheets) {
    const entry = entries.get(sheet.path);
    if (!entry) continue;
    const last = { row: 0 };
    let seenFirst = false;
    let wanted: WantedColumns = null;
    const wantedNow = () => wanted;
    for await (const { pieces, tags } of sheetPieces(path, entry, budget)) {
      const rows: WorkbookRow[] = [];
      const onRow = (number: number, values: CellContent[]) => {
        const row = { sheet: sheet.name, number, values };
        rows.push(row);
        if (seenFirst) return;
        seenFirst = true;
        const columns = options.columnsAfterFirstRow?.(sheet.name, row) ?? null;
        if (columns === null) return;
        const flags: boolean[] = [];
        for (const column of columns) flags[column] = true;
        wanted = flags;
      };
      const reading: RowReading = { tags, shared, dates, last, wanted: wantedNow, onRow };
      for (const bytes of pieces)
        // A part whose elements carry a prefix is decoded and read as text.
        if (tags.row === '<row') readRowsInBytes(bytes, reading);
        else readRestAsText(bytes, 0, reading);
      if (sheetBytes > 0)
        options.onShareRead?.(Math.min(1, (leftBeforeSheets - budget.left) / sheetBytes));
      if (rows.length > 0) yield rows;
    }
  }
}

/** `readWorkbookRowBatches`' rows one at a time. */
export async function* readWorkbookRows(
  path: string,
  options: WorkbookRowsOptions = {},
): AsyncGenerator<WorkbookRow> {
  for await (const rows of readWorkbookRowBatches(path, options)) yield* rows;
}
