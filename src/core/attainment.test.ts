import { describe, expect, it } from 'vitest';
import { assessTarget } from './attainment.ts';
import { cumulativeSpan } from './wording.ts';
import type { AssessmentInput } from './attainment.ts';
import { defaultLightThresholds } from './light-thresholds.ts';
import type { Light } from './light-thresholds.ts';
import { parsePeriod } from './period.ts';
import type { Target } from './target.ts';
import { buildTarget } from './target.fixture.ts';

// Targets from the seed plan (corpus/00_shapingba_2025_plan.txt).

/** 城镇新增就业3万人以上 (task 35). */
const jobs = buildTarget({ metric: '城镇新增就业', value: 3, unit: '万人' });
/** 第一产业增加值增长4% (task 28). */
const primaryGrowth = buildTarget({
  metric: '第一产业增加值',
  measure: 'growth',
  comparator: '=',
  value: 4,
  unit: '%',
});
/** 空气质量优良天数稳定在310天以上 (task 29). */
const goodAirDays = buildTarget({
  metric: '空气质量优良天数',
  measure: 'stock',
  value: 310,
  unit: '天',
});
/** 森林覆盖率稳定在30%以上 (task 30). */
const forestCover = buildTarget({ metric: '森林覆盖率', measure: 'rate', value: 30, unit: '%' });
/** PM2.5年均浓度 35 µg/m³ 以内: lower is better. */
const pm25 = buildTarget({
  metric: 'PM2.5年均浓度',
  measure: 'stock',
  direction: 'lower',
  comparator: '<=',
  value: 35,
  unit: 'µg/m³',
});
/** 细颗粒物年均浓度下降8.6% (the 2024 figure, as a target): a fall. */
const pm25Fall = buildTarget({
  metric: '细颗粒物年均浓度',
  measure: 'growth',
  direction: 'lower',
  value: 8.6,
  sign: -1,
  unit: '%',
});
/** 力争大学城复线隧道主体完工 (task 26). */
const tunnel = buildTarget({
  kind: 'milestone',
  metric: '大学城复线隧道主体完工',
  indicatorId: null,
  measure: 'flow',
  value: null,
  unit: '',
  isAspirational: true,
});

const monthIds = (year: number) =>
  Array.from({ length: 12 }, (_, i) => `${year}${String(i + 1).padStart(2, '0')}`);

/** Values for January onwards of a year, one per month. */
const monthly = (year: number, values: readonly number[]) =>
  values.map((value, i) => ({ periodId: monthIds(year)[i]!, value }));

/** Values for the first quarters of a year. */
const quarterly = (year: number, values: readonly number[]) =>
  values.map((value, i) => ({ periodId: `${year}Q${i + 1}`, value }));

/** Cumulative values for January to June that add up to `total`, spread evenly. */
const janToJun = (total: number) =>
  monthly(
    2025,
    Array.from({ length: 6 }, () => total / 6),
  );

/** Last year, flat: exactly half of the year's total by the end of June. */
const flat2024 = monthly(
  2024,
  Array.from({ length: 12 }, () => 100),
);

const assess = (overrides: Partial<AssessmentInput> = {}) =>
  assessTarget({
    target: buildTarget(),
    asOf: '2025-07-10',
    thresholds: defaultLightThresholds,
    series: [],
    ...overrides,
  });

describe('assessTarget on a flow target (新增公共停车泊位1000个)', () => {
  it.each<[string, number, Light]>([
    ['green when 55% is done against 50% expected', 550, 'green'],
    ['green when exactly 50% is done against 50% expected', 500, 'green'],
    ['yellow when 42% is done against 50% expected', 420, 'yellow'],
    ['yellow when 40% is done against 50% expected', 400, 'yellow'],
    ['red when 39% is done against 50% expected', 390, 'red'],
    ['done once 1000 are done mid-year', 1000, 'done'],
  ])('marks a flow target %s', (_, done, light) => {
    expect(assess({ series: janToJun(done), lastYearSeries: flat2024 }).light).toBe(light);
  });

  it('says why in the words of a bulletin and gives the run-rate now needed', () => {
    const assessment = assess({ series: janToJun(420), lastYearSeries: flat2024 });
    expect(assessment).toMatchObject({
      light: 'yellow',
      actual: 420,
      shareOfTarget: 0.42,
      expectedShare: 0.5,
      asOfPeriodId: '202506',
      requiredRunRate: (1000 - 420) / 6,
      forecast: { value: 840, willMeet: false, method: 'profile' },
    });
    expect(assessment.gapPoints).toBeCloseTo(8, 9);
    expect(assessment.reason).toEqual({
      zh: '1—6月完成42%，序时进度50%（按上年同期进度），落后8个百分点；此后每月需完成96.67个',
      en: "Jan–Jun 42% done vs 50% expected (last year's pace), 8 points behind; 96.67 units a month needed from here",
    });
  });

  it('writes large counts in 万 in its reasons, as a report would (issue 11: not 307734.02个)', () => {
    // 新增经营主体 of 600,000家 a year with 307,734.02 done by June: 30.77万家 done of 60万家.
    const target = buildTarget({ metric: '新增经营主体', value: 600000, unit: '家' });
    const assessment = assess({ target, series: janToJun(307734.02), lastYearSeries: flat2024 });
    // Still (600000 − 307734.02) / 6 = 48710.997 a month: below 10万 and not whole in 万, so
    // a report writes it whole: 48711家.
    expect(assessment.reason.zh).toContain('此后每月需完成48711家');
    expect(assessment.reason.zh).not.toContain('307734');
    const done = assess({ target, series: janToJun(600000), lastYearSeries: flat2024 });
    expect(done.reason.zh).toBe('1—6月累计60万家，已完成全年目标60万家以上（100%）');
  });

  it('holds a June figure reported in July against the end of June, on the calendar without last year', () => {
    const assessment = assess({ series: janToJun(420) });
    expect(assessment.expectedShare).toBeCloseTo(181 / 365, 12);
    expect(assessment.reason.zh).toBe(
      '1—6月完成42%，序时进度49.6%（按时间进度），落后7.6个百分点；此后每月需完成96.67个',
    );
    expect(assessment.forecast?.method).toBe('calendar');
  });

  it('holds a month still running against the assessment date', () => {
    const assessment = assess({
      series: monthly(2025, [50, 50, 50, 50, 50, 50, 10]),
      asOf: '2025-07-10',
    });
    expect(assessment.expectedShare).toBeCloseTo(191 / 365, 12);
    expect(assessment.asOfPeriodId).toBe('202507');
  });

  it('reports a flow ahead of a back-loaded profile as ahead', () => {
    const backLoaded2024 = monthly(2024, [20, 20, 40, 40, 60, 60, 100, 100, 120, 140, 150, 150]);
    // Last year had 240 of 1000 by June (24%); this year 30% is done.
    const assessment = assess({ series: janToJun(300), lastYearSeries: backLoaded2024 });
    expect(assessment.light).toBe('green');
    expect(assessment.reason.zh).toBe(
      '1—6月完成30%，序时进度24%（按上年同期进度），超前6个百分点；此后每月需完成116.67个',
    );
    expect(assessment.forecast).toEqual({ value: 1250, willMeet: true, method: 'profile' });
  });

  it('says a met flow target is done with its total', () => {
    const assessment = assess({
      series: monthly(2025, [100, 100, 150, 150, 100, 150, 100, 100, 100]),
      asOf: '2025-10-05',
    });
    expect(assessment.light).toBe('done');
    expect(assessment.requiredRunRate).toBe(0);
    expect(assessment.reason).toEqual({
      zh: '1—9月累计1050个，已完成全年目标1000个以上（105%）',
      en: 'Jan–Sep 1,050 units in total, annual target ≥ 1,000 units met (105%)',
    });
  });

  it('assesses 城镇新增就业3万人以上 from quarterly figures in 万人', () => {
    const assessment = assess({
      target: jobs,
      series: quarterly(2025, [0.8, 0.9]),
      asOf: '2025-07-20',
    });
    expect(assessment.light).toBe('green');
    expect(assessment.actual).toBeCloseTo(1.7, 12);
    expect(assessment.requiredRunRate).toBeCloseTo(0.65, 12);
    expect(assessment.reason.zh).toBe(
      '上半年完成56.7%，序时进度49.6%（按时间进度），超前7.1个百分点；此后每季度需完成6500人',
    );
  });

  it('ignores values of other years and of periods not yet begun', () => {
    const series = [...monthly(2024, [999]), ...janToJun(420), { periodId: '202508', value: 999 }];
    expect(assess({ series, lastYearSeries: flat2024 }).actual).toBeCloseTo(420, 9);
  });

  it.each<[string, number, Light]>([
    ['green when 45% of the cap is used against 50% expected', 450, 'green'],
    ['yellow when 58% of the cap is used against 50% expected', 580, 'yellow'],
    ['red when 61% of the cap is used against 50% expected', 610, 'red'],
    ['red once the cap is passed', 1001, 'red'],
  ])('marks a capped flow %s', (_, used, light) => {
    const cap = buildTarget({
      metric: '能源消费总量',
      direction: 'lower',
      comparator: '<=',
      unit: '万吨标准煤',
    });
    expect(assess({ target: cap, series: janToJun(used), lastYearSeries: flat2024 }).light).toBe(
      light,
    );
  });

  it('marks a capped flow done only once the year is over and it stayed within the cap', () => {
    const cap = buildTarget({ direction: 'lower', comparator: '<=' });
    const series = monthly(
      2025,
      Array.from({ length: 12 }, () => 80),
    );
    expect(assess({ target: cap, series, asOf: '2025-12-31' }).light).toBe('done');
    expect(assess({ target: cap, series: series.slice(0, 11), asOf: '2025-12-15' }).light).toBe(
      'green',
    );
  });
});

describe('assessTarget on a growth target', () => {
  it.each<[string, Target, number, Light]>([
    [
      'green when cumulative growth is 4.5% against 4% (第一产业增加值增长4%)',
      primaryGrowth,
      4.5,
      'green',
    ],
    ['green when cumulative growth is exactly 4% against 4%', primaryGrowth, 4, 'green'],
    ['yellow when cumulative growth is 3.2% against 4%', primaryGrowth, 3.2, 'yellow'],
    ['yellow when cumulative growth is 3% against 4%', primaryGrowth, 3, 'yellow'],
    [
      'red when cumulative growth is 4.5% against 6%',
      { ...primaryGrowth, metric: '地区生产总值', value: 6 },
      4.5,
      'red',
    ],
    ['green when PM2.5 falls 9% against a fall of 8.6%', pm25Fall, -9, 'green'],
    ['yellow when PM2.5 falls 8% against a fall of 8.6%', pm25Fall, -8, 'yellow'],
    ['red when PM2.5 falls 7% against a fall of 8.6%', pm25Fall, -7, 'red'],
    ['red when PM2.5 rises 1% against a fall of 8.6%', pm25Fall, 1, 'red'],
  ])('marks a growth target %s', (_, target, growth, light) => {
    expect(assess({ target, series: quarterly(2025, [1, growth]) }).light).toBe(light);
  });

  it('takes the latest published cumulative growth and says why', () => {
    const assessment = assess({ target: primaryGrowth, series: quarterly(2025, [3.1, 3.2]) });
    expect(assessment).toMatchObject({
      light: 'yellow',
      actual: 3.2,
      asOfPeriodId: '2025Q2',
      requiredRunRate: null,
    });
    expect(assessment.gapPoints).toBeCloseTo(0.8, 12);
    expect(assessment.forecast).toEqual({ value: 3.2, willMeet: false, method: 'calendar' });
    expect(assessment.reason).toEqual({
      zh: '上半年累计增长3.2%，目标增长4%，差0.8个百分点',
      en: 'H1 cumulative growth 3.2% vs 4% target, 0.8 points short',
    });
  });

  it('words a fall as a fall', () => {
    const assessment = assess({
      target: pm25Fall,
      series: monthly(2025, [-7, -8]),
      asOf: '2025-03-05',
    });
    expect(assessment.reason).toEqual({
      zh: '1—2月累计下降8%，目标下降8.6%以上，差0.6个百分点',
      en: 'Jan–Feb cumulative growth -8% vs ≤ -8.6% target, 0.6 points short',
    });
  });

  it('computes cumulative growth from amounts against the same months of last year', () => {
    const target = buildTarget({
      metric: '社会消费品零售总额',
      measure: 'growth',
      value: 6,
      unit: '%',
    });
    const lastYear = monthly(2024, [100, 80, 90, 95, 100, 105, 100, 100, 105, 110, 110, 125]);
    const thisYear = monthly(2025, [104, 84, 95, 100, 106, 111]);
    // (600 / 570 − 1) × 100 = 5.26%: 0.74 points short of 6%.
    const assessment = assess({ target, series: thisYear, lastYearSeries: lastYear });
    expect(assessment.light).toBe('yellow');
    expect(assessment.actual).toBeCloseTo((600 / 570 - 1) * 100, 9);
    expect(assessment.reason.zh).toBe('1—6月累计增长5.3%，目标增长6%以上，差0.7个百分点');
    // The year needs 1220 × 1.06 = 1293.2 in all; 693.2 are left for six months.
    expect(assessment.requiredRunRate).toBeCloseTo(693.2 / 6, 9);
    expect(assessment.forecast).toMatchObject({ willMeet: false, method: 'profile' });
  });

  it('computes growth of a stock from its latest value against the same month last year', () => {
    const target = buildTarget({
      metric: '普惠型小微企业贷款余额',
      measure: 'growth',
      value: 20,
      unit: '%',
    });
    const assessment = assess({
      target,
      indicatorMeasure: 'stock',
      series: monthly(2025, [110, 118, 125]),
      lastYearSeries: monthly(2024, [100, 100, 100]),
      asOf: '2025-04-10',
    });
    expect(assessment.actual).toBeCloseTo(25, 9);
    expect(assessment.light).toBe('green');
  });

  it('shows no light when last year’s same months are missing', () => {
    const target = buildTarget({ measure: 'growth', value: 6, unit: '%' });
    const assessment = assess({
      target,
      series: janToJun(600),
      lastYearSeries: monthly(2024, [100, 100, 100]),
    });
    expect(assessment.light).toBe('none');
    expect(assessment.reason.zh).toBe('缺少上年同期数据，无法计算累计增长');
    expect(assessment.asOfPeriodId).toBe('202506');
  });

  it('marks a met growth target done once the year is over', () => {
    expect(
      assess({
        target: primaryGrowth,
        series: quarterly(2025, [3, 4, 4.2, 4.6]),
        asOf: '2026-01-20',
      }).light,
    ).toBe('done');
  });
});

describe('assessTarget on a level or rate with a floor', () => {
  it.each<[string, Target, number, Light]>([
    ['green at 317 days against 310 days (优良天数)', goodAirDays, 317, 'green'],
    ['green at exactly 310 days', goodAirDays, 310, 'green'],
    ['yellow at 305 days, within 2% of 310', goodAirDays, 305, 'yellow'],
    ['yellow at 303.8 days, exactly 2% below', goodAirDays, 303.8, 'yellow'],
    ['red at 300 days', goodAirDays, 300, 'red'],
    ['green at 30.2% forest cover against 30%', forestCover, 30.2, 'green'],
    ['yellow at 29.5% forest cover', forestCover, 29.5, 'yellow'],
    ['red at 29.3% forest cover', forestCover, 29.3, 'red'],
    ['green at PM2.5 34 against a cap of 35', pm25, 34, 'green'],
    ['yellow at PM2.5 35.5, within 2% over the cap', pm25, 35.5, 'yellow'],
    ['red at PM2.5 36', pm25, 36, 'red'],
  ])('marks a level %s', (_, target, value, light) => {
    expect(assess({ target, series: monthly(2025, [320, value]), asOf: '2025-03-10' }).light).toBe(
      light,
    );
  });

  it('takes the latest value, not a sum, and says why', () => {
    const assessment = assess({
      target: goodAirDays,
      series: monthly(2025, [312, 308, 305]),
      asOf: '2025-04-03',
    });
    expect(assessment).toMatchObject({
      light: 'yellow',
      actual: 305,
      asOfPeriodId: '202503',
      expectedShare: null,
    });
    expect(assessment.shareOfTarget).toBeCloseTo(305 / 310, 12);
    expect(assessment.gapPoints).toBeCloseTo((5 / 310) * 100, 12);
    expect(assessment.requiredRunRate).toBeCloseTo(5 / 9, 12);
    expect(assessment.reason).toEqual({
      zh: '2025年3月为305天，目标310天以上，低于目标1.6%',
      en: 'Mar 2025: 305 days vs target ≥ 310 days, 1.6% short of the target',
    });
  });

  it('measures a rate’s gap in percentage points', () => {
    const assessment = assess({
      target: forestCover,
      series: quarterly(2025, [29.5]),
      asOf: '2025-04-15',
    });
    expect(assessment.gapPoints).toBeCloseTo(0.5, 12);
    expect(assessment.reason.zh).toBe('2025年第一季度为29.5%，目标30%以上，低于目标0.5个百分点');
  });

  it('mirrors a cap in its words', () => {
    const assessment = assess({ target: pm25, series: monthly(2025, [35.5]), asOf: '2025-02-03' });
    expect(assessment.reason).toEqual({
      zh: '2025年1月为35.5µg/m³，目标35µg/m³以内，高于上限1.4%',
      en: 'Jan 2025: 35.5 µg/m³ vs target ≤ 35 µg/m³, 1.4% over the cap',
    });
  });

  it.each<[number, Light]>([
    [96, 'green'],
    [98.5, 'yellow'],
    [94, 'yellow'],
    [90, 'red'],
  ])('marks a rate band 95—98%% at %f %s', (value, light) => {
    const band = buildTarget({
      measure: 'rate',
      comparator: 'between',
      value: 95,
      valueMax: 98,
      unit: '%',
    });
    expect(assess({ target: band, series: monthly(2025, [value]) }).light).toBe(light);
  });

  it.each<[string, string, Light]>([
    ['while the year runs', '2025-12-20', 'green'],
    ['once the due period has ended', '2026-01-15', 'done'],
  ])('marks a level that meets its target %s: %s', (_, asOf, light) => {
    expect(
      assess({ target: goodAirDays, series: monthly(2025, [317, 318, 320]), asOf }).light,
    ).toBe(light);
  });
});

describe('assessTarget on a milestone (力争大学城复线隧道主体完工)', () => {
  const milestoneAt = (asOf: string, milestone: AssessmentInput['milestone']) =>
    assess({ target: tunnel, asOf, ...(milestone === undefined ? {} : { milestone }) });

  it.each<[string, string, AssessmentInput['milestone'], Light]>([
    [
      'green before its planned date',
      '2025-06-01',
      { plannedDate: '2025-06-30', actualDate: null },
      'green',
    ],
    [
      'green on its planned date',
      '2025-06-30',
      { plannedDate: '2025-06-30', actualDate: null },
      'green',
    ],
    [
      'yellow 20 days late',
      '2025-07-20',
      { plannedDate: '2025-06-30', actualDate: null },
      'yellow',
    ],
    [
      'yellow 29 days late',
      '2025-07-29',
      { plannedDate: '2025-06-30', actualDate: null },
      'yellow',
    ],
    ['red 30 days late', '2025-07-30', { plannedDate: '2025-06-30', actualDate: null }, 'red'],
    [
      'yellow when the next node is 20 days late',
      '2025-05-01',
      { plannedDate: '2025-06-30', actualDate: null, nextNodeDelayDays: 20 },
      'yellow',
    ],
    [
      'red when the next node is 45 days late',
      '2025-05-01',
      { plannedDate: '2025-06-30', actualDate: null, nextNodeDelayDays: 45 },
      'red',
    ],
    [
      'red when past due, even a few days late',
      '2026-01-05',
      { plannedDate: '2025-12-25', actualDate: null },
      'red',
    ],
    [
      'done once completed, even late',
      '2025-09-01',
      { plannedDate: '2025-06-30', actualDate: '2025-07-05' },
      'done',
    ],
    ['none without a schedule', '2025-06-01', undefined, 'none'],
  ])('marks a milestone %s', (_, asOf, milestone, light) => {
    expect(milestoneAt(asOf, milestone).light).toBe(light);
  });

  it.each<[string, AssessmentInput['milestone'], string, string]>([
    [
      '2025-06-01',
      { plannedDate: '2025-06-30', actualDate: null },
      '计划2025-06-30完成，进度正常',
      'planned for 2025-06-30, on schedule',
    ],
    [
      '2025-07-20',
      { plannedDate: '2025-06-30', actualDate: null },
      '计划2025-06-30完成，已逾期20天',
      'planned for 2025-06-30, 20 days late',
    ],
    [
      '2025-05-01',
      { plannedDate: '2025-06-30', actualDate: null, nextNodeDelayDays: 20 },
      '计划2025-06-30完成，下一节点延误20天',
      'planned for 2025-06-30, next node 20 days late',
    ],
    [
      '2026-01-05',
      { plannedDate: '2025-12-25', actualDate: null },
      '计划2025-12-25完成，已逾期11天，已过目标期限2025-12-31仍未完成',
      'planned for 2025-12-25, 11 days late, not done by the due date 2025-12-31',
    ],
    [
      '2025-09-01',
      { plannedDate: '2025-06-30', actualDate: '2025-07-05' },
      '已于2025-07-05完成（计划2025-06-30）',
      'completed on 2025-07-05 (planned 2025-06-30)',
    ],
  ])('says why a milestone stands as it does on %s', (asOf, milestone, zh, en) => {
    expect(milestoneAt(asOf, milestone).reason).toEqual({ zh, en });
  });
});

describe('assessTarget with no data', () => {
  it.each<[string, Partial<AssessmentInput>, string]>([
    ['no values at all', { series: [] }, '暂无数据'],
    ['values of last year only', { series: monthly(2024, [500]) }, '暂无数据'],
    [
      'a target without a value',
      { target: buildTarget({ value: null }), series: janToJun(400) },
      '目标未设定数值',
    ],
  ])('shows no light with %s', (_, overrides, zh) => {
    const assessment = assess(overrides);
    expect(assessment).toMatchObject({
      light: 'none',
      actual: null,
      forecast: null,
      asOfPeriodId: null,
    });
    expect(assessment.reason.zh).toBe(zh);
  });
});

describe('damped recovery', () => {
  it('shows a red target that catches up yellow for one period, then green', () => {
    const lastYearSeries = flat2024;
    const may = assess({
      series: monthly(2025, [30, 30, 30, 30, 30]),
      lastYearSeries,
      asOf: '2025-06-05',
    });
    expect(may.light).toBe('red');
    const june = assess({ series: janToJun(520), lastYearSeries, previousLight: may.light });
    expect(june.light).toBe('yellow');
    expect(june.reason.zh).toMatch(/；由红灯回升，本期先亮黄灯$/);
    expect(june.reason.en).toMatch(/; recovering from red, shown yellow for one period$/);
    const july = assess({
      series: [...janToJun(520), { periodId: '202507', value: 100 }],
      lastYearSeries,
      asOf: '2025-08-05',
      previousLight: june.light,
    });
    expect(july.light).toBe('green');
  });

  it.each<[string, Partial<AssessmentInput>, Light]>([
    [
      'a recovery when damping is off',
      { thresholds: { ...defaultLightThresholds, dampRecovery: false } },
      'green',
    ],
    ['a target that was yellow', { previousLight: 'yellow' }, 'green'],
  ])('does not damp %s', (_, overrides, light) => {
    expect(
      assess({
        series: janToJun(520),
        lastYearSeries: flat2024,
        previousLight: 'red',
        ...overrides,
      }).light,
    ).toBe(light);
  });

  it('does not hold back a red target that is now done', () => {
    expect(assess({ series: janToJun(1000), previousLight: 'red' }).light).toBe('done');
  });

  it('damps a milestone back on schedule', () => {
    const assessment = assess({
      target: tunnel,
      asOf: '2025-05-01',
      milestone: { plannedDate: '2025-06-30', actualDate: null },
      previousLight: 'red',
    });
    expect(assessment.light).toBe('yellow');
  });
});

describe('thresholds are configuration', () => {
  it('marks 42% against 50% red when a deployment allows only 5 points', () => {
    const thresholds = { ...defaultLightThresholds, flowYellowPoints: 5 };
    expect(assess({ series: janToJun(420), lastYearSeries: flat2024, thresholds }).light).toBe(
      'red',
    );
  });

  it('marks 3.2% against 4% red when a deployment allows only half a point', () => {
    const thresholds = { ...defaultLightThresholds, growthYellowPoints: 0.5 };
    expect(
      assess({ target: primaryGrowth, series: quarterly(2025, [3.2]), thresholds }).light,
    ).toBe('red');
  });

  it('marks 305 days against 310 red when a deployment allows only 1%', () => {
    const thresholds = { ...defaultLightThresholds, levelYellowShare: 0.01 };
    expect(assess({ target: goodAirDays, series: monthly(2025, [305]), thresholds }).light).toBe(
      'red',
    );
  });

  it('marks a milestone 20 days late red when a deployment allows only 15 days', () => {
    const thresholds = { ...defaultLightThresholds, milestoneYellowDays: 15 };
    const milestone = { plannedDate: '2025-06-30', actualDate: null };
    expect(assess({ target: tunnel, asOf: '2025-07-20', milestone, thresholds }).light).toBe('red');
  });
});

describe('cumulativeSpan', () => {
  it.each<[string, string, string]>([
    ['202501', '1月', 'Jan'],
    ['202506', '1—6月', 'Jan–Jun'],
    ['2025Q1', '一季度', 'Q1'],
    ['2025Q2', '上半年', 'H1'],
    ['2025Q3', '前三季度', 'Q1–Q3'],
    ['2025Q4', '全年', 'Full year'],
    ['2025S1', '上半年', 'H1'],
    ['2025', '全年', 'Full year'],
    ['202503D2', '截至3月20日', 'To 20 Mar'],
    ['2025W12', '截至3月23日', 'To 23 Mar'],
    ['2020W53', '截至12月31日', 'To 31 Dec'],
    ['20250315', '截至3月15日', 'To 15 Mar'],
  ])('names the span to the end of %s as %s', (id, zh, en) => {
    expect(cumulativeSpan(parsePeriod(id))).toEqual({ zh, en });
  });
});
