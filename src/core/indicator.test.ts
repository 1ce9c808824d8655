import { describe, expect, it } from 'vitest';
import { isAdditiveOverTime, isAdditiveOverUnits, isPercentMeasure } from './indicator.ts';
import type { Measure } from './measure.ts';

describe('indicator measures', () => {
  it.each<[Measure, boolean, boolean, boolean]>([
    ['flow', true, true, false],
    ['stock', false, true, false],
    ['rate', false, false, true],
    ['growth', false, false, true],
  ])(
    'treats %s as additive over time %s, over units %s, a percentage %s',
    (measure, overTime, overUnits, percent) => {
      expect(isAdditiveOverTime(measure)).toBe(overTime);
      expect(isAdditiveOverUnits(measure)).toBe(overUnits);
      expect(isPercentMeasure(measure)).toBe(percent);
    },
  );
});
