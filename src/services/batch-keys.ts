/**
 * Which item of a batch first named each (indicator, unit, period): how duplicates are found,
 * also across the parts of a batch checked in parts (a large upload), in the map by stored
 * key that the check and the write use for what is stored (store/cell-map.ts).
 */
import { createCellMap } from '../store/cell-map.ts';

export interface BatchKeys {
  /** The item (0-based, in the whole batch) that named this key first, if any did. */
  get(indicatorNum: number, unitNum: number, periodId: string): number | undefined;
  set(indicatorNum: number, unitNum: number, periodId: string, item: number): void;
  /** Names the key for this item unless an earlier item did: returns that item, if any. */
  claim(indicatorNum: number, unitNum: number, periodId: string, item: number): number | undefined;
}

export function createBatchKeys(): BatchKeys {
  const items = createCellMap<number>();
  return {
    get: (indicatorNum, unitNum, periodId) => items.get(indicatorNum, unitNum, periodId),
    set: (indicatorNum, unitNum, periodId, item) =>
      items.set(indicatorNum, unitNum, periodId, item),
    claim: (indicatorNum, unitNum, periodId, item) => {
      const cells = items.seriesToFill(indicatorNum, unitNum);
      const n = items.periodNumber(periodId);
      const earlier = cells[n];
      if (earlier === undefined) cells[n] = item;
      return earlier;
    },
  };
}
