import { describe, expect, it } from 'vitest';
import { createCellMap } from './cell-map.ts';

describe('createCellMap', () => {
  it('tells cells apart by indicator, unit and period alike', () => {
    const cells = createCellMap<string>();
    cells.set(1, 2, '202501', 'a');
    cells.set(2, 1, '202501', 'b');
    cells.set(1, 2, '202502', 'c');
    cells.set(12, 1, '202501', 'd');
    expect(cells.get(1, 2, '202501')).toBe('a');
    expect(cells.get(2, 1, '202501')).toBe('b');
    expect(cells.get(1, 2, '202502')).toBe('c');
    // Keys joined into one string could confuse (1, 21) with (12, 1).
    expect(cells.get(1, 21, '202501')).toBeUndefined();
    expect(cells.get(12, 1, '202501')).toBe('d');
    expect(cells.count()).toBe(4);
  });

  it('hands out one series to read and to fill, and a later set replaces a cell', () => {
    const cells = createCellMap<number>();
    expect(cells.series(3, 4)).toBeUndefined();
    cells.seriesToFill(3, 4).set('2025Q1', 1);
    cells.set(3, 4, '2025Q1', 2);
    expect([...(cells.series(3, 4) ?? [])]).toEqual([['2025Q1', 2]]);
    expect(cells.count()).toBe(1);
  });
});
