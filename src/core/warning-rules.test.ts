import { describe, expect, it } from 'vitest';
import {
  arrangeSubjectRules,
  evaluateLag,
  evaluateMissing,
  describeSeriesState,
  rulesFiringOn,
  seriesRuleState,
  type SeriesPoint,
  type WarningCondition,
  type WarningRule,
} from './warning-rules.ts';

/** A rule's state at the end of a series with its words, as the warning service takes them. */
const evaluateSeriesRule = (
  r: Pick<WarningRule, 'condition' | 'pendingPeriods' | 'name'>,
  series: readonly SeriesPoint[],
  lastYear?: ReadonlyMap<string, number>,
) => {
  const state = seriesRuleState(r, series, lastYear);
  return { ...state, message: describeSeriesState(r, state) };
};

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

describe('screening a subject’s rules', () => {
  // A small deterministic generator: the same cases every run.
  let seed = 7;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const conditions = (): WarningCondition => {
    const pick = random();
    if (pick < 0.4)
      return {
        kind: 'threshold',
        direction: random() < 0.5 ? 'above' : 'below',
        bound: Math.round(random() * 120),
        hysteresis: Math.round(random() * 10),
      };
    if (pick < 0.7)
      return {
        kind: 'change',
        basis: random() < 0.5 ? 'yoy' : 'pop',
        direction: random() < 0.5 ? 'fall' : 'rise',
        percent: Math.round(random() * 40),
        hysteresis: Math.round(random() * 5),
      };
    return {
      kind: 'run',
      direction: random() < 0.5 ? 'fall' : 'rise',
      periods: 1 + Math.floor(random() * 4),
    };
  };

  it('finds exactly the rules that judging each one by one finds', () => {
    for (let trial = 0; trial < 200; trial++) {
      const rules = Array.from({ length: 40 }, (_, i) => ({
        ...rule(conditions(), 1 + Math.floor(random() * 3)),
        name: `r${i}`,
      }));
      const series = months(
        Array.from({ length: 1 + Math.floor(random() * 12) }, () => Math.round(random() * 100)),
      );
      const lastYear = new Map(
        series.map((p) => [p.periodId, Math.round(random() * 100)] as const),
      );
      const oneByOne = rules.filter((r) => evaluateSeriesRule(r, series, lastYear).isFiring);
      const screened = rulesFiringOn(arrangeSubjectRules(rules), series, lastYear);
      expect(new Set(screened)).toEqual(new Set(oneByOne));
    }
  });

  it('does not look at a threshold the series never reached', () => {
    const seen: number[] = [];
    const watched = (bound: number) => ({
      name: String(bound),
      pendingPeriods: 1,
      get condition(): WarningCondition {
        seen.push(bound);
        return { kind: 'threshold', direction: 'above', bound, hysteresis: 0 };
      },
    });
    const arranged = arrangeSubjectRules([watched(10), watched(1000), watched(2000)]);
    seen.length = 0;
    const firing = rulesFiringOn(arranged, months([5, 50]));
    expect(firing.map((r) => r.name)).toEqual(['10']);
    // The binary search reads a bound or two; the walk reads only the one below the maximum.
    expect(seen.filter((b) => b === 2000).length).toBeLessThanOrEqual(1);
  });
});
