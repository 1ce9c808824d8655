import { describe, expect, it } from 'vitest';
import { cumulativeSeries, type DataValue } from './aggregation.ts';

const v = (periodId: string, value: number): DataValue => ({ periodId, value });

const months = [v('202501', 10), v('202502', 20), v('202503', 30)];
// Out of order on purpose: the latest period is not the last value given.
const shuffledMonths = [v('202503', 30), v('202501', 10), v('202502', 20)];

describe('cumulativeSeries', () => {
  it.each<[string, DataValue[], DataValue[]]>([
    ['adds up months in order', months, [v('202501', 10), v('202502', 30), v('202503', 60)]],
    [
      'sorts by period before adding',
      shuffledMonths,
      [v('202501', 10), v('202502', 30), v('202503', 60)],
    ],
    ['crosses a year end', [v('202501', 2), v('202412', 1)], [v('202412', 1), v('202501', 3)]],
    [
      'orders ISO weeks across a year end',
      [v('2021W1', 4), v('2020W53', 3)],
      [v('2020W53', 3), v('2021W1', 7)],
    ],
    ['keeps a single value', [v('202501', 10)], [v('202501', 10)]],
    ['returns nothing for no values', [], []],
    [
      'carries negative values',
      [v('202501', 5), v('202502', -2)],
      [v('202501', 5), v('202502', 3)],
    ],
  ])('%s', (_rule, values, expected) => {
    expect(cumulativeSeries(values)).toEqual(expected);
  });

  it('does not reorder its input', () => {
    const input = [...shuffledMonths];
    cumulativeSeries(input);
    expect(input).toEqual(shuffledMonths);
  });

  it('refuses a period given twice', () => {
    expect(() => cumulativeSeries([v('202501', 1), v('202501', 2)])).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
  });
});
