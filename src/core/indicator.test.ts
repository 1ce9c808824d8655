import { describe, expect, it } from 'vitest';
import { isAdditiveOverTime, isAdditiveOverUnits } from './indicator.ts';
import type { Measure } from './measure.ts';

describe('indicator measures', () => {
  it.each<[Measure, boolean, boolean]>([
    ['flow', true, true],
    ['stock', false, true],
    ['rate', false, false],
    ['growth', false, false],
  ])('treats %s as additive over time %s, over units %s', (measure, overTime, overUnits) => {
    expect(isAdditiveOverTime(measure)).toBe(overTime);
    expect(isAdditiveOverUnits(measure)).toBe(overUnits);
  });
});
