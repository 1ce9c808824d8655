import { describe, expect, it } from 'vitest';
import {
  parseDateCell,
  parseMoneyCell,
  parseProjectSheet,
  toHalfWidth,
  type SheetCell,
  type SheetGridRow,
} from './project-sheet.ts';

const grid = (rows: SheetCell[][], firstNumber = 1): SheetGridRow[] =>
  rows.map((cells, i) => ({ number: firstNumber + i, cells }));

const context = {
  unitsByName: new Map([
    ['区住房城乡建委', 'D-HOUSING'],
    ['区经济信息委', 'D-ECON'],
  ]),
  townsByName: new Map([['井口街道', 'T-JK']]),
  year: 2024,
};

// The office's layout: a title, a two-row header where 投资（万元） spans three columns
// and the other labels are merged down, a section row, a blank row, a total row.
const officeSheet: SheetCell[][] = [
  ['沙坪坝区2025年区级重点项目计划表', null, null, null, null, null, null, null, null, null],
  [
    '序号',
    '项目名称',
    '建设内容及规模',
    '投资（万元）',
    '投资（万元）',
    '投资（万元）',
    '业主单位',
    '责任单位',
    '开工时间',
    '竣工时间',
  ],
  [
    '序号',
    '项目名称',
    '建设内容及规模',
    '总投资',
    '2025年计划投资',
    '1—9月完成投资',
    '业主单位',
    '责任单位',
    '开工时间',
    '竣工时间',
  ],
  [
    '一、基础设施项目',
    '一、基础设施项目',
    '一、基础设施项目',
    null,
    null,
    null,
    null,
    null,
    null,
    null,
  ],
  [
    '１',
    '井口片区道路工程',
    '新建道路3.2公里',
    '１２０，０００',
    30000,
    '2.1亿元',
    '区城投公司',
    '区住房城乡建委',
    '2024.03',
    '2026年12月',
  ],
  [null, null, null, null, null, null, null, null, null, null],
  ['二、产业项目', '二、产业项目', null, null, null, null, null, null, null, null],
  [
    2,
    '智能终端产业园',
    '厂房20万平方米',
    500000,
    80000,
    65000,
    '某科技公司',
    '区经济信息委、井口街道',
    '2025-02-15',
    '2027-06',
  ],
  ['合计', null, null, 620000, 110000, 86000, null, null, null, null],
];

describe('toHalfWidth', () => {
  it('turns full-width digits and punctuation into ASCII and drops spaces', () => {
    expect(toHalfWidth('１２０，０００．５ 万元')).toBe('120,000.5万元');
  });
});

describe('parseMoneyCell', () => {
  it.each<[SheetCell, number, number | null]>([
    [30000, 1e4, 3e8],
    [1.5, 1e8, 1.5e8],
    ['１２０，０００', 1e4, 1.2e9],
    ['2.1亿元', 1e4, 2.1e8],
    ['8000万', 1e8, 8e7],
    ['500元', 1e4, 500],
    ['—', 1e4, null],
    [null, 1e4, null],
  ])('reads %s in a column of %s yuan as %s yuan', (cell, multiplier, expected) => {
    expect(parseMoneyCell(cell, multiplier)).toEqual({ ok: true, value: expected });
  });

  // An approximate, a bound, a range, a magnitude no money column uses, words after the amount.
  it.each<SheetCell>(['约3亿', 'abc', -5, '1200万元以上', '2—3亿元', '5千元', '1200万元（含）'])(
    'refuses %s',
    (cell) => {
      expect(parseMoneyCell(cell, 1e4).ok).toBe(false);
    },
  );
});

describe('parseDateCell', () => {
  it.each<[SheetCell, string | null]>([
    ['2024.03', '2024-03'],
    ['2026年12月', '2026-12'],
    ['2025-02-15', '2025-02-15'],
    ['２０２５／３／１５', '2025-03-15'],
    ['2025年3月15日', '2025-03-15'],
    [2025.3, '2025-03'],
    [null, null],
  ])('reads %s as %s', (cell, expected) => {
    expect(parseDateCell(cell)).toEqual({ ok: true, value: expected });
  });

  it.each<SheetCell>([2025.1, '2025年13月', '2025-02-30', '明年'])('refuses %s', (cell) => {
    expect(parseDateCell(cell).ok).toBe(false);
  });
});

describe('parseProjectSheet', () => {
  it('reads the office layout: merged header, 万元 and 亿元, full-width digits, sections, blank and total rows', () => {
    const sheet = parseProjectSheet(grid(officeSheet), context);
    expect(sheet.problems).toEqual([]);
    expect(sheet).toMatchObject({ year: 2025, level: 'district', throughMonth: 9 });
    expect(sheet.rows).toEqual([
      {
        row: 5,
        code: null,
        seq: '１',
        fields: {
          name: '井口片区道路工程',
          content: '新建道路3.2公里',
          kind: 'infrastructure',
          level: 'district',
          ownerName: '区城投公司',
          leader: '',
          totalInvestmentYuan: 1.2e9,
          startDate: '2024-03',
          finishDate: '2026-12',
          stage: null,
        },
        unitCode: 'D-HOUSING',
        townCode: null,
        annualPlanYuan: 3e8,
        ytdActualYuan: 2.1e8,
        progressNote: '',
      },
      expect.objectContaining({
        row: 8,
        fields: expect.objectContaining({
          name: '智能终端产业园',
          kind: 'industry',
          totalInvestmentYuan: 5e9,
        }),
        unitCode: 'D-ECON',
        annualPlanYuan: 8e8,
        ytdActualYuan: 6.5e8,
      }),
    ]);
  });

  it('lists every bad cell with its row and column, and keeps no half of the list', () => {
    const rows = officeSheet.map((r) => [...r]);
    (rows[4] as SheetCell[])[7] = '区不存在局';
    (rows[4] as SheetCell[])[9] = '2023年1月';
    (rows[7] as SheetCell[])[4] = '八亿';
    (rows[7] as SheetCell[])[8] = 2025.1;
    const sheet = parseProjectSheet(grid(rows), context);
    // The cells changed above are the 8th, 5th and 9th of their rows: columns H, E and I.
    expect(sheet.problems.map((p) => [p.row, p.column, p.columnName, p.value])).toEqual([
      [5, 'H', '责任单位', '区不存在局'],
      [8, 'E', '2025年计划投资', '八亿'],
      [8, 'I', '开工时间', 2025.1],
    ]);
    expect(sheet.problems.every((p) => p.reason !== '' && p.reasonEn !== '')).toBe(true);
  });

  it('refuses a finish before the start, a kind nobody named and a repeated name', () => {
    const sheet = parseProjectSheet(
      grid([
        ['序号', '项目名称', '责任单位', '开工时间', '竣工时间'],
        [1, '甲项目', '区经济信息委', '2025.06', '2025.05'],
        [2, '乙项目', '区经济信息委', null, null],
      ]),
      context,
    );
    expect(sheet.problems.map((p) => [p.row, p.columnName])).toEqual([
      [2, '类别'],
      [3, '类别'],
    ]);
    const withKind = parseProjectSheet(
      grid([
        ['序号', '项目名称', '项目类别', '责任单位', '开工时间', '竣工时间', '所在镇街'],
        [1, '甲项目', '产业', '区经济信息委', '2025.06', '2025.05', '井口街道'],
        [2, '甲项目', '民生', '区经济信息委', null, null, '无此街道'],
      ]),
      context,
    );
    expect(withKind.problems.map((p) => [p.row, p.columnName])).toEqual([
      [2, '竣工时间'],
      [3, '项目名称'],
      [3, '所在镇街'],
    ]);
    expect(withKind.year).toBe(2024);
  });

  it('says the header is missing when no row names 项目名称', () => {
    const sheet = parseProjectSheet(grid([['名称', '单位']]), context);
    expect(sheet.rows).toEqual([]);
    expect(sheet.problems).toHaveLength(1);
  });
});
