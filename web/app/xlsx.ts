/** Table exports: a table's columns and rows as a sheet, written to .xlsx with exceljs (loaded on first use). */

import { saveBlob } from './save-blob.ts';

/** A cell value an export writes. */
export type CellValue = string | number | null;

/** A column of an exported table: its header and how to read a row's cell. */
export interface ExportColumn<R> {
  readonly header: string;
  readonly value: (row: R) => CellValue | undefined;
  /** Width in characters; derived from the content when absent. */
  readonly width?: number;
}

/** A sheet ready to write: a header row and body rows of the same length. */
export interface SheetData {
  readonly header: string[];
  readonly body: CellValue[][];
  readonly widths: number[];
}

// CJK characters take two columns in Excel's width unit.
const displayWidth = (v: CellValue) =>
  [...String(v ?? '')].reduce((w, ch) => w + (/[\u2E80-\uFFFF]/.test(ch) ? 2 : 1), 0);

/** Builds a sheet from columns and rows; non-finite numbers become empty cells. */
export function buildSheet<R>(columns: readonly ExportColumn<R>[], rows: readonly R[]): SheetData {
  const header = columns.map((c) => c.header);
  const body = rows.map((row) =>
    columns.map((c) => {
      const v = c.value(row);
      if (v === undefined) return null;
      if (typeof v === 'number' && !Number.isFinite(v)) return null;
      return v;
    }),
  );
  const widths = columns.map(
    (c, i) =>
      c.width ??
      Math.min(
        60,
        Math.max(8, displayWidth(c.header), ...body.map((r) => displayWidth(r[i] ?? null))) + 2,
      ),
  );
  return { header, body, widths };
}

/**
 * A file name safe on every system, with the date and .xlsx.
 * @example toExportFileName('计划/目标', '2025-09-30') // '计划-目标-2025-09-30.xlsx'
 */
export function toExportFileName(base: string, date: string): string {
  const safe =
    base
      .replace(/[\\/:*?"<>|]+/g, '-')
      .replace(/\s+/g, ' ')
      .trim() || 'export';
  return `${safe}-${date}.xlsx`;
}

/** Writes a sheet to an .xlsx workbook and returns its bytes. */
export async function writeXlsx(sheetName: string, sheet: SheetData): Promise<ArrayBuffer> {
  const mod = await import('exceljs');
  // The browser build is a UMD bundle: its exports may sit on `default`.
  const Workbook =
    mod.Workbook ??
    (mod as unknown as { default: { Workbook: typeof mod.Workbook } }).default.Workbook;
  const workbook = new Workbook();
  workbook.creator = 'Lantu';
  const ws = workbook.addWorksheet(
    sheetName.replace(/[\\/*?:[\]]/g, ' ').slice(0, 31) || 'Sheet1',
    {
      views: [{ state: 'frozen', ySplit: 1 }],
    },
  );
  ws.addRow(sheet.header);
  ws.getRow(1).font = { bold: true };
  for (const row of sheet.body) ws.addRow(row);
  sheet.widths.forEach((w, i) => {
    ws.getColumn(i + 1).width = w;
  });
  return workbook.xlsx.writeBuffer();
}

/** Saves bytes as a file through a temporary link. */
export function saveFile(bytes: ArrayBuffer, fileName: string): void {
  const blob = new Blob([bytes], {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  saveBlob(blob, fileName);
}
