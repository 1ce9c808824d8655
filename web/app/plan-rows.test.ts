import { describe, expect, it } from 'vitest';
import { buildTree } from '../test/builders.ts';
import {
  collectExpandableKeys,
  countLights,
  countTargets,
  filterPlanRows,
  flattenRows,
  flattenTargets,
  laggingTargets,
  toPlanRows,
  upcomingDeadlines,
} from './plan-rows.ts';

describe('toPlanRows', () => {
  it('puts targets under their task and tasks under their group', () => {
    const rows = toPlanRows(buildTree());
    const kinds = flattenRows(rows).map(({ row, depth }) => `${depth}:${row.kind}`);
    expect(kinds).toEqual([
      '0:part',
      '1:group',
      '2:task',
      '3:target',
      '3:target',
      '1:group',
      '2:task',
      '3:target',
      '3:target',
      '2:task',
    ]);
  });

  it('gives a target the lead and co-units of its task and the key of its group', () => {
    const target = flattenRows(toPlanRows(buildTree())).find(
      (r) => r.row.title === '开行四向国际班列',
    )!.row;
    expect(target.leadUnits.map((u) => u.name)).toEqual(['区商务委']);
    expect(target.coUnits.map((u) => u.name)).toEqual(['区交通局']);
    expect(target.groupKey).toBe('二/(八)');
  });
});

describe('filterPlanRows', () => {
  const rows = toPlanRows(buildTree());
  const titles = (filtered: ReturnType<typeof filterPlanRows>) =>
    flattenRows(filtered)
      .filter((r) => r.row.kind === 'target')
      .map((r) => r.row.title);

  it('returns every row, empty tasks included, without a filter', () => {
    expect(flattenRows(filterPlanRows(rows, {}))).toHaveLength(10);
  });

  it('keeps only targets of the chosen lights and the nodes above them', () => {
    const filtered = filterPlanRows(rows, { lights: ['red', 'yellow'] });
    expect(titles(filtered)).toEqual(['开行四向国际班列', '公共停车泊位']);
    expect(flattenRows(filtered).some((r) => r.row.title === '大力实施城市更新')).toBe(false);
  });

  it('matches a unit as lead or as co-unit', () => {
    expect(titles(filterPlanRows(rows, { unitCode: 'TRA' }))).toEqual([
      '开行四向国际班列',
      '整车进出口',
      '公共停车泊位',
      '山城步道',
    ]);
    expect(titles(filterPlanRows(rows, { unitCode: 'COM' }))).toEqual([
      '开行四向国际班列',
      '整车进出口',
    ]);
  });

  it('keeps a group’s targets when filtering by group', () => {
    expect(titles(filterPlanRows(rows, { groupKey: '二/(九)' }))).toEqual([
      '公共停车泊位',
      '山城步道',
    ]);
  });

  it('finds targets by their own words or by the title of a node above them', () => {
    expect(titles(filterPlanRows(rows, { search: '停车' }))).toEqual(['公共停车泊位']);
    expect(titles(filterPlanRows(rows, { search: '缓堵' }))).toEqual(['公共停车泊位', '山城步道']);
  });

  it('combines filters and returns nothing when nothing passes', () => {
    expect(filterPlanRows(rows, { lights: ['done'] })).toEqual([]);
    expect(titles(filterPlanRows(rows, { lights: ['red', 'green'], unitCode: 'COM' }))).toEqual([
      '整车进出口',
    ]);
  });

  it('lists the keys to expand and counts the targets shown', () => {
    // The part, two groups and the two tasks with targets; the empty task has nothing to open.
    expect(collectExpandableKeys(rows)).toHaveLength(5);
    expect(countTargets(rows)).toBe(4);
  });
});

describe('overview lists', () => {
  const targets = flattenTargets(buildTree());

  it('lists targets with their task, group and part', () => {
    expect(targets).toHaveLength(4);
    expect(targets[0]!.group?.title).toBe('开放型经济');
    expect(targets[0]!.part?.title).toBe('2025年重点工作');
  });

  it('counts lights', () => {
    expect(countLights(targets.map((t) => t.target))).toEqual({
      green: 1,
      yellow: 1,
      red: 1,
      done: 0,
      none: 1,
    });
  });

  it('puts red before yellow among lagging targets and leaves out the rest', () => {
    expect(laggingTargets(targets).map((t) => t.target.metric)).toEqual([
      '公共停车泊位',
      '开行四向国际班列',
    ]);
  });

  it('lists deadlines soonest first with the days left, overdue ones negative', () => {
    const list = upcomingDeadlines(targets, '2025-09-30');
    expect(list[0]).toMatchObject({ dueDate: '2025-06-30', daysLeft: -92 });
    expect(list[1]).toMatchObject({ dueDate: '2025-12-31', daysLeft: 92 });
    expect(list[1]!.item.target.assessment.light).toBe('red');
  });
});
