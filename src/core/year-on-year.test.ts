import { describe, expect, it } from 'vitest';
import { yearOnYearChange } from './year-on-year.ts';

describe('year-on-year change (同比)', () => {
  it('states a figure against last year’s in percent', () => {
    // 106.5 against 100 is 6.5% up; 90 against 120 is 25% down.
    expect(yearOnYearChange(106.5, 100)).toBeCloseTo(6.5, 12);
    expect(yearOnYearChange(90, 120)).toBeCloseTo(-25, 12);
  });

  it('has no value without both figures or without a positive base', () => {
    expect(yearOnYearChange(null, 100)).toBeNull();
    expect(yearOnYearChange(5, undefined)).toBeNull();
    expect(yearOnYearChange(5, 0)).toBeNull();
    expect(yearOnYearChange(5, -2)).toBeNull();
    expect(yearOnYearChange(Number.NaN, 100)).toBeNull();
  });
});
