/**
 * The Gantt of a department's or a town's projects as a workbook: one row per project with a
 * month per column, the span from start to finish shaded, today's month ruled red and the
 * project's light beside it; a second sheet lists each node with baseline, plan, forecast,
 * actual and slip, so the sheet can be printed on landscape A4 and still be read.
 */
import ExcelJS from 'exceljs';
import { periodOf, periodRange } from '../core/period.ts';

/** A Gantt row as the report needs it (the service's GanttRow fits). */
export interface GanttRow {
  readonly code: string;
  readonly name: string;
  readonly unit: { readonly name: string };
  readonly startDate: string | null;
  readonly finishDate: string | null;
  readonly light: string;
  readonly milestones: readonly {
    readonly name: string;
    readonly plannedDate: string | null;
    readonly forecastDate: string | null;
    readonly actualDate: string | null;
    readonly baselineDate: string | null;
    readonly slipDays: number | null;
    readonly light: string;
  }[];
}

export interface GanttWorkbook {
  /** 区住房城乡建委重点项目甘特图. */
  readonly title: string;
  readonly today: string;
  readonly rows: readonly GanttRow[];
}

const lightFill: Readonly<Record<string, string>> = {
  red: 'FFE74C3C',
  yellow: 'FFF1C40F',
  green: 'FF2ECC71',
  done: 'FF3498DB',
  none: 'FFBFBFBF',
};
const lightLabel: Readonly<Record<string, string>> = {
  red: '红',
  yellow: '黄',
  green: '绿',
  done: '完成',
  none: '—',
};

const monthOf = (date: string) => date.slice(0, 7);

/** Months from the earliest date to the latest, `YYYY-MM`, today's month always included. */
function monthSpan(rows: readonly GanttRow[], today: string): string[] {
  const dates = [today];
  for (const r of rows) {
    if (r.startDate) dates.push(r.startDate);
    if (r.finishDate) dates.push(r.finishDate);
    for (const m of r.milestones)
      for (const d of [m.baselineDate, m.plannedDate, m.forecastDate, m.actualDate])
        if (d) dates.push(d);
  }
  dates.sort();
  const monthAt = (date: string) => periodOf('month', `${monthOf(date)}-01`);
  // At most twenty years of columns, from the first month on.
  return periodRange(monthAt(dates[0] ?? today), monthAt(dates[dates.length - 1] ?? today))
    .slice(0, 240)
    .map((p) => `${p.id.slice(0, 4)}-${p.id.slice(4)}`);
}

export async function renderGanttWorkbook(view: GanttWorkbook): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lantu 蓝图';
  const months = monthSpan(view.rows, view.today);
  const fixed: [string, number][] = [
    ['项目编码', 12],
    ['项目名称', 26],
    ['责任单位', 14],
    ['开工时间', 11],
    ['竣工时间', 11],
    ['节点灯', 6],
  ];
  const sheet = workbook.addWorksheet('甘特图', {
    views: [{ state: 'frozen', xSplit: 2, ySplit: 2 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  sheet.columns = [...fixed.map(([, w]) => ({ width: w })), ...months.map(() => ({ width: 5 }))];
  sheet.getRow(1).getCell(1).value = `${view.title}（截至${view.today}）`;
  sheet.mergeCells(1, 1, 1, fixed.length + months.length);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.getRow(1).alignment = { horizontal: 'center' };
  const header = sheet.getRow(2);
  fixed.forEach(([label], i) => (header.getCell(i + 1).value = label));
  months.forEach((m, i) => (header.getCell(fixed.length + i + 1).value = m.replace('-', '.')));
  header.font = { bold: true };
  header.alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  const todayCol = fixed.length + months.indexOf(monthOf(view.today)) + 1;
  const red = { style: 'medium' as const, color: { argb: 'FFE74C3C' } };
  view.rows.forEach((r, i) => {
    const row = sheet.getRow(3 + i);
    row.values = [
      r.code,
      r.name,
      r.unit.name,
      r.startDate ?? '',
      r.finishDate ?? '',
      lightLabel[r.light] ?? r.light,
    ];
    row.getCell(6).fill = {
      type: 'pattern',
      pattern: 'solid',
      fgColor: { argb: lightFill[r.light] ?? 'FFBFBFBF' },
    };
    if (r.startDate && r.finishDate) {
      const from = monthOf(r.startDate);
      const to = monthOf(r.finishDate);
      months.forEach((m, j) => {
        if (m >= from && m <= to)
          row.getCell(fixed.length + j + 1).fill = {
            type: 'pattern',
            pattern: 'solid',
            fgColor: { argb: 'FF9DC3E6' },
          };
      });
    }
    // Nodes sit in their month as a letter: 基 baseline, 计 plan, 实 actual.
    for (const m of r.milestones) {
      for (const [date, mark] of [
        [m.baselineDate, '基'],
        [m.actualDate ?? m.forecastDate ?? m.plannedDate, m.actualDate ? '实' : '计'],
      ] as const) {
        const at = date ? months.indexOf(monthOf(date)) : -1;
        if (at < 0) continue;
        const cell = row.getCell(fixed.length + at + 1);
        const text = typeof cell.value === 'string' ? cell.value : '';
        if (!text.includes(mark)) cell.value = text + mark;
      }
    }
    if (todayCol > fixed.length) row.getCell(todayCol).border = { left: red, right: red };
  });
  header.getCell(todayCol).border = { left: red, right: red, top: red };
  header.getCell(todayCol).font = { bold: true, color: { argb: 'FFE74C3C' } };

  const nodes = workbook.addWorksheet('节点', {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: {
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  nodes.columns = [
    { header: '项目编码', width: 12 },
    { header: '项目名称', width: 26 },
    { header: '节点', width: 10 },
    { header: '基准日期', width: 11 },
    { header: '计划日期', width: 11 },
    { header: '预计日期', width: 11 },
    { header: '实际日期', width: 11 },
    { header: '滞后天数', width: 9 },
    { header: '灯', width: 6 },
  ];
  nodes.getRow(1).font = { bold: true };
  for (const r of view.rows)
    for (const m of r.milestones) {
      const row = nodes.addRow([
        r.code,
        r.name,
        m.name,
        m.baselineDate ?? '',
        m.plannedDate ?? '',
        m.forecastDate ?? '',
        m.actualDate ?? '',
        m.slipDays ?? '',
        lightLabel[m.light] ?? m.light,
      ]);
      row.getCell(9).fill = {
        type: 'pattern',
        pattern: 'solid',
        fgColor: { argb: lightFill[m.light] ?? 'FFBFBFBF' },
      };
    }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
