import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkEntry,
  entryCheckFor,
  computeYoyChangePct,
  toPeriodValue,
  type EntryCheck,
  type EntryRules,
} from './entry-rules.ts';

/** Rules of a monthly flow with a 50% year-on-year threshold and no bounds, unless overridden. */
const buildRules = (overrides: Partial<EntryRules> = {}): EntryRules => ({
  measure: 'flow',
  minValue: null,
  maxValue: null,
  maxYoyChangePct: 50,
  ...overrides,
});

/** A period entry of 100 with no history, unless overridden. */
const buildCheck = (overrides: Partial<EntryCheck> = {}): EntryCheck => ({
  entered: 100,
  mode: 'period',
  comment: '',
  lastYearValue: null,
  previousCumulative: 0,
  ...overrides,
});

const rulesOf = (rules: Partial<EntryRules>, check: Partial<EntryCheck>) =>
  checkEntry(buildRules(rules), buildCheck(check)).problems.map((p) => p.rule);

describe('checkEntry', () => {
  it('answers a negative month typed as the month about the month, not about cumulative totals', () => {
    const [problem] = checkEntry(buildRules(), buildCheck({ entered: -5 })).problems;
    expect(problem?.reason).toContain('本期数值 -5 为负数');
    expect(problem?.reason).not.toContain('累计');
    expect(problem?.reasonEn).not.toContain('cumulative');
  });

  it.each([
    ['a value inside the bounds', { minValue: 0, maxValue: 200 }, { entered: 100 }, []],
    ['a value below the minimum', { minValue: 150 }, { entered: 100 }, ['below-min']],
    ['a value above the maximum', { maxValue: 50 }, { entered: 100 }, ['above-max']],
    ['a value on the minimum', { minValue: 100 }, { entered: 100 }, []],
    ['a value on the maximum', { maxValue: 100 }, { entered: 100 }, []],
    ['a value on its indicator’s magnitude bound', { maxMagnitude: 100 }, { entered: 100 }, []],
    [
      'a value beyond its indicator’s magnitude bound',
      { maxMagnitude: 100 },
      { entered: 100.5 },
      ['beyond-magnitude'],
    ],
    [
      'a negative stock beyond its indicator’s magnitude bound',
      { measure: 'stock' as const, maxMagnitude: 100 },
      { entered: -101 },
      ['beyond-magnitude'],
    ],
    [
      'a cumulative within the bound whose month is not, after a restated previous total',
      { maxMagnitude: 1000 },
      { entered: 900, mode: 'cumulative' as const, previousCumulative: -200 },
      ['beyond-magnitude'],
    ],
    [
      'a bound above the global one is the global one',
      { maxMagnitude: 1e300 },
      { entered: 2e15 },
      ['not-a-number'],
    ],
    ['a negative flow month', {}, { entered: -5 }, ['cumulative-falls']],
    [
      'a value above the maximum with an explanation',
      { maxValue: 50 },
      { entered: 100, comment: '新厂投产，产值翻倍' },
      [],
    ],
    [
      'a value above the maximum with a token comment',
      { maxValue: 50 },
      { entered: 100, comment: '测试' },
      ['above-max'],
    ],
    [
      'eleven times last year without an explanation',
      {},
      { entered: 1100, lastYearValue: 100 },
      ['implausible-needs-explanation'],
    ],
    [
      'eleven times last year with the comment 测试',
      {},
      { entered: 1100, lastYearValue: 100, comment: '测试' },
      ['implausible-needs-explanation'],
    ],
    [
      'eleven times last year with an explanation',
      {},
      { entered: 1100, lastYearValue: 100, comment: '新项目一次性入统' },
      [],
    ],
    [
      'exactly ten times last year (a jump, not implausible)',
      {},
      { entered: 1000, lastYearValue: 100, comment: '有' },
      [],
    ],
    [
      'a rate at twelve times last year (no multiple rule for rates)',
      { measure: 'rate' as const, maxYoyChangePct: null },
      { entered: 6, lastYearValue: 0.5 },
      [],
    ],
    [
      'a cumulative below the previous cumulative',
      {},
      { entered: 90, mode: 'cumulative' as const, previousCumulative: 100 },
      ['cumulative-falls'],
    ],
    [
      'a cumulative equal to the previous cumulative',
      {},
      { entered: 100, mode: 'cumulative' as const, previousCumulative: 100 },
      [],
    ],
    [
      'a falling cumulative that also breaks the minimum and jumps',
      { minValue: 0 },
      { entered: 50, mode: 'cumulative' as const, previousCumulative: 100, lastYearValue: 100 },
      ['cumulative-falls'],
    ],
    ['a negative stock (no cumulative rule)', { measure: 'stock' as const }, { entered: -5 }, []],
    [
      'a jump of 60% without a comment',
      {},
      { entered: 160, lastYearValue: 100 },
      ['yoy-needs-comment'],
    ],
    [
      'a jump of 60% with a comment',
      {},
      { entered: 160, lastYearValue: 100, comment: '新项目投产' },
      [],
    ],
    [
      'a drop of 60% without a comment',
      {},
      { entered: 40, lastYearValue: 100 },
      ['yoy-needs-comment'],
    ],
    ['a change of exactly 50%', {}, { entered: 150, lastYearValue: 100 }, []],
    [
      'a jump with a whitespace comment',
      {},
      { entered: 300, lastYearValue: 100, comment: '  ' },
      ['yoy-needs-comment'],
    ],
    [
      'a jump with the rule switched off',
      { maxYoyChangePct: null },
      { entered: 300, lastYearValue: 100 },
      [],
    ],
    ['a jump against a zero base', {}, { entered: 300, lastYearValue: 0 }, []],
    ['a jump of a rate', { measure: 'rate' as const }, { entered: 90, lastYearValue: 30 }, []],
    ['a jump of a growth', { measure: 'growth' as const }, { entered: 8, lastYearValue: 2 }, []],
    [
      'a jump of a stock',
      { measure: 'stock' as const },
      { entered: 300, lastYearValue: 100 },
      ['yoy-needs-comment'],
    ],
    [
      'a cumulative whose month jumps against last year',
      {},
      { entered: 400, mode: 'cumulative' as const, previousCumulative: 200, lastYearValue: 100 },
      ['yoy-needs-comment'],
    ],
    ['a value that is not a number', {}, { entered: Number.NaN }, ['not-a-number']],
    ['an infinite value', {}, { entered: Number.POSITIVE_INFINITY }, ['not-a-number']],
    ['a value beyond 10^15', {}, { entered: -1e16 }, ['not-a-number']],
    [
      'a value below the minimum that also jumps',
      { minValue: 10 },
      { entered: 1, lastYearValue: 100 },
      ['below-min', 'yoy-needs-comment'],
    ],
  ])('reports %s as %j', (_label, rules, check, expected) => {
    expect(rulesOf(rules, check)).toEqual(expected);
  });

  it('gives the period value of a cumulative entry', () => {
    const verdict = checkEntry(
      buildRules(),
      buildCheck({ entered: 350, mode: 'cumulative', previousCumulative: 200, lastYearValue: 120 }),
    );
    expect(verdict.periodValue).toBe(150);
    expect(verdict.yoyChangePct).toBeCloseTo(25);
  });

  it('takes a cumulative entry of a stock as the period value', () => {
    const verdict = checkEntry(
      buildRules({ measure: 'stock' }),
      buildCheck({ entered: 350, mode: 'cumulative', previousCumulative: 200 }),
    );
    expect(verdict.periodValue).toBe(350);
  });

  it('names the rule in Chinese and English', () => {
    const [problem] = checkEntry(
      buildRules(),
      buildCheck({ entered: 90, mode: 'cumulative', previousCumulative: 100 }),
    ).problems;
    expect(problem?.reason).toContain('累计值 90 低于上期累计 100');
    expect(problem?.reasonEn).toContain('cannot fall');
  });

  it('never lets a flow cumulative fall unreported', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        fc.double({ min: 0, max: 1e9, noNaN: true }),
        (previous, entered) => {
          const verdict = checkEntry(
            buildRules({ maxYoyChangePct: null }),
            buildCheck({ entered, mode: 'cumulative', previousCumulative: previous }),
          );
          const flagged = verdict.problems.some((p) => p.rule === 'cumulative-falls');
          return flagged === entered - previous < 0;
        },
      ),
    );
  });
});

describe('computeYoyChangePct and toPeriodValue', () => {
  it.each([
    [130, 100, 30],
    [70, 100, -30],
    [-50, -100, 50],
    [5, null, null],
    [5, 0, null],
  ])('gives %d against %s as %s%%', (value, base, expected) => {
    const pct = computeYoyChangePct(value, base);
    if (expected === null) expect(pct).toBeNull();
    else expect(pct).toBeCloseTo(expected);
  });

  it('subtracts the previous cumulative from a cumulative entry only', () => {
    expect(toPeriodValue(350, 'cumulative', 200)).toBe(150);
    expect(toPeriodValue(350, 'period', 200)).toBe(350);
  });
});

describe('entryCheckFor', () => {
  it('asks for last year only where a year-on-year comparison means something (flows and stocks)', () => {
    expect(entryCheckFor(buildRules({ measure: 'flow' })).usesLastYear).toBe(true);
    expect(entryCheckFor(buildRules({ measure: 'stock' })).usesLastYear).toBe(true);
    expect(entryCheckFor(buildRules({ measure: 'rate' })).usesLastYear).toBe(false);
    expect(entryCheckFor(buildRules({ measure: 'growth' })).usesLastYear).toBe(false);
  });

  it('asks for the previous cumulative only for a flow entered as a year-to-date total', () => {
    const flow = entryCheckFor(buildRules({ measure: 'flow' }));
    expect(flow.usesPreviousCumulative('cumulative')).toBe(true);
    expect(flow.usesPreviousCumulative('period')).toBe(false);
    expect(
      entryCheckFor(buildRules({ measure: 'stock' })).usesPreviousCumulative('cumulative'),
    ).toBe(false);
  });

  it('looks at other periods only for flows and stocks, so a batch keeps no rate’s values for later rows', () => {
    expect(entryCheckFor(buildRules({ measure: 'flow' })).usesOtherPeriods).toBe(true);
    expect(entryCheckFor(buildRules({ measure: 'stock' })).usesOtherPeriods).toBe(true);
    expect(entryCheckFor(buildRules({ measure: 'rate' })).usesOtherPeriods).toBe(false);
    expect(entryCheckFor(buildRules({ measure: 'growth' })).usesOtherPeriods).toBe(false);
  });

  it('gives a rate the same verdict whatever last year was, so a batch may leave it out', () => {
    const rules = buildRules({ measure: 'rate', maxYoyChangePct: 10, maxValue: 100 });
    for (const entered of [0.5, 6, 99, 150])
      expect(checkEntry(rules, buildCheck({ entered, lastYearValue: 0.1 })).problems).toEqual(
        checkEntry(rules, buildCheck({ entered, lastYearValue: null })).problems,
      );
  });

  it('gives a value the rules pass no problem, and one beyond them its problems', () => {
    const check = entryCheckFor(buildRules({ minValue: 0, maxYoyChangePct: 50 }));
    expect(check.check(120, 'period', '', 100, 0).problems).toEqual([]);
    expect(check.check(200, 'period', '', 100, 0).problems.map((p) => p.rule)).toEqual([
      'yoy-needs-comment',
    ]);
    expect(check.check(2000, 'period', '', 100, 0).problems.map((p) => p.rule)).toEqual([
      'implausible-needs-explanation',
    ]);
  });
});
