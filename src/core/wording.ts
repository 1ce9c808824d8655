/**
 * Chinese number wording for the documents the office hands in: changes (增长/下降/持平),
 * percentage points (个百分点), money in 亿元 to two decimals, large counts in 万 or 亿, the
 * cumulative span of a period (1—N月累计, `cumulativeSpan`), and the
 * gap to expected progress (序时进度). One module, so a bulletin, a ranking and the year-end
 * report word the same figure the same way. Rounding happens here, at the edge, never earlier.
 */
import type { Reason } from './attainment.ts';
import { assertNever } from './assert-never.ts';
import { dimensionOf, measureUnitEn, splitMagnitude } from './measure-unit.ts';
import { monthNamesEn, parsePeriod, type Period } from './period.ts';

/**
 * Rounds half away from zero at `decimals`, through the decimal string so that 1.005 rounds
 * to 1.01 as a statistician writes it (binary floating point would give 1.00).
 */
export function roundHalfUp(value: number, decimals: number): number {
  const sign = value < 0 ? -1 : 1;
  const shifted = Number(`${Math.abs(value)}e${decimals}`);
  return sign * Number(`${Math.round(shifted)}e-${decimals}`) || 0;
}

/**
 * A number with at most `decimals` decimals, trailing zeros dropped ("3.3", "1200", "0.5");
 * with `fixed`, exactly `decimals` decimals ("1234.50").
 */
export function formatDecimal(value: number, decimals: number, fixed = false): string {
  const rounded = roundHalfUp(value, decimals);
  return fixed ? rounded.toFixed(decimals) : String(rounded);
}

/**
 * A change in percent as a bulletin words it: 增长6.5%, 下降8.6%, 持平 when it rounds to zero.
 * @example describeChange(-8.6) // '下降8.6%'
 */
export function describeChange(percent: number, decimals = 1): string {
  const rounded = roundHalfUp(percent, decimals);
  if (rounded === 0) return '持平';
  return `${rounded > 0 ? '增长' : '下降'}${formatDecimal(Math.abs(rounded), decimals, true)}%`;
}

/**
 * A change in percentage points: 提高6个百分点, 下降0.5个百分点, 持平.
 * @example describePointChange(6, 1) // '提高6.0个百分点'
 */
export function describePointChange(points: number, decimals = 1): string {
  const rounded = roundHalfUp(points, decimals);
  if (rounded === 0) return '持平';
  return `${rounded > 0 ? '提高' : '下降'}${formatDecimal(Math.abs(rounded), decimals, true)}个百分点`;
}

/**
 * Where progress stands against 序时进度, from points behind (positive) or ahead (negative) —
 * the sign convention of `Assessment.gapPoints`.
 * @example describeGapToExpected(8) // '落后序时进度8.0个百分点'
 */
export function describeGapToExpected(gapPoints: number, decimals = 1): string {
  const rounded = roundHalfUp(gapPoints, decimals);
  if (rounded === 0) return '与序时进度持平';
  const size = `${formatDecimal(Math.abs(rounded), decimals, true)}个百分点`;
  return rounded > 0 ? `落后序时进度${size}` : `快于序时进度${size}`;
}

/** A share (1 = 100%) as a percentage: 0.42 → '42.0%'. */
export function formatShare(share: number, decimals = 1): string {
  return `${formatDecimal(share * 100, decimals, true)}%`;
}

/**
 * A quantity in the unit a report writes it in:
 * - money (元, 万元, 亿元): 亿元 with two decimals from 1亿元 up, 万元 with two decimals below;
 * - percent: as given, one decimal;
 * - other units: the base unit, in 亿 from 1e8, in 万 from 1e5 (or from 1e4 when 万 loses
 *   nothing: 33000人 → 3.3万人, but 12666套 stays 12666套), up to two decimals.
 * A unit outside the table is written as given.
 * @example formatQuantity(1.2345e7, '万元') // '1234.50亿元'
 * @example formatQuantity(3.3, '万人') // '3.3万人'
 */
export function formatQuantity(value: number, unit: string): string {
  const dimension = dimensionOf(unit);
  const { base, factor } = splitMagnitude(unit);
  if (dimension === undefined || base === '') return `${formatDecimal(value, 2)}${unit}`;
  if (dimension === 'ratio' || dimension === 'ratioPoints')
    return `${formatDecimal(value, 1)}${base === '百分点' ? '个百分点' : base}`;
  const inBase = value * factor;
  if (dimension === 'money' && base === '元') {
    if (Math.abs(inBase) >= 1e8) return `${formatDecimal(inBase / 1e8, 2, true)}亿元`;
    if (Math.abs(inBase) >= 1e4) return `${formatDecimal(inBase / 1e4, 2, true)}万元`;
    return `${formatDecimal(inBase, 2)}元`;
  }
  const size = Math.abs(inBase);
  if (size >= 1e8) return `${formatDecimal(inBase / 1e8, 2)}亿${base}`;
  const inWan = inBase / 1e4;
  if (size >= 1e5 || (size >= 1e4 && roundHalfUp(inWan, 2) === inWan))
    return `${formatDecimal(inWan, 2)}万${base}`;
  return `${formatDecimal(inBase, 2)}${base}`;
}

/**
 * A quantity in English: the figure in its own unit, rounded to `decimals` places with
 * thousands separators, and the unit's English (`measureUnitEn`); a unit with no English is
 * kept as written. English readers get no 万/亿: "10k" is already in the unit's name.
 * @example formatQuantityEn(295425.25, '个') // '295,425.25 units'
 * @example formatQuantityEn(63.34, '%') // '63.34%'
 */
export function formatQuantityEn(value: number, unit: string, decimals = 2): string {
  const [whole = '0', fraction] = formatDecimal(Math.abs(value), decimals).split('.');
  const sign = roundHalfUp(value, decimals) < 0 ? '-' : '';
  const figure = `${sign}${whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${fraction ? `.${fraction}` : ''}`;
  const en = measureUnitEn(unit) ?? unit.trim();
  if (en === '') return figure;
  return en === '%' ? `${figure}%` : `${figure} ${en}`;
}

/**
 * The cumulative span of a period as a heading writes it, with 累计 for spans of several
 * months: "1—6月累计", "1月", "一季度", "全年". Built on `cumulativeSpan`.
 * @example describeCumulative('202506') // '1—6月累计'
 */
export function describeCumulative(periodId: string): string {
  const span = cumulativeSpan(parsePeriod(periodId)).zh;
  return span.includes('—') ? `${span}累计` : span;
}

/**
 * A date `YYYY-MM-DD` as a document writes it: 2025年6月30日.
 * @example describeDate('2025-06-30') // '2025年6月30日'
 */
export function describeDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${Number(year)}年${Number(month)}月${Number(day)}日`;
}

const digits = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/**
 * A number from 1 to 99 in Chinese numerals, as section labels write it: 一, 十, 十二, 二十一.
 * @example chineseNumeral(12) // '十二'
 */
export function chineseNumeral(n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n);
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  const head = tens === 0 ? '' : tens === 1 ? '十' : `${digits[tens]}十`;
  return `${head}${ones === 0 ? '' : digits[ones]}`;
}

const digitValues: Readonly<Record<string, number>> = Object.fromEntries(
  digits.slice(1).map((d, i) => [d, i + 1]),
);

/**
 * Reads a Chinese numeral from 一 to 九十九, as section labels write it, as a number; null for
 * anything else. The inverse of `chineseNumeral`.
 * @example parseChineseOrdinal('三十八') // 38
 */
export function parseChineseOrdinal(numeral: string): number | null {
  if (numeral === '') return null;
  const tenAt = numeral.indexOf('十');
  if (tenAt === -1) return numeral.length === 1 ? (digitValues[numeral] ?? null) : null;
  const before = numeral.slice(0, tenAt);
  const after = numeral.slice(tenAt + 1);
  const tens = before === '' ? 1 : before.length === 1 ? digitValues[before] : undefined;
  const ones = after === '' ? 0 : after.length === 1 ? digitValues[after] : undefined;
  if (tens === undefined || ones === undefined) return null;
  return tens * 10 + ones;
}

/**
 * The span from the start of the year to the end of a period, as statistics bulletins name
 * it: "1—6月", "一季度", "上半年", "前三季度", "全年".
 */
export function cumulativeSpan(last: Period): Reason {
  const [, monthText, dayText] = last.end.split('-');
  const month = Number(monthText);
  const day = Number(dayText);
  const monthEn = monthNamesEn[month - 1] ?? '';
  switch (last.type) {
    case 'year':
      return { zh: '全年', en: 'Full year' };
    case 'half':
      return month <= 6 ? { zh: '上半年', en: 'H1' } : { zh: '全年', en: 'Full year' };
    case 'quarter':
      return (
        [
          { zh: '一季度', en: 'Q1' },
          { zh: '上半年', en: 'H1' },
          { zh: '前三季度', en: 'Q1–Q3' },
          { zh: '全年', en: 'Full year' },
        ][Math.ceil(month / 3) - 1] ?? { zh: '全年', en: 'Full year' }
      );
    case 'month':
      return month === 1 ? { zh: '1月', en: 'Jan' } : { zh: `1—${month}月`, en: `Jan–${monthEn}` };
    case 'dekad':
    case 'week':
    case 'day':
      // A week may end in January of the next year; the span still stops at year end.
      return last.end.slice(0, 4) > last.start.slice(0, 4) && last.type === 'week' && month === 1
        ? { zh: '截至12月31日', en: 'To 31 Dec' }
        : { zh: `截至${month}月${day}日`, en: `To ${day} ${monthEn}` };
    default:
      return assertNever(last.type);
  }
}
