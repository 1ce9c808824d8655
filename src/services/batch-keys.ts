/**
 * Which item of a batch first named each (indicator, unit, period): how duplicates are found,
 * also across the parts of a batch checked in parts (a large upload). Keyed by the integer
 * keys the cells are stored under, nested — indicator, unit, then period — so that asking
 * builds no string a row: a batch of 200,000 values names a few hundred series.
 */
export interface BatchKeys {
  /** The item (0-based, in the whole batch) that named this key first, if any did. */
  get(indicatorNum: number, unitNum: number, periodId: string): number | undefined;
  set(indicatorNum: number, unitNum: number, periodId: string, item: number): void;
  /** Names the key for this item unless an earlier item did: returns that item, if any. */
  claim(indicatorNum: number, unitNum: number, periodId: string, item: number): number | undefined;
}

export function createBatchKeys(): BatchKeys {
  const indicators = new Map<number, Map<number, Map<string, number>>>();
  const periodsOf = (indicatorNum: number, unitNum: number) => {
    let units = indicators.get(indicatorNum);
    if (!units) indicators.set(indicatorNum, (units = new Map<number, Map<string, number>>()));
    let periods = units.get(unitNum);
    if (!periods) units.set(unitNum, (periods = new Map<string, number>()));
    return periods;
  };
  return {
    get: (indicatorNum, unitNum, periodId) =>
      indicators.get(indicatorNum)?.get(unitNum)?.get(periodId),
    set: (indicatorNum, unitNum, periodId, item) =>
      void periodsOf(indicatorNum, unitNum).set(periodId, item),
    claim: (indicatorNum, unitNum, periodId, item) => {
      const periods = periodsOf(indicatorNum, unitNum);
      const earlier = periods.get(periodId);
      if (earlier === undefined) periods.set(periodId, item);
      return earlier;
    },
  };
}
