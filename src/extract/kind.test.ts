import { describe, expect, it } from 'vitest';
import { extractFigures } from './figures.ts';
import type { KindEvidence } from './kind.ts';
import { decideKind, detectReportType, inferPlanYear, strongCueKind, weakCueKind } from './kind.ts';

/** Evidence with nothing to say, so one level at a time can be given its cue. */
const silent: KindEvidence = {
  clause: '',
  sentence: '',
  paragraphLead: '',
  part: 'unknown',
  context: undefined,
  planYear: 2025,
  reportType: 'news',
};

describe('decideKind, level by level', () => {
  it('reads a commitment or a result from the clause alone', () => {
    expect(decideKind({ ...silent, clause: '力争全年城镇新增就业' })).toEqual({
      kind: 'target',
      level: 'clause',
    });
    expect(decideKind({ ...silent, clause: '去年城镇新增就业' })).toEqual({
      kind: 'achievement',
      level: 'clause',
    });
    expect(decideKind({ ...silent, clauseAfter: '左右的增长预期目标是有条件的' })).toEqual({
      kind: 'target',
      level: 'clause',
    });
  });

  it('reads the sentence when the clause says nothing', () => {
    expect(decideKind({ ...silent, sentence: '今年主要预期目标是:', part: 'achievement' })).toEqual(
      { kind: 'target', level: 'sentence' },
    );
    expect(decideKind({ ...silent, sentence: '2024年,全市实现', part: 'target' })).toEqual({
      kind: 'achievement',
      level: 'sentence',
    });
  });

  it('reads the paragraph lead when the sentence says nothing', () => {
    expect(
      decideKind({ ...silent, paragraphLead: '这一年,我们千方百计惠民生。', part: 'target' }),
    ).toEqual({ kind: 'achievement', level: 'paragraph' });
    expect(decideKind({ ...silent, paragraphLead: '报告明确,今年将继续办好民生实事。' })).toEqual({
      kind: 'target',
      level: 'paragraph',
    });
  });

  it('takes the part heading when the paragraph says nothing', () => {
    expect(decideKind({ ...silent, part: 'achievement', context: 'target' })).toEqual({
      kind: 'achievement',
      level: 'heading',
    });
    expect(decideKind({ ...silent, part: 'target' })).toEqual({ kind: 'target', level: 'heading' });
  });

  it('takes the nearest earlier sentence with a cue when there is no heading', () => {
    expect(decideKind({ ...silent, context: 'target', clause: '完成' })).toEqual({
      kind: 'target',
      level: 'context',
    });
  });

  it('falls back to weak cues, then to the report type', () => {
    expect(decideKind({ ...silent, clause: '要下降' })).toEqual({ kind: 'target', level: 'weak' });
    expect(decideKind({ ...silent, clause: '同比增长' })).toEqual({
      kind: 'achievement',
      level: 'weak',
    });
    expect(decideKind({ ...silent, reportType: 'plan' })).toEqual({
      kind: 'target',
      level: 'report',
    });
    expect(decideKind({ ...silent, reportType: 'work' })).toEqual({
      kind: 'achievement',
      level: 'report',
    });
  });
});

describe('strongCueKind', () => {
  it.each([
    ['经济社会发展主要预期目标是：地区生产总值增长', 'target'],
    ['确保全年城镇新增就业', 'target'],
    ['赤字率拟按', 'target'],
    ['较好完成了市十六届人大五次会议确定的主要目标任务', 'achievement'],
    ['预计可实现全年预期目标', 'achievement'],
    ['主要目标任务如期完成', 'achievement'],
    ['(主要是二产、三产未达预期目标)', 'achievement'],
    ['初步核算,全市实现地区生产总值', 'achievement'],
    ['2023年上半年,全区实现地区生产总值', 'achievement'],
    ['这份成绩单来之不易', 'achievement'],
    ['这些目标催人奋进', 'target'],
  ] as const)('%s → %s', (text, kind) => {
    expect(strongCueKind(text, 2025)).toBe(kind);
  });

  it('gives the nearer of a year and a commitment word', () => {
    expect(strongCueKind('2024年,全省', 2025)).toBe('achievement');
    expect(strongCueKind('2025年全县生产总值', 2025)).toBe('target');
    expect(strongCueKind('2024年成绩单……2025年主要预期目标', 2025)).toBe('target');
  });

  it('ignores slogans in quotes, past effort and expectations exceeded', () => {
    expect(strongCueKind('2023年,全市锚定“两个确保”', 2024)).toBe('achievement');
    expect(strongCueKind('经过八年持续努力', 2025)).toBeUndefined();
    expect(strongCueKind('我国经济发展遇到多重超预期因素冲击', 2025)).toBeUndefined();
    expect(strongCueKind('人均预期寿命达到', 2025)).toBeUndefined();
    expect(strongCueKind('提高学生营养改善计划补助标准', 2025)).toBeUndefined();
  });

  it('has nothing to say on plain words', () => {
    expect(strongCueKind('规上工业增加值增长', 2025)).toBeUndefined();
    expect(weakCueKind('地区生产总值')).toBeUndefined();
  });
});

describe('detectReportType', () => {
  it.each([
    ['人民网福州1月13日电 (记者刘卿)福建省人民政府省长向大会作政府工作报告。', 'news'],
    ['一 图 读 懂 政 府 工 作 报 告\n2018年,在市委领导下', 'news'],
    ['关于某区2024年国民经济和社会发展计划执行情况及2025年计划草案的报告\n各位代表:', 'plan'],
    ['各位代表:\n现在,我代表市人民政府,向大会报告政府工作,请予审议。', 'work'],
  ] as const)('%s → %s', (text, type) => {
    expect(detectReportType(text)).toBe(type);
  });
});

describe('inferPlanYear', () => {
  it('takes the year the text plans for', () => {
    expect(
      inferPlanYear('新乡市2024年国民经济和社会发展计划\n一、2023年国民经济和社会发展计划执行情况'),
    ).toBe(2024);
    expect(inferPlanYear('■ 2024年成绩单\n■ 2025年经济社会发展的主要预期目标')).toBe(2025);
  });

  it('takes the year after the one a text only reviews', () => {
    expect(inferPlanYear('2018年,在市委、市政府和区委坚强领导下……2018年硕果累累')).toBe(2019);
    expect(inferPlanYear('2020 年及“十三五”工作回顾\n刚刚过去的 2020 年,是极不平凡的一年。')).toBe(
      2021,
    );
  });

  it('leaves out comparisons and horizons', () => {
    expect(inferPlanYear('2018年发展的主要预期目标……经济总量在2020年比2010年翻一番')).toBe(2018);
  });
});

describe('kind of figures in documents without part headings', () => {
  it('reads a news summary: results, then targets, each line a —— bullet', () => {
    const text = [
      '这份成绩单来之不易。',
      '——地区生产总值增长6.1%。',
      '——新增贷款余额1200亿元。',
      '这些目标催人奋进。',
      '——地区生产总值增长6%左右。',
    ].join('\n');
    expect(extractFigures(text, { planYear: 2025 }).map((i) => i.kind)).toEqual([
      'achievement',
      'achievement',
      'target',
    ]);
  });

  it('reads targets stated with no heading as targets', () => {
    const [item] = extractFigures('经济社会发展主要预期目标是：地区生产总值增长5.5%左右。');
    expect(item).toMatchObject({ kind: 'target', metric: '地区生产总值', comparator: '~' });
  });

  it('reads a list of the year under review from the paragraph lead', () => {
    const text = '这一年,我们千方百计惠民生。新建普惠性民办幼儿园2所,打造美丽庭院3500座。';
    expect(extractFigures(text, { planYear: 2025 }).map((i) => i.kind)).toEqual([
      'achievement',
      'achievement',
    ]);
  });
});
