import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { renderGanttWorkbook, type GanttRow } from './gantt-workbook.ts';

const project = (startDate: string, finishDate: string): GanttRow => ({
  code: 'P1',
  name: '甲项目',
  unit: { name: '区住房城乡建委' },
  startDate,
  finishDate,
  light: 'green',
  milestones: [],
});

const monthColumns = async (rows: readonly GanttRow[], today: string) => {
  const workbook = new ExcelJS.Workbook();
  const content = await renderGanttWorkbook({ title: '甘特图', today, rows });
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  const header = workbook.getWorksheet('甘特图')?.getRow(2);
  const values = (header?.values ?? []) as unknown[];
  // The six fixed columns (编码 … 节点灯) come first.
  return values.slice(7).map(String);
};

describe('the Gantt workbook', () => {
  it('has a column for every month from the first date to the last, across the new year', async () => {
    expect(await monthColumns([project('2024-11-15', '2025-02-10')], '2025-01-05')).toEqual([
      '2024.11',
      '2024.12',
      '2025.01',
      '2025.02',
    ]);
  });

  it("always includes today's month, even past every project's finish", async () => {
    expect(await monthColumns([project('2025-01-02', '2025-01-20')], '2025-03-01')).toEqual([
      '2025.01',
      '2025.02',
      '2025.03',
    ]);
  });
});
