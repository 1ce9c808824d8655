import { describe, expect, it } from 'vitest';
import type { CategoryView, IndicatorView, UnitView } from '../../src/contract/registry.ts';
import {
  ancestorKeysOf,
  buildCategoryTree,
  buildUnitTree,
  indicatorCodeOfKey,
  rootRegion,
  unitPath,
} from './registry-tree.ts';

const cat = (code: string, name: string, parentCode: string | null): CategoryView => ({
  id: code,
  code,
  name,
  nameEn: '',
  parentCode,
});
const ind = (code: string, name: string, categoryCodes: string[]): IndicatorView => ({
  id: code,
  code,
  name,
  nameEn: code.toLowerCase(),
  aliases: [],
  unit: '亿元',
  kind: 'statistic',
  measure: 'flow',
  direction: 'higher',
  cadence: 'month',
  decimals: 2,
  source: '',
  categoryCodes,
});
const unit = (
  code: string,
  name: string,
  parentId: string | null,
  kind: UnitView['kind'] = 'region',
): UnitView => ({
  id: code,
  code,
  name,
  nameEn: `${code} en`,
  kind,
  level: 'x',
  parentId,
  path: '',
  keywords: [],
});

const categories = [
  cat('ECO', '经济运行', null),
  cat('ECO.IND', '工业', 'ECO'),
  cat('ENV', '生态环境', null),
];
const indicators = [
  ind('IND_OUTPUT', '规模以上工业总产值', ['ECO.IND']),
  ind('GDP', '地区生产总值', ['ECO', 'ECO.IND']),
  ind('LOOSE', '未归类', []),
];

describe('buildCategoryTree', () => {
  it('nests runways under systems, puts an indicator under each of its categories and drops empty ones', () => {
    const t = buildCategoryTree(categories, indicators, {
      lang: 'zh',
      uncategorisedTitle: '未分类',
    });
    expect(t.map((n) => n.title)).toEqual(['经济运行', '未分类']);
    const eco = t[0]!;
    expect(eco.children!.map((n) => n.title)).toEqual(['工业', '地区生产总值']);
    expect(eco.children![0]!.children!.map((n) => n.title)).toEqual([
      '规模以上工业总产值',
      '地区生产总值',
    ]);
  });

  it('filters by name or code and keeps the categories above a match', () => {
    const t = buildCategoryTree(categories, indicators, {
      lang: 'en',
      search: 'ind_out',
      uncategorisedTitle: '-',
    });
    expect(t).toHaveLength(1);
    expect(t[0]!.children![0]!.children!.map((n) => n.title)).toEqual(['ind_output']);
  });

  it('reads the indicator code back from a leaf key and finds the categories to expand', () => {
    const t = buildCategoryTree(categories, indicators, {
      lang: 'zh',
      uncategorisedTitle: '未分类',
    });
    const leaf = t[0]!.children![1]!;
    expect(indicatorCodeOfKey(leaf.key)).toBe('GDP');
    expect(indicatorCodeOfKey('cat:ECO')).toBeNull();
    expect(ancestorKeysOf(t, 'GDP').sort()).toEqual(['cat:ECO', 'cat:ECO.IND']);
  });
});

describe('unit trees', () => {
  const units = [
    unit('500106', '沙坪坝区', null),
    unit('500106001', '小龙坎街道', '500106'),
    unit('500106101', '井口社区', '500106001'),
    unit('D01', '区发展改革委', '500106', 'department'),
  ];

  it('walks from the district down to a unit', () => {
    expect(unitPath(units, '500106101').map((u) => u.name)).toEqual([
      '沙坪坝区',
      '小龙坎街道',
      '井口社区',
    ]);
    expect(unitPath(units, 'nope')).toEqual([]);
  });

  it('puts regions and departments under their own headings', () => {
    const tree = buildUnitTree(units, {
      lang: 'en',
      regionsTitle: 'Regions',
      departmentsTitle: 'Departments',
    });
    expect(tree.map((n) => n.title)).toEqual(['Regions', 'Departments']);
    expect(tree[0]!.children![0]!.children![0]!.title).toBe('500106001 en');
    expect(tree[1]!.children!.map((n) => n.key)).toEqual(['unit:D01']);
  });

  it('takes the top region as the default unit', () => {
    expect(rootRegion(units)?.code).toBe('500106');
  });
});
