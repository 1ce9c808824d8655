import { describe, expect, it } from 'vitest';
import { extractFigures, extractFiguresForEval } from './figures.ts';

const report = [
  '关于某区2024年国民经济和社会发展计划执行情况及2025年计划草案的报告',
  '各位代表:',
  '一、2024年国民经济和社会发展计划执行情况',
  '——经济保持向上向好态势。GDP全年增长6.5%,总量突破1200亿元;实际使用外资28.7亿元、增长399%。新增公共停车位1500个、超充站66个。细颗粒物年均浓度同比下降8.6%。压减企业法人19家。',
  '二、2025年实现国民经济和社会发展计划的重点工作',
  '1.聚焦产业引领。完善“1+3+2+X”发展体系,力争实现整车进出口8.5万辆以上。新增1000个公共停车泊位。集中力量谋划打造2—3条特色街巷。确保全年城镇新增就业3万人以上。空气质量优良天数稳定在310天以上。',
].join('\n');

const at = (numeral: string, from = 0) => {
  const offset = report.indexOf(numeral, from);
  return extractFigures(report).find((item) => item.offset === offset);
};

describe('extractFigures', () => {
  it('reads the achievements of the execution part', () => {
    expect(at('6.5%')).toMatchObject({
      kind: 'achievement',
      metric: 'GDP',
      value: 6.5,
      unit: '%',
      comparator: '=',
    });
    expect(at('1200')).toMatchObject({
      kind: 'achievement',
      metric: 'GDP总量',
      value: 1.2e11,
      unit: '元',
      comparator: '>',
    });
    expect(at('399')).toMatchObject({ metric: '实际使用外资', value: 399, unit: '%' });
    expect(at('1500')).toMatchObject({ metric: '公共停车位', value: 1500, unit: '个' });
    expect(at('8.6')).toMatchObject({ metric: '细颗粒物年均浓度', sign: -1 });
    expect(at('19')).toMatchObject({ metric: '企业法人', sign: -1, unit: '家' });
  });

  it('reads the targets of the plan part', () => {
    expect(at('8.5')).toMatchObject({
      kind: 'target',
      value: 85000,
      unit: '辆',
      comparator: '>=',
      isAspirational: true,
    });
    expect(at('1000')).toMatchObject({
      kind: 'target',
      metric: '公共停车泊位',
      value: 1000,
      unit: '个',
    });
    expect(at('3万')).toMatchObject({
      kind: 'target',
      metric: '城镇新增就业',
      value: 30000,
      comparator: '>=',
    });
    expect(at('310')).toMatchObject({
      kind: 'target',
      metric: '空气质量优良天数',
      value: 310,
      unit: '天',
    });
  });

  it('reads a range once, with its second offset', () => {
    const range = at('2—3');
    expect(range).toMatchObject({ value: 2, valueMax: 3, unit: '条', comparator: 'between' });
    expect(range?.offset2).toBe(report.indexOf('2—3') + 2);
    expect(extractFigures(report).filter((item) => item.offset === range?.offset2)).toHaveLength(0);
  });

  it('leaves out dates, names, list numbers and the title block', () => {
    const offsets = new Set(extractFigures(report).map((item) => item.offset));
    for (const [numeral, from] of [
      ['2024', 0],
      ['2025', 0],
      ['1.聚焦', 0],
      ['1+3', 0],
      ['3+2', 0],
    ] as const) {
      expect(offsets.has(report.indexOf(numeral, from))).toBe(false);
    }
  });

  it.each([
    ['一、2023年工作回顾\n全年接待游客4596万人次。', 'achievement'],
    ['一、2023年工作回顾\n略。\n二、2024年主要预期目标\n接待游客5000万人次。', 'target'],
  ])('decides the kind from the part: %s', (text, kind) => {
    expect(extractFigures(text).at(-1)?.kind).toBe(kind);
  });

  it('turns to targets inside a part headed review and plan', () => {
    const text =
      '二、“十三五”时期发展成就和“十四五”时期主要目标任务\n城镇新增就业超过6000万人。“十四五”时期要加快发展。森林覆盖率达到24.1%。';
    const kinds = extractFigures(text).map((item) => item.kind);
    expect(kinds).toEqual(['achievement', 'target']);
  });

  it('uses clause cues when the document has no headings', () => {
    expect(extractFigures('力争全年接待游客5000万人次。')[0]?.kind).toBe('target');
    expect(extractFigures('去年接待游客4596万人次、增长6.5%。')[0]?.kind).toBe('achievement');
  });

  it('leaves out what a commentator works out would suffice', () => {
    const text =
      '二、2025年目标\nGDP增长6.5%左右。今后三年GDP年均增长6.3%以上就可以,收入年均增长4.7%即可。';
    expect(extractFigures(text, { planYear: 2025 }).map((i) => i.value)).toEqual([6.5]);
  });

  it('takes the planYear option over the inferred one', () => {
    const text = '一、2025年工作\n接待游客5000万人次。';
    expect(extractFigures(text, { planYear: 2025 })[0]?.kind).toBe('target');
    expect(extractFigures(text, { planYear: 2026 })[0]?.kind).toBe('achievement');
  });

  it('distributes a listed metric over figures given 分别', () => {
    const text = '一、2024年执行情况\n批发业商销额、网络零售额分别增长15%、27.9%。';
    expect(extractFigures(text).map((item) => item.metric)).toEqual(['批发业商销额', '网络零售额']);
  });

  it('does not join a figure split across a line break', () => {
    const text = '一、2024年执行情况\n项目12\n3个。';
    const items = extractFigures(text);
    expect(items.map((item) => item.numeral)).toEqual(['3']);
    expect(items[0]?.value).toBe(3);
  });

  it('reads full-width digits with offsets into the original text', () => {
    const text = '一、2024年执行情况\nGDP增长６．５％。';
    const [item] = extractFigures(text);
    expect(item).toMatchObject({ numeral: '６．５', value: 6.5, unit: '%' });
    expect(text.slice(item!.offset, item!.offset + 3)).toBe('６．５');
  });

  it('reads traditional characters', () => {
    const [item] = extractFigures('一、2024年執行情況\n總量突破1200億元。');
    expect(item).toMatchObject({ value: 1.2e11, unit: '元', comparator: '>' });
  });
});

describe('metric spans', () => {
  const metrics = (text: string) => extractFigures(text, { planYear: 2025 }).map((i) => i.metric);

  it('strips bullets, dashes, datelines and headline tags', () => {
    expect(metrics('一、2024年工作回顾\n——地区生产总值增长6.1%。')).toEqual(['地区生产总值']);
    expect(metrics('一、2024年工作回顾\n●预计全省地区生产总值增长6%左右')).toEqual([
      '地区生产总值',
    ]);
    expect(metrics('2024两会|2023年GDP增长5.2%')).toEqual(['GDP']);
  });

  it('distributes a 分别 list over 城乡, listed modifiers and 和', () => {
    expect(metrics('今年目标:城乡居民人均可支配收入分别增长5.5%、6%以上。')).toEqual([
      '城镇居民人均可支配收入',
      '农村居民人均可支配收入',
    ]);
    expect(
      metrics('一、2024年工作回顾\n城镇居民、农村居民人均可支配收入预计分别增长4.5%、6.7%。'),
    ).toEqual(['城镇居民人均可支配收入', '农村居民人均可支配收入']);
    expect(metrics('一、2024年工作回顾\n城镇和农村居民人均可支配收入分别增长5%、6%。')).toEqual([
      '城镇居民人均可支配收入',
      '农村居民人均可支配收入',
    ]);
  });

  it('lets a 分别 clause that names nothing repeat the list before it', () => {
    const text =
      '一、2024年工作回顾\n城乡常住居民人均可支配收入分别增长12%和13%,分别达43366元和13835元。';
    expect(metrics(text)).toEqual([
      '城镇常住居民人均可支配收入',
      '农村常住居民人均可支配收入',
      '城镇常住居民人均可支配收入',
      '农村常住居民人均可支配收入',
    ]);
  });

  it('gives every figure of a 分别 list the hedge written after the last one', () => {
    const items = extractFigures('今年目标:城乡居民人均可支配收入分别增长5%和7.5%左右。');
    expect(items.map((i) => i.comparator)).toEqual(['~', '~']);
  });

  it('names one figure shared by a list for every noun of it', () => {
    expect(metrics('一、2024年工作回顾\n单位国内生产总值能耗、水耗均下降20%以上。')).toEqual([
      '单位国内生产总值能耗、水耗',
    ]);
  });

  it('carries the head noun to an elided second metric', () => {
    expect(metrics('一、2024年工作回顾\n新引进投资百亿级项目9个、十亿级项目114个。')).toEqual([
      '新引进投资百亿级项目',
      '新引进投资十亿级项目',
    ]);
  });

  it('names a headline figure from the quote that follows it', () => {
    const text = '二、2025年目标\n数字1:6.5%左右\n【原文】\n国内生产总值增长6.5%左右。';
    expect(metrics(text)).toEqual(['国内生产总值', '国内生产总值']);
  });

  it('names a restated figure as it was first named, with 增速 when it is the speed', () => {
    const text =
      '二、2025年目标\n国内生产总值增长6.5%左右。\n实现6.5%左右的增长预期目标是有条件的。\n6.5%左右的增速可以实现充分就业。';
    expect(metrics(text)).toEqual(['国内生产总值', '国内生产总值', '国内生产总值增速']);
  });

  it('keeps 新增 for an increment of a stock and drops it for things counted', () => {
    expect(metrics('一、2024年工作回顾\n新增贷款余额1200亿元,新增公共停车位1500个。')).toEqual([
      '新增贷款余额',
      '公共停车位',
    ]);
  });

  it('leaves no trailing rank or milestone phrase', () => {
    expect(metrics('一、2024年工作回顾\n玉龙机场旅客吞吐量突破200万大关。')).toEqual([
      '玉龙机场旅客吞吐量',
    ]);
    expect(metrics('一、2024年工作回顾\n货物进出口总额突破40万亿元并连续多年居世界首位。')).toEqual(
      ['货物进出口总额'],
    );
  });

  it('names a gap to a benchmark and a completion rate for their subject', () => {
    const gap = extractFigures('一、2024年工作回顾\n地区生产总值增长3.2%,塌目标1.8个百分点。');
    expect(gap[1]).toMatchObject({ metric: '地区生产总值增速低于目标', unit: '百分点', sign: -1 });
    const rate = extractFigures(
      '一、2022年执行情况\n固定资产投资300亿元,完成年计划385亿元的77.9%,下降18.4%。',
      {
        planYear: 2023,
      },
    );
    expect(rate.map((i) => [i.numeral, i.metric])).toEqual([
      ['300', '固定资产投资'],
      ['77.9', '固定资产投资年计划完成率'],
      ['18.4', '固定资产投资'],
    ]);
  });
});

describe('figures that are none', () => {
  it('leaves out ages, class bounds and durations', () => {
    const text =
      '今年目标:为全州7万名35-64岁妇女免费做宫颈癌筛查,完成超230个50户以上木质房屋连片村寨给水管网建设,建成3人制篮球场20个,连续8个月全省第一。';
    expect(extractFigures(text).map((i) => i.numeral)).toEqual(['7', '230', '20']);
  });

  it('reads a figure whose unit a PDF copy set apart', () => {
    const [item] = extractFigures('一、2020年工作回顾\n预计实现地区生产总值 1218 亿元。');
    expect(item).toMatchObject({ value: 1.218e11, unit: '元', metric: '地区生产总值' });
  });

  it('reads a range that writes the unit twice', () => {
    const [item] = extractFigures('今年目标:全省地区生产总值增长5.0%—5.5%。');
    expect(item).toMatchObject({ value: 5, valueMax: 5.5, unit: '%', comparator: 'between' });
  });
});

describe('extractFiguresForEval', () => {
  it('wraps the items with the document name', () => {
    const result = extractFiguresForEval(report, 'x.txt');
    expect(result.document).toBe('x.txt');
    expect(result.items.length).toBeGreaterThan(10);
  });
});

describe('compound units', () => {
  it('reads a measure word counted per time as its compound unit', () => {
    const text = '2024年工作回顾。组织政银企对接活动11场次,服务企业300户次。';
    const items = extractFigures(text, { planYear: 2025 });
    expect(items.find((item) => item.value === 11)).toMatchObject({ unit: '场次' });
    expect(items.find((item) => item.value === 300)).toMatchObject({ unit: '户次' });
  });
});
