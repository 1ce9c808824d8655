import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeBigramDice, inferMeasure, linkIndicator } from './link-indicator.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

interface RegistryFile {
  source: string;
  categories: { code: string; name: string; parentCode: string | null }[];
  indicators: {
    code: string;
    name: string;
    nameEn: string;
    aliases: string[];
    unit: string;
    kind: string;
    measure: string;
    direction: string;
    cadence: string;
    decimals: number;
    categoryCodes: string[];
    source: string;
  }[];
}

const registryFile = JSON.parse(
  readFileSync(path.join(repoRoot, 'examples/shapingba-2025/indicators.json'), 'utf8'),
) as RegistryFile;
const registry = registryFile.indicators.map((i) => ({
  id: i.code,
  name: i.name,
  aliases: i.aliases,
  unit: i.unit,
}));

describe('computeBigramDice', () => {
  it.each([
    ['空气质量优良天数', '空气质量优良天数', 1],
    ['空气质量优良天数', '优良天数', 0.6],
    ['GDP', 'gdp', 1],
    ['甲', '甲', 1],
    ['甲乙', '丙丁', 0],
    ['', '', 1],
  ])('scores %j against %j as %d', (a, b, expected) => {
    expect(computeBigramDice(a, b)).toBeCloseTo(expected, 10);
  });

  it('is symmetric and between 0 and 1', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (a, b) => {
        const score = computeBigramDice(a, b);
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        expect(computeBigramDice(b, a)).toBeCloseTo(score, 12);
      }),
      { seed: 42 },
    );
  });
});

describe('linkIndicator on the demo registry', () => {
  it.each([
    ['公共停车泊位', '个', 'exact', 'PUBLIC_PARKING_NEW'],
    ['空气质量优良天数', '天', 'exact', 'AIR_GOOD_DAYS'],
    ['城镇新增就业', '人', 'exact', 'URBAN_JOBS_NEW'],
    ['森林覆盖率', '%', 'exact', 'FOREST_COVERAGE'],
    ['耕地保有量', '亩', 'exact', 'FARMLAND'],
    ['四向国际班列', '列', 'exact', 'INTL_TRAINS'],
    ['整车进出口', '辆', 'exact', 'VEHICLE_IMPORT_EXPORT'],
    ['社会消费品零售总额', '元', 'exact', 'RETAIL'],
    ['社零总额', '元', 'alias', 'RETAIL'],
    ['规上工业增加值', '%', 'alias', 'IND_VA_GROWTH'],
    ['细颗粒物年均浓度', '微克/立方米', 'alias', 'PM25_ANNUAL'],
    ['公共停车位', '个', 'alias', 'PUBLIC_PARKING_NEW'],
    ['进出口总额', '元', 'exact', 'TRADE'],
    ['2025年空气质量优良天数', '天', 'exact', 'AIR_GOOD_DAYS'],
  ])('links %s (%s) by %s match to %s', (metric, unit, match, id) => {
    expect(linkIndicator(metric, unit, registry)).toEqual({
      match,
      indicatorId: id,
      score: 1,
      proposal: null,
    });
  });

  it.each([
    ['GDP', 'GDP_GROWTH'],
    ['地区生产总值', 'GDP_GROWTH'],
    ['社会消费品零售总额', 'RETAIL_GROWTH'],
    ['进出口总额', 'TRADE_GROWTH'],
  ])('links a growth figure of %s to its growth twin %s', (metric, id) => {
    expect(linkIndicator(metric, '%', registry).indicatorId).toBe(id);
  });

  it('offers a name whose unit does not fit only as a close match', () => {
    expect(linkIndicator('公共停车泊位', '%', registry)).toMatchObject({
      match: 'close',
      indicatorId: 'PUBLIC_PARKING_NEW',
    });
  });

  it('suggests a close match above the threshold and none below it', () => {
    const close = linkIndicator('新增公共停车泊位数', '个', registry);
    expect(close.match).toBe('close');
    expect(close.indicatorId).toBe('PUBLIC_PARKING_NEW');
    expect(close.score).toBeGreaterThanOrEqual(0.6);
    expect(close.score).toBeLessThan(1);
    expect(linkIndicator('新增公共停车泊位数', '个', registry, { threshold: 0.99 }).match).toBe(
      'none',
    );
  });

  it('skips close names whose unit does not fit', () => {
    expect(linkIndicator('空气质量优良天数比例', '个', registry).match).toBe('none');
  });

  it('proposes a new indicator with the unit and a measure inferred from the clause', () => {
    expect(linkIndicator('演艺小剧场', '个', registry, { clause: '建成演艺小剧场5个' })).toEqual({
      match: 'none',
      indicatorId: null,
      score: 0,
      proposal: { name: '演艺小剧场', unit: '个', measure: 'flow' },
    });
    expect(
      linkIndicator('生产性服务业贡献率', '%', registry, { clause: '贡献率达70%' }).proposal,
    ).toEqual({ name: '生产性服务业贡献率', unit: '%', measure: 'rate' });
    expect(linkIndicator('签约金额', '亿元', registry).proposal?.unit).toBe('元');
  });
});

describe('inferMeasure', () => {
  it.each([
    ['GDP全年增长6.5%', '%', 'growth'],
    ['细颗粒物年均浓度同比下降8.6%', '%', 'growth'],
    ['增幅达10%', '%', 'growth'],
    ['确保森林覆盖率稳定在30%以上', '%', 'rate'],
    ['按期办结率力争达100%', '%', 'rate'],
    ['占比提升6个百分点', '百分点', 'rate'],
    ['新增1000个公共停车泊位', '个', 'flow'],
    ['新建排水管网约30公里', '公里', 'flow'],
    ['完成城镇CD级危房整治2000户', '户', 'flow'],
    ['城镇新增就业3万人以上', '人', 'flow'],
    ['空气质量优良天数稳定在310天以上', '天', 'stock'],
    ['确保耕地保有量不低于5.29万亩', '亩', 'stock'],
    ['物联感知设备接入数量达到30万个', '个', 'stock'],
    ['保持100家', '家', 'stock'],
    ['总量1200亿元', '亿元', 'flow'],
  ])('reads "%s" (%s) as %s', (text, unit, measure) => {
    expect(inferMeasure(text, unit)).toBe(measure);
  });
});

describe('examples/shapingba-2025/indicators.json', () => {
  const { categories, indicators } = registryFile;
  const categoryCodes = new Set(categories.map((c) => c.code));

  it('records its sources', () => {
    expect(registryFile.source).toMatch(/monthly-indicators\.json/u);
    expect(indicators.every((i) => i.source.length > 0)).toBe(true);
  });

  it('has unique codes, names and aliases', () => {
    expect(new Set(indicators.map((i) => i.code)).size).toBe(indicators.length);
    expect(categoryCodes.size).toBe(categories.length);
    const names = indicators.flatMap((i) => [i.name, ...i.aliases]);
    expect(names.filter((n, at) => names.indexOf(n) !== at)).toEqual([]);
  });

  it('forms a category tree of at most three levels (system → runway → sub-runway)', () => {
    const byCode = new Map(categories.map((c) => [c.code, c]));
    for (const category of categories) {
      let depth = 1;
      for (let parent = category.parentCode; parent !== null; depth++) {
        const next = byCode.get(parent);
        expect(next, `${category.code} → ${parent}`).toBeDefined();
        parent = next!.parentCode;
      }
      expect(depth).toBeLessThanOrEqual(3);
    }
    expect(categories.filter((c) => c.parentCode === null).length).toBeGreaterThanOrEqual(4);
  });

  it('files every indicator under existing categories', () => {
    for (const indicator of indicators) {
      expect(indicator.categoryCodes.length, indicator.code).toBeGreaterThan(0);
      for (const code of indicator.categoryCodes) expect(categoryCodes.has(code), code).toBe(true);
    }
  });

  it('uses the vocabulary of DESIGN.md for kind, measure, direction and cadence', () => {
    for (const i of indicators) {
      expect(['kpi', 'vital', 'statistic']).toContain(i.kind);
      expect(['flow', 'stock', 'rate', 'growth']).toContain(i.measure);
      expect(['higher', 'lower']).toContain(i.direction);
      expect(['day', 'month', 'quarter', 'year']).toContain(i.cadence);
      expect(Number.isInteger(i.decimals) && i.decimals >= 0).toBe(true);
      if (i.measure === 'growth' || i.measure === 'rate') expect(i.unit, i.code).toBe('%');
    }
  });

  it.each([
    ['地区生产总值', '亿元', 'flow', 'quarter'],
    ['地区生产总值增速', '%', 'growth', 'quarter'],
    ['规模以上工业增加值增速', '%', 'growth', 'month'],
    ['规模以上工业总产值', '亿元', 'flow', 'month'],
    ['固定资产投资增速', '%', 'growth', 'month'],
    ['社会消费品零售总额', '亿元', 'flow', 'month'],
    ['社会消费品零售总额增速', '%', 'growth', 'month'],
    ['一般公共预算收入', '亿元', 'flow', 'month'],
    ['一般公共预算支出', '亿元', 'flow', 'month'],
    ['居民人均可支配收入', '元', 'flow', 'quarter'],
    ['进出口总额', '亿元', 'flow', 'month'],
    ['建筑业增加值', '亿元', 'flow', 'quarter'],
    ['规模以上服务业营业收入', '亿元', 'flow', 'month'],
    ['公共停车泊位', '个', 'flow', 'month'],
    ['空气质量优良天数', '天', 'stock', 'year'],
    ['城镇新增就业', '人', 'flow', 'month'],
    ['森林覆盖率', '%', 'rate', 'year'],
    ['耕地保有量', '亩', 'stock', 'year'],
    ['四向国际班列', '列', 'flow', 'month'],
    ['整车进出口', '辆', 'flow', 'month'],
  ])('registers %s in %s as a %s with cadence %s', (name, unit, measure, cadence) => {
    expect(indicators.find((i) => i.name === name)).toMatchObject({ unit, measure, cadence });
  });

  it('marks PM2.5 as lower is better', () => {
    expect(indicators.find((i) => i.name === 'PM2.5年均浓度')).toMatchObject({
      unit: '微克/立方米',
      direction: 'lower',
    });
  });
});
