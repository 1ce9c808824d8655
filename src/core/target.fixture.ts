/**
 * A target for core tests: 新增1000个公共停车泊位 (seed plan, task 26), due in 2025, with any
 * field overridden.
 * One builder, so that a change to Target touches one test helper.
 */
import { asIndicatorId, asPlanNodeId, asTargetId } from './ids.ts';
import type { Target } from './target.ts';

export const buildTarget = (overrides: Partial<Target> = {}): Target => ({
  id: asTargetId('t-test'),
  nodeId: asPlanNodeId('n-test'),
  kind: 'indicator',
  metric: '新增公共停车泊位',
  indicatorId: asIndicatorId('i-test'),
  measure: 'flow',
  direction: 'higher',
  comparator: '>=',
  value: 1000,
  valueMax: null,
  unit: '个',
  sign: 1,
  isAspirational: false,
  duePeriodId: '2025',
  baseline: null,
  status: 'accepted',
  ...overrides,
});
