import { describe, expect, it } from 'vitest';
import {
  daysBetween,
  formatCount,
  formatMeasureUnit,
  formatNodeLabel,
  formatNumber,
  formatPeriod,
  formatPeriodShort,
  formatPointChange,
  formatShare,
  formatSignedPercent,
  formatTargetValue,
  formatYearToDate,
  parsePeriodId,
  periodEndDate,
  samePeriodLastYear,
  todayInOffice,
} from './format.ts';

describe('parsePeriodId', () => {
  it.each([
    ['2025', 'year', 2025, 0, 0],
    ['2025S1', 'half', 2025, 1, 0],
    ['2025Q3', 'quarter', 2025, 3, 0],
    ['202503', 'month', 2025, 3, 0],
    ['202503D2', 'dekad', 2025, 3, 2],
    ['2025W12', 'week', 2025, 12, 0],
    ['2025W1', 'week', 2025, 1, 0],
    ['20250315', 'day', 2025, 3, 15],
  ])('reads %s as a %s', (id, kind, year, index, sub) => {
    expect(parsePeriodId(id)).toEqual({ id, kind, year, index, sub });
  });

  it('returns null for text that is not a period id', () => {
    expect(parsePeriodId('March')).toBeNull();
  });
});

describe('formatPeriod', () => {
  it.each([
    ['2025', '2025年', '2025'],
    ['2025S2', '2025年下半年', '2025 H2'],
    ['2025Q1', '2025年第1季度', '2025 Q1'],
    ['202503', '2025年3月', 'Mar 2025'],
    ['202503D2', '2025年3月中旬', 'mid Mar 2025'],
    ['2025W12', '2025年第12周', '2025 W12'],
    ['20250315', '2025年3月15日', '15 Mar 2025'],
  ])('writes %s as %s and %s', (id, zh, en) => {
    expect(formatPeriod(id, 'zh')).toBe(zh);
    expect(formatPeriod(id, 'en')).toBe(en);
  });

  it('keeps an unknown id as it is', () => {
    expect(formatPeriod('soon', 'zh')).toBe('soon');
  });

  it('writes months short on chart axes', () => {
    expect(formatPeriodShort('202509', 'zh')).toBe('9月');
    expect(formatPeriodShort('202509', 'en')).toBe('Sep');
  });
});

describe('periodEndDate', () => {
  it.each([
    ['2025', '2025-12-31'],
    ['2025S1', '2025-06-30'],
    ['2025Q1', '2025-03-31'],
    ['202402', '2024-02-29'],
    ['202503D1', '2025-03-10'],
    ['202503D2', '2025-03-20'],
    ['202502D3', '2025-02-28'],
    ['2025W1', '2025-01-05'],
    ['2026W1', '2026-01-04'],
    ['20250315', '2025-03-15'],
  ])('ends %s on %s', (id, end) => {
    expect(periodEndDate(id)).toBe(end);
  });
});

describe('figures', () => {
  it('moves a period back one year', () => {
    expect(samePeriodLastYear('202509')).toBe('202409');
    expect(samePeriodLastYear('2025Q3')).toBe('2024Q3');
    // Core's rule: 2026 has a week 53, 2025 has none; 2024 has a 29 February, 2023 none.
    expect(samePeriodLastYear('2026W53')).toBe('2025W52');
    expect(samePeriodLastYear('20240229')).toBe('20230228');
  });

  it('counts days between dates, negative when going back', () => {
    expect(daysBetween('2025-09-30', '2025-12-31')).toBe(92);
    expect(daysBetween('2025-12-31', '2025-09-30')).toBe(-92);
  });

  it('formats numbers with separators and a dash when missing', () => {
    expect(formatNumber(1234.567, 1)).toBe('1,234.6');
    expect(formatNumber(null)).toBe('—');
    expect(formatNumber(Number.NaN)).toBe('—');
  });

  it('formats shares as percentages and signed changes with their sign', () => {
    expect(formatShare(0.4217)).toBe('42.2%');
    expect(formatSignedPercent(6.5)).toBe('+6.5%');
    expect(formatSignedPercent(-0.25, 2)).toBe('-0.25%');
  });

  it('words a change in percentage points as the plan does in Chinese, signed in English', () => {
    expect(formatPointChange(0.46, 'zh')).toBe('提高0.5个百分点');
    expect(formatPointChange(-1.2, 'zh')).toBe('下降1.2个百分点');
    expect(formatPointChange(0.04, 'zh')).toBe('持平');
    expect(formatPointChange(0.46, 'en')).toBe('+0.5 pt');
    expect(formatPointChange(-1.2, 'en')).toBe('-1.2 pt');
    expect(formatPointChange(null, 'zh')).toBe('—');
  });

  it('writes the span of a year-to-date figure', () => {
    expect(formatYearToDate('202509', 'zh')).toBe('1—9月累计');
    expect(formatYearToDate('202509', 'en')).toBe('Jan–Sep YTD');
    expect(formatYearToDate('2025Q3', 'zh')).toBe('前3季度累计');
  });

  it('writes a target with its comparator and unit', () => {
    const t = { comparator: '>=', value: 310, valueMax: null, unit: '天', measure: 'stock' };
    expect(formatTargetValue(t)).toBe('≥ 310 天');
    expect(
      formatTargetValue({ ...t, comparator: 'between', value: 1000, valueMax: 1200, unit: '个' }),
    ).toBe('1,000–1,200 个');
  });
});

describe('counts and units for the reader', () => {
  it.each([
    [307734.02, '个', { value: '30.77', unit: '万个' }],
    [1_234_567_890, '元', { value: '12.35', unit: '亿元' }],
    [9999, '个', { value: '9,999', unit: '个' }],
    [125000, '万元', { value: '125,000', unit: '万元' }],
    [120000, '%', { value: '120,000', unit: '%' }],
  ])('reads %d %s in Chinese as %o', (value, unit, expected) => {
    expect(formatCount(value, unit, 'zh', 0)).toEqual(expected);
  });

  it('keeps the digits in English and translates the unit', () => {
    expect(formatCount(307734, '个', 'en', 0)).toEqual({ value: '307,734', unit: 'units' });
  });

  it.each([
    ['亿元', '100M yuan'],
    ['家', 'firms'],
    ['列', 'trains'],
    ['标箱', 'TEU'],
    ['人次', 'visits'],
  ])('translates %s as %s', (unit, en) => {
    expect(formatMeasureUnit(unit, 'en')).toBe(en);
    expect(formatMeasureUnit(unit, 'zh')).toBe(unit);
  });

  it('marks a unit it has no English for', () => {
    expect(formatMeasureUnit('间', 'en')).toBe('间 (zh)');
  });

  it('writes a target in English with its unit translated', () => {
    expect(
      formatTargetValue(
        { comparator: '>=', value: 30, valueMax: null, unit: '家', measure: 'flow' },
        'en',
      ),
    ).toBe('≥ 30 firms');
  });
});

it('counts deadlines from today in the office, past midnight in Shanghai while still the day before in UTC', () => {
  expect(todayInOffice(new Date('2025-10-15T17:00:00Z'))).toBe('2025-10-16');
  expect(todayInOffice(new Date('2025-10-15T15:59:00Z'))).toBe('2025-10-15');
});

describe('plan node labels in English', () => {
  it.each([
    ['一', '1'],
    ['(三)', '(3)'],
    ['(十)', '(10)'],
    ['(十二)', '(12)'],
    ['二十三', '23'],
    ['26', '26'],
  ])('writes %s as %s', (label, en) => {
    expect(formatNodeLabel(label, 'en')).toBe(en);
    expect(formatNodeLabel(label, 'zh')).toBe(label);
  });
});
