import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { buildSheet, toExportFileName, writeXlsx, type ExportColumn } from './xlsx.ts';

interface Row {
  name: string;
  value: number | null;
}
const columns: ExportColumn<Row>[] = [
  { header: '单位', value: (r) => r.name },
  { header: '数值', value: (r) => r.value },
];

describe('buildSheet', () => {
  it('writes a header and one row per item, in column order', () => {
    const sheet = buildSheet(columns, [
      { name: '小龙坎街道', value: 1.2 },
      { name: '沙坪坝街道', value: null },
    ]);
    expect(sheet.header).toEqual(['单位', '数值']);
    expect(sheet.body).toEqual([
      ['小龙坎街道', 1.2],
      ['沙坪坝街道', null],
    ]);
  });

  it('leaves non-finite numbers empty and counts Chinese characters as two columns wide', () => {
    const sheet = buildSheet(columns, [{ name: '小龙坎街道', value: Number.NaN }]);
    expect(sheet.body[0]).toEqual(['小龙坎街道', null]);
    expect(sheet.widths[0]).toBe(12);
  });
});

describe('writeXlsx', () => {
  it('writes a workbook exceljs reads back with the same header and rows', async () => {
    const sheet = buildSheet(columns, [
      { name: '小龙坎街道', value: 1.2 },
      { name: '井口街道', value: 3 },
    ]);
    const bytes = await writeXlsx('分布', sheet);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes);
    const ws = wb.getWorksheet('分布')!;
    expect(ws.getRow(1).values).toEqual([undefined, '单位', '数值']);
    expect(ws.rowCount).toBe(3);
    expect(ws.getRow(3).getCell(1).value).toBe('井口街道');
  });
});

describe('toExportFileName', () => {
  it('replaces characters file systems reject and adds the date', () => {
    expect(toExportFileName('计划/目标: 2025', '2025-09-30')).toBe(
      '计划-目标- 2025-2025-09-30.xlsx',
    );
  });
});
