/**
 * Values by the key an observation cell is stored under — integer indicator, integer unit,
 * period (migration 0030) — with the periods numbered by the map as it meets them. A batch of
 * 200,000 values names a few hundred series (an indicator of a unit) and a few hundred
 * periods: a series is an array by period number, so once a period's number is known (once
 * per distinct period) a cell is two integer probes and an index — no string built a row, as
 * one joined key did, and no hash table of 200,000 string keys to search.
 */
export interface CellMap<V> {
  get(indicatorNum: number, unitNum: number, periodId: string): V | undefined;
  set(indicatorNum: number, unitNum: number, periodId: string, value: V): void;
  /** The number the map gives a period, the same in every series; a new one if it had none. */
  periodNumber(periodId: string): number;
  /** One series' values by period number; undefined when the map holds none of it. */
  series(indicatorNum: number, unitNum: number): readonly (V | undefined)[] | undefined;
  /** The same, created empty when the map holds none of it: to fill a series in a run. */
  seriesToFill(indicatorNum: number, unitNum: number): (V | undefined)[];
  /** How many cells it holds. */
  count(): number;
}

export function createCellMap<V>(): CellMap<V> {
  const indicators = new Map<number, Map<number, (V | undefined)[]>>();
  const periodNumbers = new Map<string, number>();
  const periodNumber = (periodId: string) => {
    let n = periodNumbers.get(periodId);
    if (n === undefined) periodNumbers.set(periodId, (n = periodNumbers.size));
    return n;
  };
  const series = (indicatorNum: number, unitNum: number) =>
    indicators.get(indicatorNum)?.get(unitNum);
  const seriesToFill = (indicatorNum: number, unitNum: number) => {
    let units = indicators.get(indicatorNum);
    if (!units) indicators.set(indicatorNum, (units = new Map<number, (V | undefined)[]>()));
    let cells = units.get(unitNum);
    if (!cells) units.set(unitNum, (cells = []));
    return cells;
  };
  return {
    get: (indicatorNum, unitNum, periodId) => {
      const cells = series(indicatorNum, unitNum);
      if (!cells) return undefined;
      const n = periodNumbers.get(periodId);
      return n === undefined ? undefined : cells[n];
    },
    set: (indicatorNum, unitNum, periodId, value) => {
      seriesToFill(indicatorNum, unitNum)[periodNumber(periodId)] = value;
    },
    periodNumber,
    series,
    seriesToFill,
    count: () => {
      let n = 0;
      for (const units of indicators.values())
        for (const cells of units.values()) for (const cell of cells) if (cell !== undefined) n++;
      return n;
    },
  };
}
