/**
 * Periods as DHIS2 writes them: day, ISO week, dekad (旬), month, quarter, half-year and
 * year, each with one canonical id that round-trips (`parsePeriod(id).id === id`).
 *
 * Dates are ISO strings `YYYY-MM-DD` in the proleptic Gregorian calendar. All arithmetic
 * runs on day numbers (days since 1970-01-01), so nothing here depends on a time zone.
 */
import { DomainError } from './domain-error.ts';

/** The kind of a period, from a single day up to a calendar year. */
export type PeriodType = 'day' | 'week' | 'dekad' | 'month' | 'quarter' | 'half' | 'year';

/** Every period type, finest to coarsest. */
export const periodTypes: readonly PeriodType[] = Object.freeze([
  'day',
  'week',
  'dekad',
  'month',
  'quarter',
  'half',
  'year',
] as const);

/**
 * A period: its type, canonical id and the dates it covers, `start` to `end` inclusive.
 * @example parsePeriod('202503D3') // { type: 'dekad', id: '202503D3', start: '2025-03-21', end: '2025-03-31' }
 */
export interface Period {
  readonly type: PeriodType;
  readonly id: string;
  readonly start: string;
  readonly end: string;
}

// Ids carry a four-digit year; year 0 is refused so that every id names a real calendar year.
const minYear = 1;
const maxYear = 9999;

// ---------------------------------------------------------------------------------------
// Calendar arithmetic on day numbers

interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const isLeapYear = (year: number): boolean =>
  (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

const daysInMonth = (year: number, month: number): number =>
  month === 2 && isLeapYear(year) ? 29 : (monthLengths[month - 1] ?? 0);

// Howard Hinnant's days_from_civil: exact for any proleptic Gregorian date, no Date object
// (Date.UTC maps years 0–99 to 1900–1999).
function toDayNumber(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYearFromMarch = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYearFromMarch;
  return era * 146097 + dayOfEra - 719468;
}

function fromDayNumber(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36524) -
      Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYearFromMarch =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYearFromMarch + 2) / 153);
  const day = dayOfYearFromMarch - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  return { year, month, day };
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

const formatDate = ({ year, month, day }: CivilDate): string =>
  `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;

const formatDayNumber = (dayNumber: number): string => formatDate(fromDayNumber(dayNumber));

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

function readDate(date: string): CivilDate | undefined {
  const match = typeof date === 'string' ? isoDatePattern.exec(date) : null;
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

function dateOrThrow(date: string): CivilDate {
  const civil = readDate(date);
  if (!civil) {
    throw new DomainError(
      'INVALID_PERIOD',
      `日期"${String(date)}"无效，应为 YYYY-MM-DD`,
      `Invalid date "${String(date)}": expected YYYY-MM-DD`,
      { details: { date } },
    );
  }
  return civil;
}

const dayNumberOf = (date: string): number => {
  const { year, month, day } = dateOrThrow(date);
  return toDayNumber(year, month, day);
};

// Monday = 0 … Sunday = 6; day 0 (1970-01-01) was a Thursday.
const isoWeekday = (dayNumber: number): number => (((dayNumber + 3) % 7) + 7) % 7;

// ISO-8601: week 1 is the week (Monday to Sunday) that contains 4 January.
const mondayOfWeekOne = (isoYear: number): number => {
  const january4 = toDayNumber(isoYear, 1, 4);
  return january4 - isoWeekday(january4);
};

// A year has 53 ISO weeks when it starts on a Thursday, or on a Wednesday in a leap year.
const isoWeeksInYear = (isoYear: number): number =>
  (mondayOfWeekOne(isoYear + 1) - mondayOfWeekOne(isoYear)) / 7;

// ---------------------------------------------------------------------------------------
// Building periods from (type, year, index)

function invalidPeriod(id: string, reasonZh: string, reasonEn: string): DomainError {
  return new DomainError(
    'INVALID_PERIOD',
    `期间"${id}"无效：${reasonZh}`,
    `Invalid period "${id}": ${reasonEn}`,
    { details: { id } },
  );
}

function makePeriod(type: PeriodType, id: string, startDay: number, endDay: number): Period {
  return Object.freeze({
    type,
    id,
    start: formatDayNumber(startDay),
    end: formatDayNumber(endDay),
  });
}

function checkYear(year: number, id: string): void {
  if (year < minYear || year > maxYear) {
    throw invalidPeriod(
      id,
      `年份须在 ${minYear}–${maxYear} 之间`,
      `year must lie between ${minYear} and ${maxYear}`,
    );
  }
}

function yearPeriod(year: number): Period {
  const id = pad(year, 4);
  checkYear(year, id);
  return makePeriod('year', id, toDayNumber(year, 1, 1), toDayNumber(year, 12, 31));
}

function halfPeriod(year: number, half: number): Period {
  const id = `${pad(year, 4)}S${half}`;
  checkYear(year, id);
  const firstMonth = half * 6 - 5;
  return makePeriod(
    'half',
    id,
    toDayNumber(year, firstMonth, 1),
    toDayNumber(year, firstMonth + 5, daysInMonth(year, firstMonth + 5)),
  );
}

function quarterPeriod(year: number, quarter: number): Period {
  const id = `${pad(year, 4)}Q${quarter}`;
  checkYear(year, id);
  const firstMonth = quarter * 3 - 2;
  return makePeriod(
    'quarter',
    id,
    toDayNumber(year, firstMonth, 1),
    toDayNumber(year, firstMonth + 2, daysInMonth(year, firstMonth + 2)),
  );
}

function monthPeriod(year: number, month: number): Period {
  const id = `${pad(year, 4)}${pad(month, 2)}`;
  checkYear(year, id);
  return makePeriod(
    'month',
    id,
    toDayNumber(year, month, 1),
    toDayNumber(year, month, daysInMonth(year, month)),
  );
}

function dekadPeriod(year: number, month: number, dekad: number): Period {
  const id = `${pad(year, 4)}${pad(month, 2)}D${dekad}`;
  checkYear(year, id);
  const firstDay = dekad * 10 - 9;
  const lastDay = dekad === 3 ? daysInMonth(year, month) : dekad * 10;
  return makePeriod(
    'dekad',
    id,
    toDayNumber(year, month, firstDay),
    toDayNumber(year, month, lastDay),
  );
}

function weekPeriod(isoYear: number, week: number): Period {
  const id = `${pad(isoYear, 4)}W${week}`;
  checkYear(isoYear, id);
  const monday = mondayOfWeekOne(isoYear) + (week - 1) * 7;
  return makePeriod('week', id, monday, monday + 6);
}

function dayPeriod(civil: CivilDate): Period {
  const id = `${pad(civil.year, 4)}${pad(civil.month, 2)}${pad(civil.day, 2)}`;
  checkYear(civil.year, id);
  const dayNumber = toDayNumber(civil.year, civil.month, civil.day);
  return makePeriod('day', id, dayNumber, dayNumber);
}

// ---------------------------------------------------------------------------------------
// Parsing

// Only canonical spellings match: weeks unpadded (2025W1, not 2025W01), months padded.
const yearPattern = /^(\d{4})$/;
const halfPattern = /^(\d{4})S([12])$/;
const quarterPattern = /^(\d{4})Q([1-4])$/;
const monthPattern = /^(\d{4})(0[1-9]|1[0-2])$/;
const dekadPattern = /^(\d{4})(0[1-9]|1[0-2])D([1-3])$/;
const weekPattern = /^(\d{4})W([1-9]\d?)$/;
const dayPattern = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * Parses a canonical period id (`2025`, `2025S1`, `2025Q1`, `202503`, `202503D2`, `2025W12`,
 * `20250315`) into a period; throws DomainError `INVALID_PERIOD` for anything else.
 * @example parsePeriod('2020W53').start // '2020-12-28'
 */
export function parsePeriod(id: string): Period {
  if (typeof id !== 'string') throw invalidPeriod(String(id), '不是字符串', 'not a string');
  let m: RegExpExecArray | null;
  if ((m = yearPattern.exec(id))) return yearPeriod(Number(m[1]));
  if ((m = halfPattern.exec(id))) return halfPeriod(Number(m[1]), Number(m[2]));
  if ((m = quarterPattern.exec(id))) return quarterPeriod(Number(m[1]), Number(m[2]));
  if ((m = monthPattern.exec(id))) return monthPeriod(Number(m[1]), Number(m[2]));
  if ((m = dekadPattern.exec(id))) {
    return dekadPeriod(Number(m[1]), Number(m[2]), Number(m[3]));
  }
  if ((m = weekPattern.exec(id))) {
    const isoYear = Number(m[1]);
    const week = Number(m[2]);
    if (week > isoWeeksInYear(isoYear)) {
      throw invalidPeriod(
        id,
        `${isoYear}年只有${isoWeeksInYear(isoYear)}周`,
        `ISO year ${isoYear} has only ${isoWeeksInYear(isoYear)} weeks`,
      );
    }
    return weekPeriod(isoYear, week);
  }
  if ((m = dayPattern.exec(id))) {
    const civil = readDate(`${m[1]}-${m[2]}-${m[3]}`);
    if (!civil) throw invalidPeriod(id, '日期不存在', 'no such date');
    return dayPeriod(civil);
  }
  throw invalidPeriod(
    id,
    '应为 2025、2025S1、2025Q1、202503、202503D1、2025W1 或 20250315 之一的格式',
    'expected one of the forms 2025, 2025S1, 2025Q1, 202503, 202503D1, 2025W1, 20250315',
  );
}

/**
 * The years Lantu keeps data for: from the founding of the People's Republic (the first
 * year of its statistics) to 2100. The period algebra itself works for years 1–9999; this
 * bound is for values that enter, so that a mistyped 0001 or 1700 is refused.
 */
export const dataYears = Object.freeze({ first: 1949, last: 2100 });

/**
 * Whether a string is a canonical period id that `parsePeriod` accepts, in a year Lantu
 * keeps data for (`dataYears`).
 * @example isPeriodId('202503') // true; isPeriodId('170001') // false
 */
export function isPeriodId(id: string): boolean {
  try {
    const year = yearOfPeriod(parsePeriod(id));
    return year >= dataYears.first && year <= dataYears.last;
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------
// Navigation

/**
 * The period of the given type that a date falls in.
 * @example periodOf('week', '2021-01-03').id // '2020W53'
 */
export function periodOf(type: PeriodType, date: string): Period {
  const civil = dateOrThrow(date);
  const { year, month, day } = civil;
  switch (type) {
    case 'day':
      return dayPeriod(civil);
    case 'week': {
      // The ISO year of a week is the calendar year of its Thursday.
      const dayNumber = toDayNumber(year, month, day);
      const thursday = dayNumber - isoWeekday(dayNumber) + 3;
      const isoYear = fromDayNumber(thursday).year;
      return weekPeriod(isoYear, Math.floor((thursday - mondayOfWeekOne(isoYear)) / 7) + 1);
    }
    case 'dekad':
      return dekadPeriod(year, month, Math.min(3, Math.ceil(day / 10)));
    case 'month':
      return monthPeriod(year, month);
    case 'quarter':
      return quarterPeriod(year, Math.ceil(month / 3));
    case 'half':
      return halfPeriod(year, month <= 6 ? 1 : 2);
    case 'year':
      return yearPeriod(year);
  }
}

/** The period of the same type that starts the day after `p` ends. */
export function nextPeriod(p: Period): Period {
  return periodOf(p.type, addDays(p.end, 1));
}

/** The period of the same type that ends the day before `p` starts. */
export function previousPeriod(p: Period): Period {
  return periodOf(p.type, addDays(p.start, -1));
}

/**
 * Every period from `from` to `to` inclusive, in order; empty when `to` precedes `from`.
 * Throws DomainError `INVALID_PERIOD` when the two are of different types.
 * @example periodRange(parsePeriod('202511'), parsePeriod('202602')).map((p) => p.id) // ['202511', '202512', '202601', '202602']
 */
export function periodRange(from: Period, to: Period): Period[] {
  if (from.type !== to.type) {
    throw new DomainError(
      'INVALID_PERIOD',
      `期间范围的起止类型不同：${from.id} 与 ${to.id}`,
      `A period range needs two periods of one type: ${from.id} and ${to.id}`,
      { details: { from: from.id, to: to.id } },
    );
  }
  const range: Period[] = [];
  for (let p = from; p.start <= to.start; p = nextPeriod(p)) {
    range.push(p);
    if (p.id === to.id) break;
  }
  return range;
}

// A week belongs to the month, quarter, … that holds its Thursday, the ISO rule for years.
const anchorOf = (p: Period): string => (p.type === 'week' ? addDays(p.start, 3) : p.start);

/**
 * The periods of `type` that begin within `outer` — for weeks, those whose Thursday lies in
 * `outer`, so every week falls in exactly one month, quarter, half or year.
 * @example periodsWithin(parsePeriod('2025Q1'), 'month').map((p) => p.id) // ['202501', '202502', '202503']
 */
export function periodsWithin(outer: Period, type: PeriodType): Period[] {
  const within: Period[] = [];
  let p = periodOf(type, outer.start);
  if (anchorOf(p) < outer.start) p = nextPeriod(p);
  while (anchorOf(p) <= outer.end) {
    within.push(p);
    p = nextPeriod(p);
  }
  return within;
}

/**
 * The period of the same type one year earlier. Week 53 maps to week 52 when last year had
 * no week 53, and 29 February maps to 28 February.
 * @example samePeriodLastYear(parsePeriod('2025Q1')).id // '2024Q1'
 */
export function samePeriodLastYear(p: Period): Period {
  const { year, month, day } = dateOrThrow(p.start);
  switch (p.type) {
    case 'day':
      return dayPeriod({ year: year - 1, month, day: Math.min(day, daysInMonth(year - 1, month)) });
    case 'week': {
      const isoYear = yearOfPeriod(p);
      const week = (dayNumberOf(p.start) - mondayOfWeekOne(isoYear)) / 7 + 1;
      return weekPeriod(isoYear - 1, Math.min(week, isoWeeksInYear(isoYear - 1)));
    }
    case 'dekad':
      return dekadPeriod(year - 1, month, Math.ceil(day / 10));
    case 'month':
      return monthPeriod(year - 1, month);
    case 'quarter':
      return quarterPeriod(year - 1, Math.ceil(month / 3));
    case 'half':
      return halfPeriod(year - 1, month <= 6 ? 1 : 2);
    case 'year':
      return yearPeriod(year - 1);
  }
}

/** The year a period belongs to: the ISO year for weeks, the calendar year otherwise. */
export function yearOfPeriod(p: Period): number {
  return dateOrThrow(anchorOf(p)).year;
}

// ---------------------------------------------------------------------------------------
// Dates

/**
 * The number of days from date `a` to date `b` (negative when `b` is earlier).
 * @example daysBetween('2024-02-28', '2024-03-01') // 2
 */
export function daysBetween(a: string, b: string): number {
  return dayNumberOf(b) - dayNumberOf(a);
}

/**
 * The date `days` days after `date` (before it when negative).
 * @example addDays('2024-12-31', 1) // '2025-01-01'
 */
export function addDays(date: string, days: number): string {
  return formatDayNumber(dayNumberOf(date) + days);
}

/** The 1-based day of the year of a date: 1 January is 1, 31 December is 365 or 366. */
export function dayOfYear(date: string): number {
  const { year, month, day } = dateOrThrow(date);
  return toDayNumber(year, month, day) - toDayNumber(year, 1, 1) + 1;
}

/** The number of days in a calendar year: 366 in a leap year, else 365. */
export function daysInYear(year: number): number {
  return isLeapYear(year) ? 366 : 365;
}

/** Whether a string is a real calendar date written `YYYY-MM-DD`. */
export function isIsoDate(s: string): boolean {
  return readDate(s) !== undefined;
}

// ---------------------------------------------------------------------------------------
// Labels

const chineseQuarters = ['一', '二', '三', '四'] as const;
const dekadNamesZh = ['上旬', '中旬', '下旬'] as const;
const ordinalsEn = ['1st', '2nd', '3rd'] as const;
/** English month abbreviations, January first: the one list of them. */
export const monthNamesEn = [
  'Jan',
  'Feb',
  'Mar',
  'Apr',
  'May',
  'Jun',
  'Jul',
  'Aug',
  'Sep',
  'Oct',
  'Nov',
  'Dec',
] as const;

/**
 * A period's name for people, in Chinese or English.
 * @example periodLabel(parsePeriod('202503D2'), 'zh') // '2025年3月中旬'
 * @example periodLabel(parsePeriod('2025Q1'), 'en') // 'Q1 2025'
 */
export function periodLabel(p: Period, lang: 'zh' | 'en'): string {
  const { year, month, day } = dateOrThrow(p.start);
  const zh = lang === 'zh';
  const monthEn = monthNamesEn[month - 1] ?? '';
  switch (p.type) {
    case 'year':
      return zh ? `${year}年` : `${year}`;
    case 'half':
      return zh ? `${year}年${month <= 6 ? '上' : '下'}半年` : `H${month <= 6 ? 1 : 2} ${year}`;
    case 'quarter': {
      const quarter = Math.ceil(month / 3);
      return zh ? `${year}年第${chineseQuarters[quarter - 1]}季度` : `Q${quarter} ${year}`;
    }
    case 'month':
      return zh ? `${year}年${month}月` : `${monthEn} ${year}`;
    case 'dekad': {
      const dekad = Math.ceil(day / 10) - 1;
      return zh
        ? `${year}年${month}月${dekadNamesZh[dekad]}`
        : `${year}-${pad(month, 2)} ${ordinalsEn[dekad]} dekad`;
    }
    case 'week': {
      const isoYear = yearOfPeriod(p);
      const week = (dayNumberOf(p.start) - mondayOfWeekOne(isoYear)) / 7 + 1;
      return zh ? `${isoYear}年第${week}周` : `Week ${week}, ${isoYear}`;
    }
    case 'day':
      return zh ? `${year}年${month}月${day}日` : `${day} ${monthEn} ${year}`;
  }
}

/**
 * The period id a person typed, in the forms offices write them: `2025-10`, `2025/10`,
 * `202510`, `2025年10月`, `2025Q3`, `2025年第三季度`, `2025年三季度`, `2025年`, `Oct 2025`
 * (full-width digits read as digits); null when it names no period Lantu keeps data for.
 * @example periodIdFromText('2025年10月') // '202510'
 * @example periodIdFromText('2025年第三季度') // '2025Q3'
 */
export function periodIdFromText(text: string): string | null {
  const s = text
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30))
    .trim()
    .replace(/\s+/g, ' ');
  const valid = (id: string) => (isPeriodId(id) ? id : null);
  const month = (year: string, m: string) => {
    const n = Number(m);
    return n >= 1 && n <= 12 ? valid(`${year}${pad(n, 2)}`) : null;
  };
  let m: RegExpExecArray | null;
  if ((m = /^(\d{4})(\d{2})$/.exec(s))) return month(m[1]!, m[2]!);
  if ((m = /^(\d{4}) ?[-/.年 ] ?(\d{1,2}) ?月?$/.exec(s))) return month(m[1]!, m[2]!);
  if ((m = /^(\d{4}) ?[-年]? ?[Qq]([1-4])$/.exec(s))) return valid(`${m[1]}Q${m[2]}`);
  if ((m = /^(\d{4}) ?年 ?第?([1-4一二三四]) ?季度?$/.exec(s))) {
    const q = '1234'.includes(m[2]!)
      ? Number(m[2])
      : (chineseQuarters as readonly string[]).indexOf(m[2]!) + 1;
    return valid(`${m[1]}Q${q}`);
  }
  if ((m = /^[Qq]([1-4]) ?(\d{4})$/.exec(s))) return valid(`${m[2]}Q${m[1]}`);
  if ((m = /^(\d{4}) ?年?$/.exec(s))) return valid(m[1]!);
  if ((m = /^([A-Za-z]{3,9})\.? (\d{4})$/.exec(s))) {
    const name = m[1]!.toLowerCase();
    const i = monthNamesEn.findIndex((n) => name.startsWith(n.toLowerCase()));
    return i >= 0 ? month(m[2]!, String(i + 1)) : null;
  }
  return null;
}
