import { describe, expect, it } from 'vitest';
import type { GanttView, MilestoneView } from '../../src/contract/project.ts';
import { buildGanttOption, ganttSpans } from './gantt-option.ts';

const node = (
  n: MilestoneView['node'],
  dates: Partial<
    Pick<MilestoneView, 'plannedDate' | 'forecastDate' | 'actualDate' | 'baselineDate'>
  >,
): MilestoneView => ({
  node: n,
  name: n,
  plannedDate: null,
  forecastDate: null,
  actualDate: null,
  baselineDate: null,
  slipDays: null,
  light: 'green',
  ...dates,
});

// A road begun on time whose completion is now forecast a month after its baseline.
const road: GanttView['rows'][number] = {
  code: 'SPB-2025-001',
  name: '歌乐山道路工程',
  stage: 'construction',
  unit: { code: 'jw', name: '区交通局' },
  startDate: '2025-03-01',
  finishDate: null,
  light: 'red',
  milestones: [
    node('start', {
      plannedDate: '2025-03-01',
      baselineDate: '2025-03-01',
      actualDate: '2025-03-10',
    }),
    node('topping-out', { plannedDate: '2025-09-30', baselineDate: '2025-09-30' }),
    node('acceptance', {
      plannedDate: '2025-11-30',
      baselineDate: '2025-11-30',
      forecastDate: '2025-12-31',
    }),
  ],
};

describe('ganttSpans', () => {
  it('spans the baseline dates, the best-known dates and the dates already done', () => {
    const s = ganttSpans(road);
    expect(s.baseline).toEqual(['2025-03-01', '2025-11-30']);
    // The forecast acceptance (12-31) replaces its planned date; the registry's start stays first.
    expect(s.current).toEqual(['2025-03-01', '2025-12-31']);
    expect(s.actual).toEqual(['2025-03-10', '2025-03-10']);
  });

  it('has no bar where a project has no such dates', () => {
    const bare = {
      ...road,
      startDate: null,
      milestones: [node('approval', { plannedDate: '2025-02-01' })],
    };
    expect(ganttSpans(bare)).toEqual({
      baseline: null,
      current: ['2025-02-01', '2025-02-01'],
      actual: null,
    });
  });
});

describe('buildGanttOption', () => {
  it('draws a row per project, the current bar in its light and a line at today', () => {
    const option = buildGanttOption({ today: '2025-10-15', rows: [road] }, 'zh');
    expect((option.yAxis as { data: string[] }).data).toEqual(['歌乐山道路工程']);
    const series = option.series as {
      name: string;
      data: { value: number[]; itemStyle?: { color: string } }[];
      markLine?: { data: { xAxis: number }[] };
    }[];
    expect(series.map((s) => s.name)).toEqual(['基线', '预计', '实际']);
    const current = series[1];
    // Red light: the colour the rest of the cockpit uses for red.
    expect(current?.data[0]?.itemStyle?.color).toBe('#d9363e');
    // The bar ends at the end of its last day.
    expect(current?.data[0]?.value.slice(1, 3)).toEqual([
      Date.UTC(2025, 2, 1),
      Date.UTC(2025, 11, 31) + 86_400_000,
    ]);
    expect(current?.markLine?.data[0]?.xAxis).toBe(Date.UTC(2025, 9, 15));
  });
});
