import { describe, expect, it } from 'vitest';
import {
  chineseNumeral,
  parseChineseOrdinal,
  describeChange,
  describeCumulative,
  describeDate,
  describeGapToExpected,
  describePointChange,
  formatQuantity,
  formatQuantityEn,
  formatShare,
  roundHalfUp,
} from './wording.ts';

// Expected wordings are the seed report's own (corpus/00_shapingba_2025_plan.txt) or the
// convention of statistics bulletins, not outputs of this module.
describe('describeChange', () => {
  it.each<[number, string]>([
    [6.5, '增长6.5%'],
    [-8.6, '下降8.6%'],
    [140.5, '增长140.5%'],
    [0, '持平'],
    [0.04, '持平'],
    [-0.04, '持平'],
    [0.05, '增长0.1%'],
    [33.35, '增长33.4%'],
  ])('words a change of %s%% as %s', (percent, words) => {
    expect(describeChange(percent)).toBe(words);
  });
});

describe('describePointChange', () => {
  it.each<[number, string]>([
    [6, '提高6.0个百分点'],
    [-0.5, '下降0.5个百分点'],
    [0.01, '持平'],
  ])('words %s points as %s', (points, words) => {
    expect(describePointChange(points)).toBe(words);
  });
});

describe('describeGapToExpected', () => {
  it.each<[number, string]>([
    [8, '落后序时进度8.0个百分点'],
    [-2.25, '快于序时进度2.3个百分点'],
    [0, '与序时进度持平'],
  ])('words a gap of %s points as %s', (gap, words) => {
    expect(describeGapToExpected(gap)).toBe(words);
  });
});

describe('formatQuantity', () => {
  it.each<[number, string, string]>([
    [1200, '亿元', '1200.00亿元'],
    [3013.3, '亿元', '3013.30亿元'],
    [12_345_678, '万元', '1234.57亿元'],
    [6529, '万元', '6529.00万元'],
    [2.86, '亿美元', '2.86亿美元'],
    [3.3, '万人', '3.3万人'],
    [33_000, '人', '3.3万人'],
    [12_666, '套', '12666套'],
    [1011, '个', '1011个'],
    [45_960_000, '人次', '4596万人次'],
    [306_000, '标箱', '30.6万标箱'],
    [317, '天', '317天'],
    [98.2, '%', '98.2%'],
    [6, '个百分点', '6个百分点'],
    [249, '万平方米', '249万平方米'],
    [5, '某单位', '5某单位'],
  ])('writes %s %s as %s', (value, unit, words) => {
    expect(formatQuantity(value, unit)).toBe(words);
  });
});

// English units come from the table in measure-unit.ts (个 → units, 亿元 → 100M yuan).
describe('formatQuantityEn', () => {
  it.each<[number, string, string]>([
    [295_425.25, '个', '295,425.25 units'],
    [3953.004, '人', '3,953 people'],
    [1200, '亿元', '1,200 100M yuan'],
    [-8.61, '%', '-8.61%'],
    [6, '个百分点', '6 points'],
    [12, '万辆', '12 10k vehicles'],
    [5, '某单位', '5 某单位'],
    [7, '', '7'],
  ])('writes %s %s as %s', (value, unit, words) => {
    expect(formatQuantityEn(value, unit)).toBe(words);
  });
});

describe('describeCumulative', () => {
  it.each<[string, string]>([
    ['202506', '1—6月累计'],
    ['202501', '1月'],
    ['2025Q3', '前三季度'],
    ['2025', '全年'],
  ])('names the span to %s as %s', (id, words) => {
    expect(describeCumulative(id)).toBe(words);
  });
});

describe('small helpers', () => {
  it('rounds half away from zero in decimal, not binary', () => {
    expect(roundHalfUp(1.005, 2)).toBe(1.01);
    expect(roundHalfUp(-2.5, 0)).toBe(-3);
  });
  it('writes a share as a percentage with one decimal', () => {
    expect(formatShare(0.42)).toBe('42.0%');
  });
  it('writes a date as a document does', () => {
    expect(describeDate('2025-06-30')).toBe('2025年6月30日');
  });
});

describe('chineseNumeral', () => {
  it.each<[number, string]>([
    [1, '一'],
    [8, '八'],
    [10, '十'],
    [12, '十二'],
    [20, '二十'],
    [38, '三十八'],
  ])('writes %s as %s', (n, words) => {
    expect(chineseNumeral(n)).toBe(words);
  });
});

describe('parseChineseOrdinal', () => {
  it('reads back every numeral chineseNumeral writes', () => {
    for (let n = 1; n <= 99; n += 1) expect(parseChineseOrdinal(chineseNumeral(n))).toBe(n);
  });

  it.each([
    ['一', 1],
    ['九', 9],
    ['十', 10],
    ['十二', 12],
    ['二十', 20],
    ['三十八', 38],
    ['', null],
    ['十十', null],
    ['零', null],
  ])('reads %j as %j', (numeral, expected) => {
    expect(parseChineseOrdinal(numeral)).toBe(expected);
  });
});
