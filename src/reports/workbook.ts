/**
 * Spreadsheets (.xlsx) of a plan and of extracted figures, for the office's
 * Excel habits. Renderers take plain view models; exceljs writes the file.
 */
import ExcelJS from 'exceljs';

export interface SheetColumn<Row> {
  readonly header: string;
  readonly width?: number;
  readonly value: (row: Row) => string | number | null;
}

export interface SheetSpec<Row> {
  readonly name: string;
  readonly columns: readonly SheetColumn<Row>[];
  readonly rows: readonly Row[];
}

/** A sheet of any row type, for a workbook that mixes them. */
export const defineSheet = <Row>(spec: SheetSpec<Row>) => spec as unknown as SheetSpec<unknown>;

/** One workbook with a sheet per spec: bold frozen header row, auto filter, column widths. */
export async function renderWorkbook(sheets: readonly SheetSpec<unknown>[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lantu 蓝图';
  for (const spec of sheets) {
    const sheet = workbook.addWorksheet(spec.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = spec.columns.map((c) => ({ header: c.header, width: c.width ?? 14 }));
    sheet.getRow(1).font = { bold: true };
    for (const row of spec.rows) sheet.addRow(spec.columns.map((c) => c.value(row)));
    if (spec.columns.length > 0)
      sheet.autoFilter = {
        from: { row: 1, column: 1 },
        to: { row: 1, column: spec.columns.length },
      };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
