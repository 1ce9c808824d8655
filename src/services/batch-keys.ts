/**
 * Which item of a batch first named each (indicator, unit, period): how duplicates are found,
 * also across the parts of a batch checked in parts (a large upload). A key is a short string
 * of small numbers standing for the ids, not the ids themselves: 300,000 keys of two UUIDs
 * each would hold about three times the memory.
 */
export interface BatchKeys {
  /** The item (0-based, in the whole batch) that named this key first, if any did. */
  get(indicatorId: string, unitId: string, periodId: string): number | undefined;
  set(indicatorId: string, unitId: string, periodId: string, item: number): void;
  /** Names the key for this item unless an earlier item did: returns that item, if any. */
  claim(indicatorId: string, unitId: string, periodId: string, item: number): number | undefined;
}

export function createBatchKeys(): BatchKeys {
  const numbers = new Map<string, number>();
  const numberOf = (id: string) => {
    let n = numbers.get(id);
    if (n === undefined) numbers.set(id, (n = numbers.size));
    return n;
  };
  const items = new Map<string, number>();
  // Indicator and unit ids share one numbering; the period id, short already, is kept as it is.
  const keyOf = (indicatorId: string, unitId: string, periodId: string) =>
    `${numberOf(indicatorId)}:${numberOf(unitId)}:${periodId}`;
  return {
    get: (indicatorId, unitId, periodId) => items.get(keyOf(indicatorId, unitId, periodId)),
    set: (indicatorId, unitId, periodId, item) =>
      void items.set(keyOf(indicatorId, unitId, periodId), item),
    // One key built, not two: the check asks this of every item of a batch.
    claim: (indicatorId, unitId, periodId, item) => {
      const key = keyOf(indicatorId, unitId, periodId);
      const earlier = items.get(key);
      if (earlier === undefined) items.set(key, item);
      return earlier;
    },
  };
}
