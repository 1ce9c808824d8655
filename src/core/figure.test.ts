import { describe, expect, it } from 'vitest';
import { foldFigureText, parseFigure, readFigureAt, readSign } from './figure.ts';

describe('parseFigure', () => {
  it.each([
    ['3.3万人', 33000, '人', '='],
    ['1200亿元', 1.2e11, '元', '='],
    ['提升6个百分点', 6, '百分点', '='],
    ['8.5万辆以上', 85000, '辆', '>='],
    ['突破1200亿元', 1.2e11, '元', '>'],
    ['近20万辆', 200000, '辆', '~'],
    ['80余个', 80, '个', '>'],
    ['6600多万', 6.6e7, '', '>'],
    ['8.4万余件', 84000, '件', '>'],
    ['4596万人次', 4.596e7, '人次', '='],
    ['30.6万标箱', 306000, '标箱', '='],
    ['2.86亿美元', 2.86e8, '美元', '='],
    ['10亿千瓦', 1e9, '千瓦', '='],
    ['1.37万亿斤', 1.37e12, '斤', '='],
    ['不低于5.29万亩', 52900, '亩', '>='],
    ['超1.2万条', 12000, '条', '>'],
    ['超过2100万套', 2.1e7, '套', '>'],
    ['逾100家', 100, '家', '>'],
    ['约30公里', 30, '公里', '~'],
    ['5.5%左右', 5.5, '%', '~'],
    ['5.5%以内', 5.5, '%', '<='],
    ['不超过3%', 3, '%', '<='],
    ['不到70万亿元', 7e13, '元', '<='],
    ['至少10个', 10, '个', '>='],
    ['守住18亿亩', 1.8e9, '亩', '>='],
    ['310天以上', 310, '天', '>='],
  ])('reads %s as %d %s with comparator %s', (text, value, unit, comparator) => {
    const figure = parseFigure(text);
    expect(figure).toMatchObject({ value, unit, comparator });
  });

  it('reads a range with its upper value', () => {
    expect(parseFigure('2—3条')).toMatchObject({
      offset: 0,
      offset2: 2,
      value: 2,
      valueMax: 3,
      unit: '条',
      comparator: 'between',
    });
    expect(parseFigure('节约5—10天')).toMatchObject({
      value: 5,
      valueMax: 10,
      unit: '天',
      sign: -1,
    });
  });

  it.each([
    ['下降8.6%', -1],
    ['同比下降8.6%', -1],
    ['分别降低13.5%', -1],
    ['再降10%', -1],
    ['降到5.2%', 1],
    ['压缩至2天', 1],
    ['增长6.5%', 1],
    ['上涨0.9%', 1],
  ])('gives %s the sign %d', (text, sign) => {
    expect(parseFigure(text)?.sign).toBe(sign);
  });

  it('marks 力争 as aspirational and a plain figure as firm', () => {
    expect(parseFigure('力争实现整车进出口8.5万辆以上')?.isAspirational).toBe(true);
    expect(parseFigure('确保城镇新增就业3万人以上')?.isAspirational).toBe(false);
  });

  it('reads full-width digits with offsets into the original text', () => {
    const figure = parseFigure('增长３．５％');
    expect(figure).toMatchObject({ offset: 2, numeral: '３．５', value: 3.5, unit: '%' });
  });

  it('reads traditional characters', () => {
    expect(parseFigure('突破1200億元')).toMatchObject({
      value: 1.2e11,
      unit: '元',
      comparator: '>',
    });
    expect(parseFigure('8.5萬輛以上')).toMatchObject({
      value: 85000,
      unit: '辆',
      comparator: '>=',
    });
  });

  it('does not take 节约 or 最近 for a comparator', () => {
    expect(parseFigure('节约5天')?.comparator).toBe('=');
    expect(parseFigure('最近3年')?.comparator).toBe('=');
  });

  it('returns null for a text without a numeral', () => {
    expect(parseFigure('稳步推进')).toBeNull();
    expect(parseFigure('')).toBeNull();
  });
});

describe('foldFigureText', () => {
  it('keeps the length of the text', () => {
    const text = '３．５％，（一）億萬𠀀abc';
    expect(foldFigureText(text)).toHaveLength(text.length);
    expect(foldFigureText(text)).toBe('3.5%,(一)亿万𠀀abc');
  });
});

describe('readFigureAt', () => {
  it('returns null where no numeral starts', () => {
    expect(readFigureAt('增长6.5%', 0)).toBeNull();
    expect(readFigureAt('1200亿元', 1)).toBeNull();
  });

  it('tells a bare number from one with unit or magnitude', () => {
    expect(readFigureAt('第3', 1)).toMatchObject({ hasUnit: false, hasMagnitude: false });
    expect(readFigureAt('3万', 0)).toMatchObject({ hasUnit: false, hasMagnitude: true });
  });
});

describe('readSign', () => {
  it('reads a fall at the head of a counted clause', () => {
    expect(readSign('压减企业法人')).toBe(-1);
    expect(readSign('铁路运输时间从')).toBe(1);
  });
});
