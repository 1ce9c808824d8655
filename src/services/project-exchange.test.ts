import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine, type TestDatabase } from '../store/test-database.ts';
import { createFixedClock, systemActor, type Actor } from './ports.ts';
import type { ProjectService } from './project-service.ts';
import { createProjectFixture, type ProjectFixture } from './project-test-fixture.ts';

type Cell = string | number | null;

/**
 * The office's list as a project office writes it in Excel: a title merged across, a
 * two-row header with 投资（万元） merged over three columns and the rest merged down,
 * a section row per kind, blank rows between sections.
 */
async function writeOfficeList(sections: { title: string; rows: Cell[][] }[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('2025年');
  const header = [
    '序号',
    '项目名称',
    '建设内容及规模',
    '总投资',
    '2025年计划投资',
    '1—9月完成投资',
    '形象进度',
    '业主单位',
    '责任单位',
    '开工时间',
    '竣工时间',
  ];
  sheet.getCell(1, 1).value = '沙坪坝区2025年区级重点项目推进情况表';
  sheet.mergeCells(1, 1, 1, header.length);
  header.forEach((label, i) => {
    const col = i + 1;
    if (col >= 4 && col <= 6) sheet.getCell(3, col).value = label;
    else {
      sheet.getCell(2, col).value = label;
      sheet.mergeCells(2, col, 3, col);
    }
  });
  sheet.getCell(2, 4).value = '投资（万元）';
  sheet.mergeCells(2, 4, 2, 6);
  let r = 4;
  for (const section of sections) {
    sheet.getCell(r, 1).value = section.title;
    sheet.mergeCells(r, 1, r, header.length);
    r += 1;
    for (const row of section.rows) {
      row.forEach((value, i) => (sheet.getCell(r, i + 1).value = value));
      r += 1;
    }
    r += 1; // a blank row between sections
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const road: Cell[] = [
  '１',
  '井口片区道路工程',
  '新建道路3.2公里',
  '１２０，０００',
  30000,
  '2.1亿元',
  '路基完成60%',
  '区城投公司',
  '区住房城乡建委',
  '2024.03',
  '2026年12月',
];
const park: Cell[] = [
  2,
  '智能终端产业园',
  '厂房20万平方米',
  500000,
  80000,
  65000,
  '主体封顶',
  '某科技公司',
  '区经济信息委',
  '2025-02-15',
  '2027.06',
];
const list = (roadRow = road, parkRow = park) => [
  { title: '一、基础设施项目（1个）', rows: [roadRow] },
  { title: '二、产业项目（1个）', rows: [parkRow] },
];

describe(`the office's project list in and out, on ${testEngine}`, () => {
  let database: TestDatabase;
  let projects: ProjectService;
  let actor: ProjectFixture['actor'];
  const importList = async (content: Buffer, dryRun: boolean, who: Actor = systemActor) =>
    projects.importProjects({ fileName: '项目清单.xlsx', content, year: 2025, dryRun }, who);
  const count = async () =>
    Number(
      (
        await database.db
          .selectFrom('project')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    ({ database, projects, actor } = await createProjectFixture({
      clock: createFixedClock('2025-10-15T02:00:00.000Z'),
      idPrefix: 'x',
      districtName: '沙坪坝区',
      units: [
        ['HOUSING', '区住房城乡建委', 'department'],
        ['ECON', '区经济信息委', 'department'],
        ['JK', '井口街道', 'street'],
      ],
    }));
  });
  afterAll(() => database.dispose());

  it('shows what a first import adds without writing it, then writes all of it', async () => {
    const file = await writeOfficeList(list());
    const preview = await importList(file, true);
    expect(preview).toMatchObject({ year: 2025, dryRun: true, changed: [], unchanged: 0 });
    expect(preview.added.map((a) => [a.row, a.name])).toEqual([
      [5, '井口片区道路工程'],
      [8, '智能终端产业园'],
    ]);
    expect(await count()).toBe(0);

    await importList(file, false);
    const stored = await projects.listProjects();
    expect(
      stored.map((p) => [
        p.name,
        p.kind,
        p.unit.code,
        p.totalInvestmentYuan,
        p.startDate,
        p.finishDate,
      ]),
    ).toEqual([
      ['井口片区道路工程', 'infrastructure', 'HOUSING', 1.2e9, '2024-03', '2026-12'],
      ['智能终端产业园', 'industry', 'ECON', 5e9, '2025-02-15', '2027-06'],
    ]);
    // Started before the import's month (2025-10): under construction.
    expect(stored.map((p) => p.stage)).toEqual(['construction', 'construction']);
    const years = await database.db
      .selectFrom('project_year')
      .selectAll()
      .orderBy('plan_yuan')
      .execute();
    expect(years.map((y) => [y.plan_yuan, y.listed_actual_yuan, y.listed_through_month])).toEqual([
      [3e8, 2.1e8, 9],
      [8e8, 6.5e8, 9],
    ]);
  });

  it('shows a re-import as the fields it changes, before and after', async () => {
    const changedRoad = [...road];
    changedRoad[5] = '2.4亿元';
    changedRoad[6] = '路基完成80%';
    const result = await importList(await writeOfficeList(list(changedRoad)), true);
    expect(result.added).toEqual([]);
    expect(result.unchanged).toBe(1);
    expect(result.changed).toEqual([
      {
        row: 5,
        code: expect.any(String),
        name: '井口片区道路工程',
        changes: [
          { field: 'progressNote', before: '路基完成60%', after: '路基完成80%' },
          { field: 'listedActualYuan', before: 2.1e8, after: 2.4e8 },
        ],
      },
    ]);
  });

  it('rejects a list with bad cells as a whole, naming every one, and writes nothing', async () => {
    const badRoad = [...road];
    badRoad[4] = '三亿';
    badRoad[8] = '区不存在局';
    const badPark = [...park];
    badPark[9] = 2025.1;
    const before = await projects.listProjects();
    await expect(
      importList(await writeOfficeList(list(badRoad, badPark)), false),
    ).rejects.toMatchObject({
      code: 'IMPORT_REJECTED',
      details: {
        problems: [
          { row: 5, columnName: '2025年计划投资', value: '三亿' },
          { row: 5, columnName: '责任单位', value: '区不存在局' },
          { row: 8, columnName: '开工时间', value: 2025.1 },
        ],
      },
    });
    expect(await projects.listProjects()).toEqual(before);
  });

  it('refuses a reporter whose units do not hold a row’s project, and writes nothing', async () => {
    const reporter = actor(['reporter'], ['HOUSING']);
    const changedPark = [...park];
    changedPark[6] = '设备安装';
    await expect(
      importList(await writeOfficeList(list(road, changedPark)), false, reporter),
    ).rejects.toMatchObject({
      code: 'OUT_OF_SCOPE',
      details: { problems: [{ row: 8, columnName: '责任单位' }] },
    });
    expect(
      (
        await projects.getProject(
          (await projects.listProjects({ text: '智能终端' }))[0]?.code ?? '',
        )
      ).progressNote,
    ).toBe('主体封顶');
  });

  it('exports the list in the office layout, and reading it back changes nothing', async () => {
    const exported = await projects.exportProjects({
      year: 2025,
      throughMonth: 9,
      title: '沙坪坝区2025年区级重点项目清单',
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(exported as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect(sheet?.getCell(2, 5).value).toBe('投资（万元）');
    expect(sheet?.getCell(2, 7).value).toBe('投资（万元）');
    expect(sheet?.getCell(3, 5).value).toBe('总投资');
    // Sections follow the registry's order of kinds: 产业 first.
    expect(sheet?.getCell(4, 1).value).toBe('一、产业项目（1个）');
    expect(sheet?.getCell(5, 5).value).toBe(500000);
    expect(sheet?.getCell(6, 1).value).toBe('二、基础设施项目（1个）');
    const again = await importList(exported, true);
    expect(again).toMatchObject({ added: [], changed: [], unchanged: 2, missing: [] });
  });
});
