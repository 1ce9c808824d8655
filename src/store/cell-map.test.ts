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

  it('hands out one series to read and to fill by period number, and a later set replaces a cell', () => {
    const cells = createCellMap<number>();
    expect(cells.series(3, 4)).toBeUndefined();
    cells.seriesToFill(3, 4)[cells.periodNumber('2025Q1')] = 1;
    expect(cells.get(3, 4, '2025Q1')).toBe(1);
    cells.set(3, 4, '2025Q1', 2);
    expect(cells.series(3, 4)?.[cells.periodNumber('2025Q1')]).toBe(2);
    expect(cells.count()).toBe(1);
  });

  it('numbers a period once for every series', () => {
    const cells = createCellMap<number>();
    cells.set(1, 1, '202501', 10);
    cells.set(2, 2, '202502', 20);
    cells.set(2, 2, '202501', 30);
    expect(cells.periodNumber('202501')).toBe(cells.periodNumber('202501'));
    expect(cells.periodNumber('202501')).not.toBe(cells.periodNumber('202502'));
    expect(cells.series(2, 2)?.[cells.periodNumber('202501')]).toBe(30);
    expect(cells.get(1, 1, '202502')).toBeUndefined();
    expect(cells.get(1, 1, '209912')).toBeUndefined();
  });
});
