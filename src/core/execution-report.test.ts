import { describe, expect, it } from 'vitest';
import { buildDocumentTarget } from './document-target.fixture.ts';
import {
  buildExecutionReport,
  describeTargetResult,
  type ExecutionReportInput,
} from './execution-report.ts';

const employment = buildDocumentTarget({
  metric: '城镇新增就业',
  value: 3,
  unit: '万人',
  comparedUnit: '人',
  assessment: {
    light: 'done',
    actual: 33_000,
    shareOfTarget: 1.1,
    expectedShare: null,
    gapPoints: null,
    asOfPeriodId: '2025',
  },
});
const gdp = buildDocumentTarget({
  metric: 'GDP',
  measure: 'growth',
  value: 6,
  unit: '%',
  comparedUnit: '%',
  assessment: {
    light: 'green',
    actual: 6.5,
    shareOfTarget: null,
    expectedShare: null,
    gapPoints: -0.5,
    asOfPeriodId: '2025Q3',
  },
});
const parking = buildDocumentTarget();
const farmland = buildDocumentTarget({
  metric: '耕地保有量',
  value: 5.29,
  unit: '万亩',
  assessment: {
    light: 'none',
    actual: null,
    shareOfTarget: null,
    expectedShare: null,
    gapPoints: null,
    forecast: null,
    asOfPeriodId: null,
    standing: 'annual-pending',
  },
});

describe('describeTargetResult', () => {
  // The register of the seed report's part 一: "城镇新增就业3.3万人", "GDP全年增长6.5%".
  it.each<[string, typeof parking, boolean, string]>([
    ['a met flow for the year', employment, false, '城镇新增就业3.3万人，完成年度目标'],
    ['a growth before year end', gdp, false, '前三季度，GDP增长6.5%，进度正常'],
    ['a lagging flow before year end', parking, false, '1—6月，公共停车泊位420个，进度滞后'],
    [
      'an unmet flow once the year closed',
      parking,
      true,
      '1—6月，公共停车泊位420个，未完成年度目标',
    ],
    ['an annual figure still to come', farmland, false, '耕地保有量全年数据待统计后补充'],
  ])('words %s', (_case, target, yearClosed, words) => {
    expect(describeTargetResult(target, yearClosed)).toBe(words);
  });
});

describe('buildExecutionReport', () => {
  const input: ExecutionReportInput = {
    unitName: '沙坪坝区',
    year: 2025,
    dataThrough: '2025-09-30',
    dataPartial: false,
    groups: [
      {
        title: '全力推进经济稳定增长。',
        targets: [gdp],
        tasks: [
          { title: '着力推进稳就业促增收', targets: [employment] },
          { title: '没有目标的任务', targets: [] },
          { title: '大力推动缓堵促畅', targets: [parking, farmland] },
        ],
      },
      { title: '深入践行民生为大理念', targets: [], tasks: [] },
    ],
  };
  const blocks = buildExecutionReport(input);
  const texts = blocks.map((b) => (b.kind === 'table' ? b.header.join('|') : b.text));

  it('follows the seed report: title, part 一 heading, "重点抓了以下N个方面工作", one paragraph per group', () => {
    expect(texts[0]).toBe('关于沙坪坝区2025年国民经济和社会发展计划执行情况的报告');
    expect(texts[1]).toBe('（草稿，数据截至2025年9月30日）');
    expect(texts).toContain('一、2025年国民经济和社会发展计划执行情况');
    expect(texts).toContain('重点抓了以下二个方面工作：');
  });

  it('writes every target of a group with "一是…二是…" per task that has targets', () => {
    expect(texts).toContain(
      '(一)全力推进经济稳定增长。前三季度，GDP增长6.5%，进度正常。' +
        '一是着力推进稳就业促增收。城镇新增就业3.3万人，完成年度目标。' +
        '二是大力推动缓堵促畅。1—6月，公共停车泊位420个，进度滞后。耕地保有量全年数据待统计后补充。',
    );
    expect(texts).toContain('(二)深入践行民生为大理念。各项工作有序推进，完成情况待补充。');
  });

  it('puts goals and progress in figures in part 二, one row per target', () => {
    const table = blocks.find((b) => b.kind === 'table');
    expect(table?.kind === 'table' ? table.rows : []).toEqual([
      ['GDP', '增长6%以上', '前三季度', '增长6.5%', '—', '—', '正常'],
      ['城镇新增就业', '3万人以上', '全年', '3.3万人', '110.0%', '—', '已完成'],
      ['公共停车泊位', '1000个以上', '1—6月', '420个', '42.0%', '50.0%', '落后序时进度8.0个百分点'],
      ['耕地保有量', '5.29万亩以上', '—', '—', '—', '—', '无数据'],
    ]);
    expect(texts).toContain(
      '计划确定的4项目标中，已有数据的3项，已完成1项，进度滞后1项，其余1项待补充。',
    );
  });
});
