import { describe, expect, it } from 'vitest';
import { DomainError } from './domain-error.ts';
import { convertQuantity, dimensionOf, splitMagnitude } from './measure-unit.ts';

describe('splitMagnitude', () => {
  it.each([
    ['万元', '元', 1e4],
    ['亿元', '元', 1e8],
    ['万亿元', '元', 1e12],
    ['万人', '人', 1e4],
    ['万人次', '人次', 1e4],
    ['万平方米', '平方米', 1e4],
    ['万亩', '亩', 1e4],
    ['亿美元', '美元', 1e8],
    ['万吨', '吨', 1e4],
    ['万辆', '辆', 1e4],
    ['万标箱', '标箱', 1e4],
    ['个百分点', '百分点', 1],
    ['千瓦', '千瓦', 1],
    ['亿千瓦', '千瓦', 1e8],
    ['公里', '公里', 1],
    ['%', '%', 1],
    ['万', '', 1e4],
    ['亿', '', 1e8],
    ['', '', 1],
  ])('splits %s into %s × %d', (unit, base, factor) => {
    expect(splitMagnitude(unit)).toEqual({ base, factor });
  });

  it('keeps an unknown unit whole', () => {
    expect(splitMagnitude('光年')).toEqual({ base: '光年', factor: 1 });
  });
});

describe('dimensionOf', () => {
  it.each([
    ['亿元', 'money'],
    ['万人', 'people'],
    ['人次', 'personTrips'],
    ['万平方米', 'area'],
    ['万亩', 'landArea'],
    ['公里', 'length'],
    ['%', 'ratio'],
    ['百分点', 'ratioPoints'],
    ['天', 'duration'],
    ['个', 'count'],
  ])('gives %s the dimension %s', (unit, dimension) => {
    expect(dimensionOf(unit)).toBe(dimension);
  });

  it('gives no dimension to an unknown unit', () => {
    expect(dimensionOf('光年')).toBeUndefined();
  });
});

describe('convertQuantity', () => {
  it.each([
    [3.3, '万人', '人', 33000],
    [1200, '亿元', '元', 1.2e11],
    [6529, '万元', '亿元', 0.6529],
    [249, '万平方米', '平方米', 2.49e6],
    [5.29, '万亩', '亩', 52900],
    [35, '公里', '米', 35000],
    [1500, '米', '公里', 1.5],
    [8, '万辆', '辆', 80000],
    [2, '个', '个', 2],
  ])('converts %d %s to %d %s', (value, from, to, expected) => {
    expect(convertQuantity(value, from, to)).toBeCloseTo(expected, 6);
  });

  it.each([
    ['万元', '万人'],
    ['%', '百分点'],
    ['公里', '平方米'],
    ['个', '家'],
    ['光年', '米'],
  ])('throws INVALID_FIGURE converting %s to %s', (from, to) => {
    expect(() => convertQuantity(1, from, to)).toThrow(DomainError);
    try {
      convertQuantity(1, from, to);
    } catch (error) {
      expect((error as DomainError).code).toBe('INVALID_FIGURE');
    }
  });
});
