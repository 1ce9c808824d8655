import { describe, expect, it } from 'vitest';
import {
  evaluateLag,
  evaluateMissing,
  evaluateSeriesRule,
  type SeriesPoint,
  type WarningCondition,
} from './warning-rules.ts';

const months = (values: readonly number[]): SeriesPoint[] =>
  values.map((value, i) => ({ periodId: `2025${String(i + 1).padStart(2, '0')}`, value }));
const rule = (condition: WarningCondition, pendingPeriods = 1) => ({
  name: '测试规则',
  condition,
  pendingPeriods,
});
const unemploymentAbove5 = rule({
  kind: 'threshold',
  direction: 'above',
  bound: 5,
  hysteresis: 0.5,
});

describe('threshold rules', () => {
  it('fires when the value passes the bound', () => {
    const v = evaluateSeriesRule(unemploymentAbove5, months([4.2, 4.8, 5.3]));
    expect([v.isFiring, v.sincePeriodId]).toEqual([true, '202503']);
  });

  it('does not flap while the value hovers inside the hysteresis band after firing', () => {
    // 5.3 fires; 4.9 and 5.1 hover between 4.5 and 5: still the same warning, since March.
    const v = evaluateSeriesRule(unemploymentAbove5, months([4.2, 5.3, 4.9, 5.1, 4.8]));
    expect([v.isFiring, v.sincePeriodId]).toEqual([true, '202502']);
  });

  it('recovers once the value is back past the band', () => {
    const v = evaluateSeriesRule(unemploymentAbove5, months([4.2, 5.3, 4.9, 4.4]));
    expect([v.isFiring, v.sincePeriodId]).toEqual([false, null]);
  });

  it('waits the pending periods before firing', () => {
    const twice = rule({ kind: 'threshold', direction: 'above', bound: 5, hysteresis: 0 }, 2);
    expect(evaluateSeriesRule(twice, months([4, 5.2])).isFiring).toBe(false);
    expect(evaluateSeriesRule(twice, months([4, 5.2, 4.9, 5.4])).isFiring).toBe(false);
    const held = evaluateSeriesRule(twice, months([4, 5.2, 5.4]));
    expect([held.isFiring, held.sincePeriodId]).toEqual([true, '202502']);
  });

  it('watches a floor for a "below" rule', () => {
    const floor = rule({ kind: 'threshold', direction: 'below', bound: 310, hysteresis: 0 });
    expect(evaluateSeriesRule(floor, months([312, 305])).isFiring).toBe(true);
  });
});

describe('change rules', () => {
  const fall20 = rule({
    kind: 'change',
    basis: 'yoy',
    direction: 'fall',
    percent: 20,
    hysteresis: 5,
  });

  it('fires on a fall of 20% or more against the same month last year', () => {
    const lastYear = new Map([
      ['202501', 1000],
      ['202502', 1000],
    ]);
    const v = evaluateSeriesRule(fall20, months([900, 790]), lastYear);
    expect(v.isFiring).toBe(true);
    expect(v.value).toBeCloseTo(-21, 6);
    expect(v.message.zh).toBe('测试规则：202502同比下降21.0%，阈值下降20%，触发');
  });

  it('keeps firing at a fall of 17% (inside the 5-point band) and recovers at 14%', () => {
    const lastYear = new Map(months([1000, 1000, 1000]).map((p) => [p.periodId, p.value]));
    expect(evaluateSeriesRule(fall20, months([750, 830]), lastYear).isFiring).toBe(true);
    expect(evaluateSeriesRule(fall20, months([750, 830, 860]), lastYear).isFiring).toBe(false);
  });

  it('compares with the period before for a period-on-period rule, and skips periods without a base', () => {
    const pop = rule({
      kind: 'change',
      basis: 'pop',
      direction: 'rise',
      percent: 50,
      hysteresis: 0,
    });
    expect(evaluateSeriesRule(pop, months([100, 160])).isFiring).toBe(true);
    expect(evaluateSeriesRule(fall20, months([100])).periodId).toBeNull();
  });
});

describe('run rules', () => {
  const threeFalling = rule({ kind: 'run', direction: 'fall', periods: 3 });

  it('fires after three periods in a row each below the one before', () => {
    const v = evaluateSeriesRule(threeFalling, months([13, 12, 11, 9]));
    expect([v.isFiring, v.sincePeriodId]).toEqual([true, '202502']);
  });

  it('does not fire on two falls, nor after a rise', () => {
    expect(evaluateSeriesRule(threeFalling, months([12, 11, 10.5])).isFiring).toBe(false);
    expect(evaluateSeriesRule(threeFalling, months([12, 11, 10, 10.5])).isFiring).toBe(false);
  });
});

describe('lag and missing rules', () => {
  const lag = { kind: 'lag', points: 5, hysteresis: 2, onForecastMiss: false } as const;

  it.each<[number | null, boolean, boolean]>([
    [8, false, true],
    [5, false, true],
    [4, false, false],
    [4, true, true],
    [2.9, true, false],
    [null, true, false],
  ])('with a gap of %s points (firing before: %s) fires: %s', (gap, wasFiring, fires) => {
    expect(evaluateLag(lag, gap, null, wasFiring)).toBe(fires);
  });

  it('fires on a forecast miss when the rule asks for it', () => {
    expect(evaluateLag({ ...lag, onForecastMiss: true }, 0, false, false)).toBe(true);
  });

  it('fires for a report overdue by at least the rule days', () => {
    expect(evaluateMissing({ kind: 'missing', daysOverdue: 3 }, 3)).toBe(true);
    expect(evaluateMissing({ kind: 'missing', daysOverdue: 3 }, 2)).toBe(false);
  });
});
