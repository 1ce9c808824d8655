/**
 * Values by the key an observation cell is stored under — integer indicator, integer unit,
 * period (migration 0030) — nested in that order. Neither filling nor asking builds a string:
 * a batch of 200,000 values names a few hundred series (an indicator of a unit) and a few
 * dozen periods, so a lookup is two integer probes and one by a period id whose hash the
 * engine has cached, where one string key a row cost a concatenation and a fresh hash.
 */
export interface CellMap<V> {
  get(indicatorNum: number, unitNum: number, periodId: string): V | undefined;
  set(indicatorNum: number, unitNum: number, periodId: string, value: V): void;
  /** One series' values by period id; undefined when the map holds none of it. */
  series(indicatorNum: number, unitNum: number): ReadonlyMap<string, V> | undefined;
  /** The same, created empty when the map holds none of it: to fill a series in a run. */
  seriesToFill(indicatorNum: number, unitNum: number): Map<string, V>;
  /** How many cells it holds. */
  count(): number;
}

export function createCellMap<V>(): CellMap<V> {
  const indicators = new Map<number, Map<number, Map<string, V>>>();
  const series = (indicatorNum: number, unitNum: number) =>
    indicators.get(indicatorNum)?.get(unitNum);
  const seriesToFill = (indicatorNum: number, unitNum: number) => {
    let units = indicators.get(indicatorNum);
    if (!units) indicators.set(indicatorNum, (units = new Map<number, Map<string, V>>()));
    let periods = units.get(unitNum);
    if (!periods) units.set(unitNum, (periods = new Map<string, V>()));
    return periods;
  };
  return {
    get: (indicatorNum, unitNum, periodId) => series(indicatorNum, unitNum)?.get(periodId),
    set: (indicatorNum, unitNum, periodId, value) =>
      void seriesToFill(indicatorNum, unitNum).set(periodId, value),
    series,
    seriesToFill,
    count: () => {
      let n = 0;
      for (const units of indicators.values())
        for (const periods of units.values()) n += periods.size;
      return n;
    },
  };
}
