import { describe, expect, it } from 'vitest';
import { effectiveComparator, isLowerBetter, meetsTarget, signedTargetValue } from './target.ts';
import type { Target } from './target.ts';
import { buildTarget } from './target.fixture.ts';

describe('isLowerBetter', () => {
  it.each<[string, Partial<Target>, boolean]>([
    ['a plain floor', {}, false],
    ['comparator <= (以内)', { comparator: '<=' }, true],
    ['comparator < (低于)', { comparator: '<' }, true],
    ['sign −1 (下降8.6%以上)', { measure: 'growth', value: 8.6, sign: -1 }, true],
    [
      'sign −1 with = (下降8.6%)',
      { measure: 'growth', comparator: '=', value: 8.6, sign: -1 },
      true,
    ],
    [
      'a fall capped (下降不超过2%)',
      { measure: 'growth', comparator: '<=', value: 2, sign: -1 },
      false,
    ],
    ['direction lower with = (PM2.5 35)', { direction: 'lower', comparator: '=', value: 35 }, true],
    ['an explicit floor on a lower indicator', { direction: 'lower', comparator: '>=' }, false],
  ])('says %s is lower-is-better: %s', (_, overrides, expected) => {
    expect(isLowerBetter(buildTarget(overrides))).toBe(expected);
  });
});

describe('effectiveComparator', () => {
  it.each<[Partial<Target>, string]>([
    [{ measure: 'growth', comparator: '>=', sign: -1 }, '<='],
    [{ measure: 'growth', comparator: '<', sign: -1 }, '>'],
    [{ measure: 'growth', comparator: '~', sign: -1 }, '~'],
    [{ measure: 'growth', comparator: '>=', sign: 1 }, '>='],
    [{ measure: 'stock', comparator: '>=', sign: -1 }, '>='],
  ])('reads %o as %s', (overrides, expected) => {
    expect(effectiveComparator(buildTarget(overrides))).toBe(expected);
  });
});

describe('signedTargetValue', () => {
  it.each<[string, Partial<Target>, number | null]>([
    ['增长4%', { measure: 'growth', value: 4 }, 4],
    ['下降8.6%', { measure: 'growth', value: 8.6, sign: -1 }, -8.6],
    ['下降8.6% written negative', { measure: 'growth', value: -8.6, sign: -1 }, -8.6],
    ['a level stated as a fall keeps its value', { measure: 'stock', value: 35, sign: -1 }, 35],
    ['no value', { value: null }, null],
  ])('reads %s as %s', (_, overrides, expected) => {
    expect(signedTargetValue(buildTarget(overrides))).toBe(expected);
  });
});

describe('meetsTarget', () => {
  it.each<[string, Partial<Target>, number, boolean]>([
    ['1000个以上 with 1000', {}, 1000, true],
    ['1000个以上 with 999', {}, 999, false],
    ['突破1200亿元 with exactly 1200', { comparator: '>', value: 1200 }, 1200, false],
    ['突破1200亿元 with 1200.5', { comparator: '>', value: 1200 }, 1200.5, true],
    ['35以内 with 35', { comparator: '<=', value: 35 }, 35, true],
    ['低于35 with 35', { comparator: '<', value: 35 }, 35, false],
    ['增长6%左右 with 6.2', { measure: 'growth', comparator: '~', value: 6 }, 6.2, true],
    ['增长6%左右 with 5.9', { measure: 'growth', comparator: '~', value: 6 }, 5.9, false],
    [
      '= on a lower-is-better target with less',
      { comparator: '=', direction: 'lower', value: 35 },
      30,
      true,
    ],
    ['下降8.6% with −9', { measure: 'growth', value: 8.6, sign: -1 }, -9, true],
    ['下降8.6% with −8', { measure: 'growth', value: 8.6, sign: -1 }, -8, false],
    [
      '下降不超过2% with −1.5',
      { measure: 'growth', comparator: '<=', value: 2, sign: -1 },
      -1.5,
      true,
    ],
    [
      '下降不超过2% with −3',
      { measure: 'growth', comparator: '<=', value: 2, sign: -1 },
      -3,
      false,
    ],
    [
      'a rate band 95—98% with 99',
      { measure: 'rate', comparator: 'between', value: 95, valueMax: 98 },
      99,
      false,
    ],
    [
      'a rate band 95—98% with 96',
      { measure: 'rate', comparator: 'between', value: 95, valueMax: 98 },
      96,
      true,
    ],
    [
      'a flow range with more than its top',
      { comparator: 'between', value: 900, valueMax: 1000 },
      1100,
      true,
    ],
    ['a target with no value', { value: null }, 1000, false],
  ])('judges %s: %s', (_, overrides, value, expected) => {
    expect(meetsTarget(buildTarget(overrides), value)).toBe(expected);
  });

  it('counts a sum with binary rounding as meeting its target', () => {
    expect(meetsTarget(buildTarget({ value: 0.3 }), 0.1 + 0.2)).toBe(true);
  });
});
