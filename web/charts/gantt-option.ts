/**
 * The Gantt of a unit's or a town's key projects as an ECharts custom series: per project a
 * thin baseline bar (the approved node plan, which later edits do not move), the current bar
 * (each node's best-known date: actual, else forecast, else planned) in the project's light,
 * the part already done drawn dark over it, and a line at today.
 */
import type { EChartsOption } from 'echarts';
import type { GanttView } from '../../src/contract/project.ts';
import type { Light } from '../../src/contract/common.ts';
import { translate, type Lang } from '../app/i18n.ts';
import { lightStyles } from '../components/light-style.ts';

type GanttRow = GanttView['rows'][number];

/** A span of dates (ISO yyyy-mm-dd, inclusive), or null when the row has no such dates. */
export type Span = readonly [string, string] | null;

/** The spans drawn for one project. */
export interface GanttSpans {
  readonly baseline: Span;
  readonly current: Span;
  readonly actual: Span;
}

const spanOf = (dates: readonly (string | null)[]): Span => {
  const known = dates.filter((d): d is string => d !== null).sort();
  const first = known[0];
  const last = known[known.length - 1];
  return first === undefined || last === undefined ? null : [first, last];
};

/**
 * The bars of one project: the baseline spans its nodes' baseline dates; the current bar spans
 * the registry's start and finish and every node's best-known date; the actual bar spans the
 * nodes already done.
 */
export function ganttSpans(row: GanttRow): GanttSpans {
  const m = row.milestones;
  return {
    baseline: spanOf(m.map((n) => n.baselineDate)),
    current: spanOf([
      row.startDate,
      row.finishDate,
      ...m.map((n) => n.actualDate ?? n.forecastDate ?? n.plannedDate),
    ]),
    actual: spanOf(m.map((n) => n.actualDate)),
  };
}

const dayMs = 86_400_000;
const toMs = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** Height of the chart for `rows` projects: a row each, plus axes and legend. */
export const ganttHeight = (rows: number) => Math.max(160, 28 * rows + 90);

/** The option for the Gantt of `view`; the first project is drawn at the top. */
export function buildGanttOption(
  view: Pick<GanttView, 'today' | 'rows'>,
  lang: Lang,
): EChartsOption {
  const spans = view.rows.map(ganttSpans);
  const names = view.rows.map((r) => r.name);
  const bar = (pick: (s: GanttSpans) => Span, light?: (row: GanttRow) => Light) =>
    spans.flatMap((s, i) => {
      const span = pick(s);
      const row = view.rows[i];
      if (!span || !row) return [];
      return [
        {
          value: [i, toMs(span[0]), toMs(span[1]) + dayMs, span[0], span[1]],
          name: row.name,
          ...(light ? { itemStyle: { color: lightStyles[light(row)].color } } : {}),
        },
      ];
    });
  // [row index, start ms, end ms]; `band` is where in the row's height the bar sits (0 top, 1 bottom).
  const renderBar =
    (band: readonly [number, number]) =>
    (
      params: unknown,
      api: {
        value: (i: number) => number;
        coord: (v: [number, number]) => [number, number];
        size: (v: [number, number]) => [number, number];
        style: () => Record<string, unknown>;
      },
    ) => {
      const row = api.value(0);
      const [x0, yMid] = api.coord([api.value(1), row]);
      const [x1] = api.coord([api.value(2), row]);
      const rowHeight = api.size([0, 1])[1];
      const top = yMid - rowHeight / 2 + rowHeight * band[0];
      return {
        type: 'rect' as const,
        shape: {
          x: x0,
          y: top,
          width: Math.max(2, x1 - x0),
          height: rowHeight * (band[1] - band[0]),
        },
        style: api.style(),
      };
    };
  const word = (key: Parameters<typeof translate>[1]) => translate(lang, key);
  const encode = { x: [1, 2], y: 0 };
  const tooltip = {
    formatter: (p: { seriesName?: string; name: string; value?: unknown }) => {
      const v = p.value as [number, number, number, string, string];
      return `${p.name}<br/>${p.seriesName ?? ''}：${v[3]} — ${v[4]}`;
    },
  };
  return {
    tooltip: { trigger: 'item' },
    legend: { top: 0 },
    grid: { left: 8, right: 90, top: 30, bottom: 24, containLabel: true },
    xAxis: { type: 'time', position: 'top', splitLine: { show: true } },
    yAxis: {
      type: 'category',
      data: names,
      inverse: true,
      axisLabel: { width: 180, overflow: 'truncate' },
    },
    series: [
      {
        type: 'custom',
        name: word('projects.baseline'),
        renderItem: renderBar([0.62, 0.82]) as never,
        itemStyle: { color: '#8c96a3' },
        encode,
        tooltip,
        data: bar((s) => s.baseline),
      },
      {
        type: 'custom',
        name: word('projects.forecast'),
        renderItem: renderBar([0.2, 0.58]) as never,
        itemStyle: { color: lightStyles.green.color },
        encode,
        tooltip,
        data: bar(
          (s) => s.current,
          (r) => r.light as Light,
        ),
        markLine: {
          symbol: 'none',
          silent: true,
          lineStyle: { color: '#d9363e', type: 'dashed' },
          label: { formatter: `${word('projects.today')} ${view.today}` },
          data: [{ xAxis: toMs(view.today) }],
        },
      },
      {
        type: 'custom',
        name: word('projects.actualDate'),
        renderItem: renderBar([0.3, 0.48]) as never,
        itemStyle: { color: '#1d2b3a' },
        encode,
        tooltip,
        data: bar((s) => s.actual),
      },
    ],
  };
}
