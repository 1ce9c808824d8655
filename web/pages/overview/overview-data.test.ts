import { describe, expect, it } from 'vitest';
import type { PlanNodeView, PlanTree } from '../../../src/contract/plan.ts';
import { summarizeTree } from './overview-data.ts';

const counts = (red: number, green: number) => ({ red, green, yellow: 0, done: 0, none: 0 });
const node = (
  kind: PlanNodeView['kind'],
  key: string,
  lights: PlanNodeView['lights'],
  children: PlanNodeView[] = [],
): PlanNodeView => ({
  id: key,
  key,
  kind,
  label: key,
  ordinal: 1,
  title: `标题${key}`,
  text: '',
  units: [],
  targets: [],
  lights,
  children,
});

describe('the Overview summary read off the plan tree', () => {
  it('gives the plan’s counts and one entry per group with its part, as GET /summary does', () => {
    const tree: PlanTree = {
      id: 'p',
      year: 2025,
      title: '计划',
      status: 'adopted',
      sourceDocument: 'plan.txt',
      unit: { code: 'D', name: '区' },
      asOf: '2025-09-30',
      lights: counts(3, 4),
      nodes: [
        node('part', '一', counts(0, 0), [node('group', '一/(一)', counts(0, 0))]),
        node('part', '二', counts(3, 4), [
          node('group', '二/(一)', counts(1, 4), [node('task', '二/(一)/1', counts(1, 4))]),
          node('group', '二/(二)', counts(2, 0)),
        ]),
      ],
    };
    expect(summarizeTree(tree)).toEqual({
      planId: 'p',
      asOf: '2025-09-30',
      lights: counts(3, 4),
      groups: [
        {
          key: '一/(一)',
          label: '一/(一)',
          title: '标题一/(一)',
          partKey: '一',
          lights: counts(0, 0),
        },
        {
          key: '二/(一)',
          label: '二/(一)',
          title: '标题二/(一)',
          partKey: '二',
          lights: counts(1, 4),
        },
        {
          key: '二/(二)',
          label: '二/(二)',
          title: '标题二/(二)',
          partKey: '二',
          lights: counts(2, 0),
        },
      ],
    });
  });
});
