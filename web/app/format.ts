/** Formatters for the cockpit: numbers, shares, period ids and dates, in Chinese or English. */
import {
  daysBetween,
  monthNamesEn,
  parsePeriod,
  samePeriodLastYear as lastYearOf,
  yearOfPeriod,
  type Period,
  type PeriodType,
} from '../../src/core/period.ts';
import { measureUnitEn, measureUnitsEn } from '../../src/core/measure-unit.ts';
import { describePointChange, parseChineseOrdinal } from '../../src/core/wording.ts';
import type { Lang } from './i18n.ts';

/** The kind of a period id, as the server writes it (DHIS2 style). */
export type PeriodKind = PeriodType;

/** A period id taken apart: its kind, year and number within the year (month, quarter, …). */
export interface PeriodParts {
  readonly id: string;
  readonly kind: PeriodKind;
  readonly year: number;
  /** Half, quarter, month or ISO week number; 0 for a year. */
  readonly index: number;
  /** Dekad (1–3) or day of month; 0 otherwise. */
  readonly sub: number;
}

/** The period an id names, by core's rules, or null when it names none. */
function periodOrNull(id: string): Period | null {
  try {
    return parsePeriod(id);
  } catch {
    return null;
  }
}

/** Takes a period id apart for labels (core/period.ts decides what an id is), or null. */
export function parsePeriodId(id: string): PeriodParts | null {
  const p = periodOrNull(id);
  if (!p) return null;
  const [year = 0, month = 0, day = 0] = p.start.split('-').map(Number);
  const parts = (index: number, sub = 0, ofYear = year): PeriodParts => ({
    id,
    kind: p.type,
    year: ofYear,
    index,
    sub,
  });
  switch (p.type) {
    case 'year':
      return parts(0);
    case 'half':
      return parts(month <= 6 ? 1 : 2);
    case 'quarter':
      return parts(Math.ceil(month / 3));
    case 'month':
      return parts(month);
    case 'dekad':
      return parts(month, Math.ceil(day / 10));
    case 'week': {
      const isoYear = yearOfPeriod(p);
      const weekOne = parsePeriod(`${isoYear}W1`).start;
      return parts(daysBetween(weekOne, p.start) / 7 + 1, 0, isoYear);
    }
    case 'day':
      return parts(month, day);
  }
}

const dekadZh = ['上旬', '中旬', '下旬'];
const dekadEn = ['early', 'mid', 'late'];

/**
 * A period id in words.
 * @example formatPeriod('202503', 'zh') // '2025年3月'
 * @example formatPeriod('2025Q1', 'en') // '2025 Q1'
 */
export function formatPeriod(id: string, lang: Lang): string {
  const p = parsePeriodId(id);
  if (!p) return id;
  const zh = lang === 'zh';
  const month = monthNamesEn[p.index - 1] ?? '';
  switch (p.kind) {
    case 'year':
      return zh ? `${p.year}年` : String(p.year);
    case 'half':
      return zh ? `${p.year}年${p.index === 1 ? '上' : '下'}半年` : `${p.year} H${p.index}`;
    case 'quarter':
      return zh ? `${p.year}年第${p.index}季度` : `${p.year} Q${p.index}`;
    case 'month':
      return zh ? `${p.year}年${p.index}月` : `${month} ${p.year}`;
    case 'dekad':
      return zh
        ? `${p.year}年${p.index}月${dekadZh[p.sub - 1]}`
        : `${dekadEn[p.sub - 1]} ${month} ${p.year}`;
    case 'week':
      return zh ? `${p.year}年第${p.index}周` : `${p.year} W${p.index}`;
    case 'day':
      return zh ? `${p.year}年${p.index}月${p.sub}日` : `${p.sub} ${month} ${p.year}`;
  }
}

/**
 * The short label of a period on a chart axis.
 * @example formatPeriodShort('202503', 'zh') // '3月'
 */
export function formatPeriodShort(id: string, lang: Lang): string {
  const p = parsePeriodId(id);
  if (!p) return id;
  if (p.kind === 'month') return lang === 'zh' ? `${p.index}月` : (monthNamesEn[p.index - 1] ?? id);
  if (p.kind === 'quarter') return `Q${p.index}`;
  return formatPeriod(id, lang);
}

/** The last day of a period, `YYYY-MM-DD`; null when the id is not a period. */
export function periodEndDate(id: string): string | null {
  return periodOrNull(id)?.end ?? null;
}

/**
 * The id of the same period one year earlier (core's rule: week 53 and 29 February fold back).
 * @example samePeriodLastYear('202503') // '202403'
 */
export function samePeriodLastYear(id: string): string {
  const p = periodOrNull(id);
  return p ? lastYearOf(p).id : id;
}

export { daysBetween };

/** The dash shown where a value is missing. */
export const MISSING = '—';

/**
 * Today in the office's time zone (Asia/Shanghai, as the server's clock), YYYY-MM-DD: the one
 * clock deadlines count days from, as the timeliness rates do — not the data date.
 */
export function todayInOffice(now: Date = new Date(), timeZone = 'Asia/Shanghai'): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/**
 * A number with thousands separators and at most `decimals` decimals; a dash when missing.
 * @example formatNumber(1234.5, 1) // '1,234.5'
 */
export function formatNumber(value: number | null | undefined, decimals = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  return value.toLocaleString('en-US', {
    maximumFractionDigits: decimals,
    minimumFractionDigits: 0,
  });
}

/**
 * A share (1 = 100%) as a percentage.
 * @example formatShare(0.4217) // '42.2%'
 */
export function formatShare(share: number | null | undefined, decimals = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return MISSING;
  return `${(share * 100).toFixed(decimals)}%`;
}

/**
 * A change in percent with its sign.
 * @example formatSignedPercent(6.5) // '+6.5%'
 */
export function formatSignedPercent(percent: number | null | undefined, decimals = 1): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return MISSING;
  const text = percent.toFixed(decimals);
  return percent > 0 ? `+${text}%` : `${text}%`;
}

/**
 * A change in percentage points (a rate's or a growth's year-on-year): in Chinese the plan's
 * own words from core (提高0.5个百分点, 持平), in English signed.
 * @example formatPointChange(0.46, 'zh') // '提高0.5个百分点'
 * @example formatPointChange(-0.46, 'en') // '-0.5 pt'
 */
export function formatPointChange(
  points: number | null | undefined,
  lang: Lang,
  decimals = 1,
): string {
  if (points === null || points === undefined || !Number.isFinite(points)) return MISSING;
  if (lang === 'zh') return describePointChange(points, decimals);
  const text = formatNumber(points, decimals);
  return points > 0 ? `+${text} pt` : `${text} pt`;
}

/** A timestamp from the server (ISO) as `YYYY-MM-DD HH:mm` in UTC, as the server records it. */
export function formatTimestamp(at: string | null | undefined): string {
  if (!at) return MISSING;
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})/.exec(at);
  return m ? `${m[1]} ${m[2]}` : at;
}

export { measureUnitsEn };

/**
 * A unit of measure in the UI language: English from `measureUnitsEn`; a unit without an
 * English name stays in Chinese, marked with “(zh)” so a reader knows it was not translated.
 * @example formatMeasureUnit('亿元', 'en') // '100M yuan'
 */
export function formatMeasureUnit(unit: string, lang: Lang): string {
  if (lang === 'zh') return unit;
  return measureUnitEn(unit) ?? `${unit} (zh)`;
}

/**
 * A count in Chinese reading: 万 from ten thousand, 亿 from a hundred million, two decimals at
 * most, the magnitude joined to the unit ("307734.02 个" → "30.77 万个"). Units that already
 * carry a magnitude (万元, 亿元) and percentages are left alone; English keeps the digits
 * and translates the unit.
 * @example formatCount(307734.02, '个', 'zh', 0) // { value: '30.77', unit: '万个' }
 */
export function formatCount(
  value: number | null | undefined,
  unit: string,
  lang: Lang,
  decimals = 2,
): { value: string; unit: string } {
  const isMagnitudeFree = !/^[万亿千百]/.test(unit) && unit !== '%' && unit !== '个百分点';
  if (lang === 'zh' && value !== null && value !== undefined && isMagnitudeFree) {
    const size = Math.abs(value);
    if (size >= 1e8) return { value: formatNumber(value / 1e8, 2), unit: `亿${unit}` };
    if (size >= 1e4) return { value: formatNumber(value / 1e4, 2), unit: `万${unit}` };
  }
  return { value: formatNumber(value, decimals), unit: formatMeasureUnit(unit, lang) };
}

/**
 * A plan node's label in the UI language: the document's own in Chinese; in English its
 * Chinese numerals as digits, so a row reads "Part 2", not "Part二".
 * @example formatNodeLabel('(十二)', 'en') // '(12)'
 */
export function formatNodeLabel(label: string, lang: Lang): string {
  if (lang === 'zh') return label;
  return label.replace(/[一二三四五六七八九十]+/g, (n) => String(parseChineseOrdinal(n) ?? n));
}

/** The comparator of a target as a sign (≥, ≤, ≈ …). */
export function formatComparator(comparator: string): string {
  const signs: Record<string, string> = {
    '>=': '≥',
    '>': '>',
    '<=': '≤',
    '<': '<',
    '=': '=',
    '~': '≈',
    between: '∈',
  };
  return signs[comparator] ?? comparator;
}

/** A target's value with its comparator and unit ("≥ 310 天", "+6 %", "1000–1200 个"). */
export function formatTargetValue(
  t: {
    comparator: string;
    value: number | null;
    valueMax: number | null;
    unit: string;
    measure: string;
  },
  lang: Lang = 'zh',
): string {
  if (t.value === null) return MISSING;
  const unit = formatMeasureUnit(t.measure === 'growth' && !t.unit ? '%' : t.unit, lang);
  if (t.comparator === 'between' && t.valueMax !== null)
    return `${formatNumber(t.value)}–${formatNumber(t.valueMax)} ${unit}`.trim();
  return `${formatComparator(t.comparator)} ${formatNumber(t.value)} ${unit}`.trim();
}

/**
 * The span of a year-to-date figure ending with a period.
 * @example formatYearToDate('202509', 'zh') // '1—9月累计'
 * @example formatYearToDate('202509', 'en') // 'Jan–Sep YTD'
 */
export function formatYearToDate(periodId: string, lang: Lang): string {
  const p = parsePeriodId(periodId);
  if (!p) return periodId;
  if (p.kind === 'month')
    return lang === 'zh'
      ? p.index === 1
        ? '1月'
        : `1—${p.index}月累计`
      : p.index === 1
        ? 'Jan'
        : `Jan–${monthNamesEn[p.index - 1]} YTD`;
  if (p.kind === 'quarter') return lang === 'zh' ? `前${p.index}季度累计` : `Q1–Q${p.index} YTD`;
  return formatPeriod(periodId, lang);
}
