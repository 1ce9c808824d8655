import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ExtractedNode } from './extracted-plan.ts';
import { parsePlanStructure } from './structure.ts';
import { suggestLeadUnits } from './suggest-lead-units.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const seedPath = path.resolve(repoRoot, '../shared/corpus/00_shapingba_2025_plan.txt');
const hasSeed = existsSync(seedPath);
if (!hasSeed) console.warn(`skipping seed lead-unit tests: ${seedPath} is absent`);

interface UnitsFile {
  source: string;
  sourceNote: string;
  units: {
    code: string;
    name: string;
    nameEn: string;
    kind: 'region' | 'department';
    level: 'district' | 'town' | 'street' | 'department';
    parentCode: string | null;
    keywords: string[];
  }[];
}

const unitsFile = JSON.parse(
  readFileSync(path.join(repoRoot, 'examples/shapingba-2025/units.json'), 'utf8'),
) as UnitsFile;
const table = unitsFile.units
  .filter((u) => u.kind === 'department')
  .map((u) => ({ unitName: u.name, keywords: u.keywords }));

describe('suggestLeadUnits', () => {
  const small = [
    { unitName: '区生态环境局', keywords: ['空气质量', '空气质量优良天数', '污染'] },
    { unitName: '区交通局', keywords: ['轨道', '停车'] },
    { unitName: '区人力社保局', keywords: ['就业'] },
  ];

  it('ranks units by keyword occurrences and lists what matched', () => {
    expect(suggestLeadUnits('新增停车泊位,轨道7号线,停车难', small)).toEqual([
      { unitName: '区交通局', score: 3, matched: ['轨道', '停车'] },
    ]);
  });

  it('counts a keyword inside a longer matched keyword once', () => {
    expect(suggestLeadUnits('空气质量优良天数稳定在310天以上', small)).toEqual([
      { unitName: '区生态环境局', score: 1, matched: ['空气质量优良天数'] },
    ]);
  });

  it('returns at most max suggestions, and none when nothing matches', () => {
    const text = '就业 就业 停车 停车 污染 污染 污染';
    expect(suggestLeadUnits(text, small).map((s) => s.unitName)).toEqual([
      '区生态环境局',
      '区交通局',
      '区人力社保局',
    ]);
    expect(suggestLeadUnits(text, small, 1)).toHaveLength(1);
    expect(suggestLeadUnits(text, small, 0)).toEqual([]);
    expect(suggestLeadUnits('无关的文字', small)).toEqual([]);
  });

  it('suggests a co-unit only when the text speaks of it', () => {
    const text = '新增停车泊位,轨道7号线,停车难,就业';
    expect(suggestLeadUnits(text, small).map((s) => s.unitName)).toEqual(['区交通局']);
    expect(suggestLeadUnits(`${text},区人力社保局`, small).map((s) => s.unitName)).toEqual([
      '区交通局',
      '区人力社保局',
    ]);
    expect(suggestLeadUnits('停车 轨道 空气质量优良天数', small).map((s) => s.unitName)).toEqual([
      '区交通局',
      '区生态环境局',
    ]);
  });

  it('does not count a keyword inside a place name or a code word inside a figure', () => {
    const units = [
      { unitName: '区交通局', keywords: ['道路', '停车'] },
      { unitName: '区卫生健康委', keywords: ['医院'] },
      { unitName: '区大数据发展局', keywords: ['141'] },
    ];
    expect(
      suggestLeadUnits('提速西南医院下穿道等道路建设,新增1000个停车泊位', units).map(
        (s) => s.unitName,
      ),
    ).toEqual(['区交通局']);
    expect(suggestLeadUnits('全面完工续建的141个老旧小区', units)).toEqual([]);
    expect(suggestLeadUnits('完善“141”基层智治体系', units)[0]?.unitName).toBe('区大数据发展局');
  });

  it('matches regardless of width and case (NFKC)', () => {
    const units = [{ unitName: '区生态环境局', keywords: ['PM2.5'] }];
    expect(suggestLeadUnits('以ＰＭ２．５控制为主线', units)[0]?.score).toBe(1);
    expect(suggestLeadUnits('以pm2.5控制为主线', units)[0]?.score).toBe(1);
  });

  it('ignores blank keywords', () => {
    expect(suggestLeadUnits('任何文字', [{ unitName: '甲', keywords: ['', ' '] }])).toEqual([]);
  });
});

describe.skipIf(!hasSeed)('suggestLeadUnits on the seed report with the demo table', () => {
  const plan = parsePlanStructure(hasSeed ? readFileSync(seedPath, 'utf8') : '');
  const tasks = new Map<string, ExtractedNode>();
  const walk = (nodes: readonly ExtractedNode[]): void => {
    for (const node of nodes) {
      if (node.kind === 'task') tasks.set(node.label, node);
      walk(node.children);
    }
  };
  walk(plan.nodes);

  it.each([
    ['35', '区人力社保局'],
    ['29', '区生态环境局'],
    ['26', '区交通局'],
    ['32', '区大数据发展局'],
    ['5', '区经济信息委'],
    ['20', '区国资委'],
    ['21', '区教委'],
    ['27', '区住房城乡建委'],
    ['36', '区民政局'],
  ])('puts task %s under %s first', (label, unitName) => {
    const suggestions = suggestLeadUnits(tasks.get(label)!.text, table);
    expect(suggestions[0]?.unitName).toBe(unitName);
    expect(suggestions.length).toBeLessThanOrEqual(3);
  });

  it('suggests at least one unit for every numbered task', () => {
    expect(tasks.size).toBe(38);
    for (const task of tasks.values()) {
      expect(suggestLeadUnits(task.text, table).length, task.key).toBeGreaterThan(0);
    }
  });
});

describe('examples/shapingba-2025/units.json', () => {
  const { units } = unitsFile;
  const byCode = new Map(units.map((u) => [u.code, u]));

  it('records its source', () => {
    expect(unitsFile.source).toMatch(/^https:\/\//u);
    expect(unitsFile.sourceNote).toMatch(/统计用区划代码/u);
  });

  it('has unique codes and names, and every parent exists', () => {
    expect(byCode.size).toBe(units.length);
    expect(new Set(units.map((u) => u.name)).size).toBe(units.length);
    for (const unit of units) {
      if (unit.parentCode !== null) expect(byCode.has(unit.parentCode), unit.code).toBe(true);
    }
  });

  it('holds the district with its 21 streets and 5 towns', () => {
    expect(byCode.get('500106')).toMatchObject({
      name: '沙坪坝区',
      kind: 'region',
      level: 'district',
      parentCode: null,
    });
    const children = units.filter((u) => u.kind === 'region' && u.parentCode === '500106');
    expect(children.filter((u) => u.level === 'street')).toHaveLength(21);
    expect(children.filter((u) => u.level === 'town')).toHaveLength(5);
    for (const unit of children) {
      expect(unit.code).toMatch(/^500106\d{3}$/u);
      expect(unit.name.endsWith(unit.level === 'street' ? '街道' : '镇')).toBe(true);
    }
  });

  it('holds the 24 task-owning departments under the district, each with keywords', () => {
    const departments = units.filter((u) => u.kind === 'department');
    expect(departments.map((u) => u.name)).toEqual([
      '区发展改革委',
      '区统计局',
      '区经济信息委',
      '区商务委',
      '区住房城乡建委',
      '区生态环境局',
      '区人力社保局',
      '区科技局',
      '区财政局',
      '区教委',
      '区卫生健康委',
      '区交通局',
      '区城市管理局',
      '区规划自然资源局',
      '区农业农村委',
      '区文化旅游委',
      '区民政局',
      '区应急局',
      '区大数据发展局',
      '区国资委',
      '区市场监管局',
      '区公安分局',
      '区水利局',
      '区投资促进中心',
    ]);
    for (const unit of departments) {
      expect(unit).toMatchObject({ level: 'department', parentCode: '500106' });
      expect(unit.keywords.length, unit.name).toBeGreaterThanOrEqual(5);
      expect(unit.nameEn.length).toBeGreaterThan(0);
    }
  });

  it.each([
    ['区人力社保局', ['就业', '社保', '参保', '欠薪', '零工']],
    ['区生态环境局', ['空气质量', 'PM2.5', '污染', '排污', '水质', '土壤']],
    ['区交通局', ['轨道', '道路', '停车', '隧道']],
  ])('gives %s the keywords %j', (name, keywords) => {
    expect(units.find((u) => u.name === name)?.keywords).toEqual(expect.arrayContaining(keywords));
  });
});
