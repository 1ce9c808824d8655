/** Chart option builders: plain data in, an ECharts option out (tested without a browser). */
import type { EChartsOption } from 'echarts';
import type { LightCounts } from '../../src/contract/common.ts';
import type { TargetDetail } from '../../src/contract/plan.ts';
import { formatNodeLabel, formatNumber, formatPeriodShort, parsePeriodId } from '../app/format.ts';
import { translate, type Lang } from '../app/i18n.ts';
import { lightOrder } from '../app/plan-rows.ts';
import { lightStyles } from '../components/light-style.ts';

const valueFormatter = (decimals: number) => (v: unknown) =>
  typeof v === 'number' ? formatNumber(v, decimals) : typeof v === 'string' ? v : '—';

/** Targets by light as a ring; zero slices are left out so the labels stay readable. */
export function buildLightPieOption(counts: LightCounts, lang: Lang, dark = false): EChartsOption {
  const data = lightOrder
    .filter((l) => counts[l] > 0)
    .map((l) => ({
      name: translate(lang, lightStyles[l].word),
      value: counts[l],
      itemStyle: { color: lightStyles[l].color },
      light: l,
    }));
  const total = lightOrder.reduce((s, l) => s + counts[l], 0);
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, icon: 'circle', textStyle: dark ? { color: '#cfd8e3' } : {} },
    title: {
      text: String(total),
      subtext: translate(lang, 'overview.targets'),
      left: 'center',
      top: '36%',
      textStyle: { fontSize: 28, fontWeight: 'bold', color: dark ? '#e6edf5' : '#1f2933' },
      subtextStyle: { fontSize: 13, color: dark ? '#9fb3c8' : '#6b7785' },
    },
    series: [
      {
        type: 'pie',
        radius: ['48%', '72%'],
        center: ['50%', '45%'],
        avoidLabelOverlap: true,
        itemStyle: { borderColor: dark ? '#0b1a2e' : '#fff', borderWidth: 2 },
        label: { formatter: '{b} {c}', color: dark ? '#e6edf5' : undefined },
        data,
      },
    ],
  };
}

/** A plan group for the stacked bar: its label, title and light counts. */
export interface GroupLights {
  readonly key: string;
  readonly label: string;
  readonly title: string;
  readonly lights: LightCounts;
}

/** Shortens a group title for an axis label. */
export function shortTitle(title: string, max = 12): string {
  const chars = [...title];
  return chars.length <= max ? title : `${chars.slice(0, max - 1).join('')}…`;
}

/** Targets by group as horizontal bars stacked by light, groups in plan order from the top. */
export function buildGroupLightsOption(
  groups: readonly GroupLights[],
  lang: Lang,
  dark = false,
): EChartsOption {
  // Groups without targets (the review of last year) would only add empty rows.
  const ordered = groups.filter((g) => lightOrder.some((l) => g.lights[l] > 0)).reverse();
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { bottom: 0, textStyle: dark ? { color: '#cfd8e3' } : {} },
    grid: { left: 8, right: 24, top: 8, bottom: 36, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      // In English the part's numeral reads as a digit; its title is the plan's own words
      // (data, shown as written: a canvas label cannot carry the zh mark).
      data: ordered.map((g) =>
        shortTitle(
          `${formatNodeLabel(g.label, lang)}${lang === 'zh' ? '' : ' '}${g.title}`,
          lang === 'zh' ? 14 : 22,
        ),
      ),
      axisLabel: { color: dark ? '#cfd8e3' : '#3c4750', interval: 0, fontSize: dark ? 14 : 12 },
    },
    series: lightOrder.map((l) => ({
      type: 'bar' as const,
      name: translate(lang, lightStyles[l].word),
      stack: 'lights',
      barMaxWidth: 22,
      itemStyle: { color: lightStyles[l].color },
      emphasis: { focus: 'series' as const },
      data: ordered.map((g) => g.lights[l]),
    })),
  };
}

/** A tiny line without axes for a headline card. */
export function buildSparklineOption(
  values: readonly (number | null)[],
  color = '#1f6feb',
): EChartsOption {
  return {
    animation: false,
    backgroundColor: 'transparent',
    grid: { left: 0, right: 0, top: 4, bottom: 0 },
    xAxis: { type: 'category', show: false, boundaryGap: false, data: values.map((_, i) => i) },
    yAxis: { type: 'value', show: false, scale: true },
    tooltip: { show: false },
    series: [
      {
        type: 'line',
        data: [...values],
        symbol: 'none',
        smooth: true,
        connectNulls: true,
        lineStyle: { width: 2, color },
        areaStyle: { color, opacity: 0.12 },
      },
    ],
  };
}

const monthIds = (year: number) =>
  Array.from({ length: 12 }, (_, i) => `${year}${String(i + 1).padStart(2, '0')}`);

/** The x axis of a target chart: the twelve months when the data is monthly, else its own periods. */
export function targetChartPeriods(detail: Pick<TargetDetail, 'series' | 'plan'>): string[] {
  const ids = detail.series.map((p) => p.periodId);
  const monthly = ids.length === 0 || ids.every((id) => parsePeriodId(id)?.kind === 'month');
  return monthly ? monthIds(detail.plan.year) : ids;
}

/** What a target chart compares, read from the target and its data. */
export type TargetChartMode =
  /** Cumulative amounts against the target amount. */
  | 'flow'
  /** Cumulative amounts against last year's, grown by the target rate. */
  | 'growth-amount'
  /** A level (stock, rate, published growth) against the target level. */
  | 'level';

/** Picks how to chart a target: a growth target charted on amounts needs last year's data. */
export function targetChartMode(
  detail: Pick<TargetDetail, 'target' | 'lastYearSeries'>,
): TargetChartMode {
  const { target } = detail;
  if (target.measure === 'growth') {
    const isRateIndicator = (target.indicator?.unit ?? '%').includes('%');
    return !isRateIndicator && detail.lastYearSeries.length > 0 ? 'growth-amount' : 'level';
  }
  return target.measure === 'flow' ? 'flow' : 'level';
}

/**
 * The target chart: cumulative actual (or the level), the target line, the expected-progress
 * line the light was judged by (the API's expectedSeries: last year's real profile, or the
 * calendar), and the forecast to year end (dashed).
 */
export function buildTargetChartOption(detail: TargetDetail, lang: Lang): EChartsOption {
  const { target } = detail;
  const decimals = target.indicator?.decimals ?? 2;
  const periods = targetChartPeriods(detail);
  const mode = targetChartMode(detail);
  const byPeriod = new Map(detail.series.map((p) => [p.periodId, p]));
  const lastYear = new Map(detail.lastYearSeries.map((p) => [p.periodId.slice(4), p]));
  const tr = (k: Parameters<typeof translate>[1]) => translate(lang, k);

  const actual = periods.map((id) => byPeriod.get(id)?.cumulative ?? null);
  const lastIndex = actual.reduce<number>((last, v, i) => (v === null ? last : i), -1);
  const lastYearCum = periods.map((id) => lastYear.get(id.slice(4))?.cumulative ?? null);
  const lastYearTotal = [...lastYearCum].reverse().find((v) => v !== null) ?? null;
  const goal = target.comparedValue ?? target.value;

  let targetLine: number | null = null;
  let expected: (number | null)[] = [];
  let forecastEnd: number | null = null;
  const fc = target.assessment.forecast;

  if (mode === 'flow') {
    targetLine = goal;
    if (goal !== null) {
      // The server's expected progress, on the basis the light was judged by (序时进度).
      const expectedShare = new Map(
        (detail.expectedSeries ?? []).map((p) => [p.periodId, p.share]),
      );
      expected = periods.map((id) => {
        const share = expectedShare.get(id);
        return share === undefined ? null : share * goal;
      });
    }
    forecastEnd = fc?.value ?? null;
  } else if (mode === 'growth-amount') {
    const g = (target.value ?? 0) / 100;
    targetLine = lastYearTotal === null ? null : lastYearTotal * (1 + g);
    expected = lastYearCum.map((v) => (v === null ? null : v * (1 + g)));
    forecastEnd = fc && lastYearTotal !== null ? lastYearTotal * (1 + fc.value / 100) : null;
  } else {
    targetLine = goal;
    forecastEnd = fc?.value ?? null;
  }

  const forecast: (number | null)[] = periods.map(() => null);
  if (forecastEnd !== null && lastIndex >= 0 && lastIndex < periods.length - 1) {
    forecast[lastIndex] = actual[lastIndex] ?? null;
    forecast[periods.length - 1] = forecastEnd;
  }

  const round = (v: number | null) =>
    v === null ? null : Number(v.toFixed(Math.max(decimals, 2)));
  const unit =
    mode === 'level' ? target.comparedUnit || target.unit : (target.indicator?.unit ?? target.unit);
  const series: EChartsOption['series'] = [
    {
      type: 'line',
      name: tr(mode === 'level' ? 'target.series.level' : 'target.series.actual'),
      data: actual.map(round),
      symbolSize: 7,
      lineStyle: { width: 3 },
      itemStyle: { color: '#1f6feb' },
      areaStyle: mode === 'level' ? undefined : { opacity: 0.08 },
      ...(targetLine === null
        ? {}
        : {
            markLine: {
              symbol: 'none',
              label: {
                formatter: `${tr('target.series.target')} ${formatNumber(targetLine, decimals)}`,
                position: 'insideEndTop',
              },
              lineStyle: { color: '#d9363e', type: 'solid', width: 2 },
              data: [{ yAxis: round(targetLine) ?? 0, name: tr('target.series.target') }],
            },
          }),
    },
  ];
  if (expected.length > 0)
    series.push({
      type: 'line',
      name: tr('target.series.expected'),
      data: expected.map(round),
      symbol: 'none',
      lineStyle: { type: 'dashed', color: '#8a94a6', width: 2 },
      itemStyle: { color: '#8a94a6' },
    });
  if (forecast.some((v) => v !== null))
    series.push({
      type: 'line',
      name: tr('target.series.forecast'),
      data: forecast.map(round),
      connectNulls: true,
      symbol: 'emptyCircle',
      symbolSize: 8,
      lineStyle: { type: 'dotted', width: 2, color: fc?.willMeet ? '#2f9e44' : '#f08c00' },
      itemStyle: { color: fc?.willMeet ? '#2f9e44' : '#f08c00' },
    });
  if (mode !== 'level' && lastYearCum.some((v) => v !== null))
    series.push({
      type: 'line',
      name: tr('target.series.lastYear'),
      data: lastYearCum.map(round),
      symbol: 'none',
      lineStyle: { width: 1, color: '#c3c9d2' },
      itemStyle: { color: '#c3c9d2' },
    });

  const values = [...actual, ...expected, ...forecast, targetLine].filter(
    (v): v is number => v !== null,
  );
  const max = values.length > 0 ? Math.max(...values) : undefined;
  return {
    tooltip: { trigger: 'axis', valueFormatter: valueFormatter(decimals) },
    legend: { top: 0 },
    grid: { left: 8, right: 24, top: 40, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: periods.map((id) => formatPeriodShort(id, lang)),
      boundaryGap: false,
    },
    yAxis: {
      type: 'value',
      name: unit,
      scale: mode === 'level',
      ...(max !== undefined && mode !== 'level' ? { max: Math.ceil(max * 1.08) } : {}),
    },
    series,
  };
}

/** One point of an indicator series as the chart reads it. */
export interface ChartPoint {
  readonly periodId: string;
  readonly value: number | null;
  readonly source: string | null;
}

/**
 * An indicator over this year and last year, month by month; a "(模拟)" mark on a series
 * whose points are simulated.
 */
export function buildIndicatorSeriesOption(
  points: readonly ChartPoint[],
  year: number,
  lang: Lang,
  opts: { unit: string; decimals: number; dark?: boolean },
): EChartsOption {
  const monthly = points.filter((p) => parsePeriodId(p.periodId)?.kind === 'month');
  const useMonths = monthly.length > 0;
  const chosen = useMonths
    ? monthly
    : points.filter((p) => parsePeriodId(p.periodId)?.kind !== 'year');
  const axis = useMonths
    ? monthIds(year).map((id) => id.slice(4))
    : [...new Set(chosen.map((p) => p.periodId.slice(4)))].sort();
  const of = (y: number) => {
    const m = new Map(
      chosen.filter((p) => p.periodId.startsWith(String(y))).map((p) => [p.periodId.slice(4), p]),
    );
    return axis.map((k) => m.get(k) ?? null);
  };
  const mark = (list: (ChartPoint | null)[]) =>
    list.some((p) => p?.source === 'simulated') ? ` (${translate(lang, 'source.simulated')})` : '';
  const thisYear = of(year);
  const lastYear = of(year - 1);
  const label = (k: string) => formatPeriodShort(`${year}${k}`, lang);
  return {
    tooltip: { trigger: 'axis', valueFormatter: valueFormatter(opts.decimals) },
    legend: { top: 0, textStyle: opts.dark ? { color: '#cfd8e3' } : {} },
    grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: axis.map(label) },
    // Bars start at zero, or their lengths would mislead.
    yAxis: { type: 'value', name: opts.unit },
    series: [
      {
        type: 'bar',
        name: `${year}${mark(thisYear)}`,
        data: thisYear.map((p) => p?.value ?? null),
        itemStyle: { color: '#1f6feb' },
        barMaxWidth: 26,
      },
      {
        type: 'line',
        name: `${year - 1}${mark(lastYear)}`,
        data: lastYear.map((p) => p?.value ?? null),
        itemStyle: { color: '#9aa0a6' },
        lineStyle: { type: 'dashed' },
        symbolSize: 5,
      },
    ],
  };
}

/** A child unit's value for the drill-down bar. */
export interface BreakdownBar {
  readonly unitCode: string;
  readonly name: string;
  readonly value: number | null;
}

/** Child units ranked by value as horizontal bars; clicking a bar drills down. */
export function buildBreakdownOption(
  rows: readonly BreakdownBar[],
  opts: { unit: string; decimals: number },
): EChartsOption {
  const ranked = [...rows]
    .filter((r) => r.value !== null)
    .sort((a, b) => (a.value ?? 0) - (b.value ?? 0));
  return {
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: valueFormatter(opts.decimals),
    },
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', name: opts.unit },
    yAxis: { type: 'category', data: ranked.map((r) => r.name) },
    series: [
      {
        type: 'bar',
        data: ranked.map((r) => ({ value: r.value, unitCode: r.unitCode })),
        itemStyle: { color: '#3a7bd5', borderRadius: [0, 3, 3, 0] },
        label: {
          show: true,
          position: 'right',
          formatter: (p) => formatNumber(p.value as number, opts.decimals),
        },
        barMaxWidth: 18,
      },
    ],
  };
}
