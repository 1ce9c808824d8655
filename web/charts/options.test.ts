import { describe, expect, it } from 'vitest';
import type { TargetDetail } from '../../src/contract/plan.ts';
import { buildTarget } from '../test/builders.ts';
import {
  buildBreakdownOption,
  buildGroupLightsOption,
  buildIndicatorSeriesOption,
  buildLightPieOption,
  buildTargetChartOption,
  shortTitle,
  targetChartMode,
} from './options.ts';

type AnySeries = { name?: string; data?: unknown[]; markLine?: { data: { yAxis: number }[] } };
const seriesOf = (option: { series?: unknown }) => option.series as AnySeries[];

const cumulative = (year: number, values: number[]) => {
  let total = 0;
  return values.map((value, i) => {
    total += value;
    return { periodId: `${year}${String(i + 1).padStart(2, '0')}`, value, cumulative: total };
  });
};

const detailOf = (overrides: Partial<TargetDetail> = {}): TargetDetail => ({
  target: buildTarget({ comparedValue: 1200, value: 1200 }),
  plan: { id: 'p', year: 2025, title: 'plan', asOf: '2025-09-30' },
  node: { id: 'n', key: 'k', title: 'task', label: '1' },
  series: cumulative(2025, [100, 100, 100]),
  lastYearSeries: cumulative(
    2024,
    Array.from({ length: 12 }, () => 90),
  ),
  // The server's expected progress: here last year's even months, 1/12 of the target each.
  expectedSeries: Array.from({ length: 12 }, (_, i) => ({
    periodId: `2025${String(i + 1).padStart(2, '0')}`,
    share: (i + 1) / 12,
  })),
  observations: [],
  audit: [],
  ...overrides,
});

describe('buildLightPieOption', () => {
  it('leaves out lights with no targets and names the rest in words', () => {
    const option = buildLightPieOption({ green: 5, yellow: 5, red: 2, done: 0, none: 48 }, 'zh');
    const data = seriesOf(option)[0]!.data as { name: string; value: number }[];
    expect(data.map((d) => `${d.name}${d.value}`)).toEqual(['红2', '黄5', '绿5', '无数据48']);
    expect((option.title as { text: string }).text).toBe('60');
  });
});

describe('buildGroupLightsOption', () => {
  const lights = (n: number) => ({ green: n, yellow: 0, red: 1, done: 0, none: 0 });
  const empty = { green: 0, yellow: 0, red: 0, done: 0, none: 0 };

  it('stacks one bar per light and drops groups without targets, first group at the top', () => {
    const option = buildGroupLightsOption(
      [
        { key: 'a', label: '(一)', title: '产业', lights: lights(2) },
        { key: 'b', label: '(二)', title: '回顾', lights: empty },
        { key: 'c', label: '(三)', title: '民生', lights: lights(3) },
      ],
      'zh',
    );
    expect((option.yAxis as { data: string[] }).data).toEqual(['(三)民生', '(一)产业']);
    expect(seriesOf(option)).toHaveLength(5);
    expect(seriesOf(option).find((s) => s.name === '绿')!.data).toEqual([3, 2]);
  });

  it('writes a part’s numeral as a digit in English, the plan’s title kept as written', () => {
    const option = buildGroupLightsOption(
      [{ key: 'c', label: '(十二)', title: '民生', lights: lights(3) }],
      'en',
    );
    expect((option.yAxis as { data: string[] }).data).toEqual(['(12) 民生']);
  });

  it('shortens long titles with an ellipsis', () => {
    expect(shortTitle('一二三四五六七八九十', 5)).toBe('一二三四…');
    expect(shortTitle('短', 5)).toBe('短');
  });
});

describe('buildTargetChartOption', () => {
  it('charts a flow target: cumulative actual, the target line, expected progress and the forecast', () => {
    const option = buildTargetChartOption(detailOf(), 'zh');
    const [actual, expected, forecast, lastYear] = seriesOf(option);
    expect((option.xAxis as { data: string[] }).data).toHaveLength(12);
    expect(actual!.data!.slice(0, 4)).toEqual([100, 200, 300, null]);
    expect(actual!.markLine!.data[0]!.yAxis).toBe(1200);
    // Last year's months were equal, so the expected path is linear: 100 a month.
    expect(expected!.name).toBe('序时进度');
    expect(expected!.data![2]).toBeCloseTo(300);
    expect(expected!.data![11]).toBeCloseTo(1200);
    expect(forecast!.data![2]).toBe(300);
    expect(forecast!.data![11]).toBe(3600);
    expect(lastYear!.name).toBe('上年同期');
  });

  it('draws the expected progress the server judged the light by, not one of its own', () => {
    // A calendar basis (181 of 365 days by 30 June) although last year's months were even.
    const detail = detailOf({
      expectedSeries: [
        { periodId: '202506', share: 181 / 365 },
        { periodId: '202512', share: 1 },
      ],
    });
    const expected = seriesOf(buildTargetChartOption(detail, 'en')).find(
      (s) => s.name === 'Expected progress',
    )!;
    expect(expected.data![5]).toBeCloseTo((1200 * 181) / 365, 1);
    expect(expected.data![0]).toBeNull();
    expect(expected.data![11]).toBeCloseTo(1200);
  });

  it('charts a growth target on amounts against last year grown by the target rate', () => {
    const target = buildTarget({
      measure: 'growth',
      value: 10,
      comparedValue: 10,
      unit: '%',
      indicator: { code: 'RETAIL', name: '社零', unit: '亿元', decimals: 2 },
      assessment: {
        ...buildTarget().assessment,
        forecast: { value: 5, willMeet: false, method: 'profile' },
      },
    });
    const detail = detailOf({ target });
    expect(targetChartMode(detail)).toBe('growth-amount');
    const [actual, expected, forecast] = seriesOf(buildTargetChartOption(detail, 'zh'));
    expect(actual!.markLine!.data[0]!.yAxis).toBeCloseTo(1080 * 1.1);
    expect(expected!.data![0]).toBeCloseTo(99);
    expect(forecast!.data![11]).toBeCloseTo(1080 * 1.05);
  });

  it('charts a rate as a level against the target level', () => {
    const target = buildTarget({ measure: 'rate', value: 90, comparedValue: 90, unit: '%' });
    const detail = detailOf({
      target,
      series: [{ periodId: '2025Q3', value: 87.7, cumulative: 87.7 }],
      lastYearSeries: [],
    });
    expect(targetChartMode(detail)).toBe('level');
    const option = buildTargetChartOption(detail, 'zh');
    expect((option.xAxis as { data: string[] }).data).toEqual(['Q3']);
    expect(seriesOf(option)[0]!.markLine!.data[0]!.yAxis).toBe(90);
  });
});

describe('buildIndicatorSeriesOption', () => {
  it('puts this year and last year on twelve months and marks simulated series', () => {
    const points = [
      { periodId: '202401', value: 1, source: 'document' },
      { periodId: '202501', value: 2, source: 'simulated' },
      { periodId: '202502', value: 3, source: 'simulated' },
    ];
    const option = buildIndicatorSeriesOption(points, 2025, 'zh', { unit: '亿元', decimals: 2 });
    const [thisYear, lastYear] = seriesOf(option);
    expect(thisYear!.name).toBe('2025 (模拟)');
    expect(lastYear!.name).toBe('2024');
    expect(thisYear!.data!.slice(0, 3)).toEqual([2, 3, null]);
    expect(lastYear!.data![0]).toBe(1);
  });
});

describe('buildBreakdownOption', () => {
  it('ranks units by value, largest at the top, and carries the unit code for drill-down', () => {
    const option = buildBreakdownOption(
      [
        { unitCode: 'a', name: '甲', value: 2 },
        { unitCode: 'b', name: '乙', value: null },
        { unitCode: 'c', name: '丙', value: 5 },
      ],
      { unit: '亿元', decimals: 2 },
    );
    expect((option.yAxis as { data: string[] }).data).toEqual(['甲', '丙']);
    expect(seriesOf(option)[0]!.data).toEqual([
      { value: 2, unitCode: 'a' },
      { value: 5, unitCode: 'c' },
    ]);
  });
});
