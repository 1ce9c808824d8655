/**
 * The project office's list (.xlsx) as it keeps it: a title row, a two-row header with
 * 投资（万元） merged over 总投资 / 年度计划投资 / 1—N月完成投资, a section row per kind,
 * money in 万元. What it writes, the importer reads back unchanged.
 */
import ExcelJS from 'exceljs';

export interface ProjectWorkbookRow {
  readonly code: string;
  readonly name: string;
  readonly content: string;
  readonly totalInvestmentWan: number | null;
  readonly planWan: number | null;
  readonly actualWan: number | null;
  readonly progressNote: string;
  readonly ownerName: string;
  readonly unitName: string;
  readonly townName: string;
  readonly leader: string;
  readonly levelLabel: string;
  readonly stageLabel: string;
  readonly startDate: string;
  readonly finishDate: string;
}

export interface ProjectWorkbook {
  /** 沙坪坝区2025年区级重点项目计划表. */
  readonly title: string;
  readonly year: number;
  /** The last month of the 1—N月完成投资 column. */
  readonly throughMonth: number;
  readonly sections: readonly {
    readonly label: string;
    readonly rows: readonly ProjectWorkbookRow[];
  }[];
}

const chineseOrdinals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** Renders the list; a print setup fits it to the width of a landscape page. */
export async function renderProjectWorkbook(view: ProjectWorkbook): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Lantu 蓝图';
  const sheet = workbook.addWorksheet('项目清单', {
    views: [{ state: 'frozen', ySplit: 3 }],
    pageSetup: {
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    },
  });
  const single: [string, number][] = [
    ['序号', 6],
    ['项目编码', 14],
    ['项目名称', 28],
    ['建设内容及规模', 36],
  ];
  const money = ['总投资', `${view.year}年计划投资`, `1—${view.throughMonth}月完成投资`];
  const after: [string, number][] = [
    ['形象进度', 30],
    ['业主单位', 20],
    ['责任单位', 16],
    ['所在镇街', 12],
    ['分管区领导', 10],
    ['项目级别', 10],
    ['项目阶段', 8],
    ['开工时间', 10],
    ['竣工时间', 10],
  ];
  const width = single.length + money.length + after.length;
  sheet.columns = [...single, ...money.map((m) => [m, 14] as [string, number]), ...after].map(
    ([, w]) => ({ width: w }),
  );
  sheet.getRow(1).getCell(1).value = view.title;
  sheet.mergeCells(1, 1, 1, width);
  sheet.getRow(1).font = { bold: true, size: 14 };
  sheet.getRow(1).alignment = { horizontal: 'center' };
  const put = (col: number, label: string, merge: 'down' | null) => {
    sheet.getRow(2).getCell(col).value = label;
    if (merge === 'down') sheet.mergeCells(2, col, 3, col);
  };
  single.forEach(([label], i) => put(i + 1, label, 'down'));
  const moneyFirst = single.length + 1;
  put(moneyFirst, '投资（万元）', null);
  sheet.mergeCells(2, moneyFirst, 2, moneyFirst + money.length - 1);
  money.forEach((label, i) => (sheet.getRow(3).getCell(moneyFirst + i).value = label));
  after.forEach(([label], i) => put(moneyFirst + money.length + i, label, 'down'));
  for (const r of [2, 3]) {
    sheet.getRow(r).font = { bold: true };
    sheet.getRow(r).alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  }
  let seq = 0;
  view.sections.forEach((section, s) => {
    const row = sheet.addRow([
      `${chineseOrdinals[s] ?? s + 1}、${section.label}（${section.rows.length}个）`,
    ]);
    sheet.mergeCells(row.number, 1, row.number, width);
    row.font = { bold: true };
    for (const p of section.rows)
      sheet.addRow([
        ++seq,
        p.code,
        p.name,
        p.content,
        p.totalInvestmentWan,
        p.planWan,
        p.actualWan,
        p.progressNote,
        p.ownerName,
        p.unitName,
        p.townName,
        p.leader,
        p.levelLabel,
        p.stageLabel,
        p.startDate,
        p.finishDate,
      ]);
  });
  for (let c = moneyFirst; c < moneyFirst + money.length; c++)
    sheet.getColumn(c).numFmt = '#,##0.00';
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
