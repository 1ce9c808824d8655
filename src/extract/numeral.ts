import { baseUnitNames } from '../core/measure-unit.ts';

/**
 * Numerals of a folded document text (see foldFigureText) and the tests that
 * set aside those that are no figure: dates, names and codes, list numbers.
 */

/** A run of digits with its decimal part ("6.5" is one numeral, "2—3" two). */
export interface Numeral {
  readonly start: number;
  readonly end: number;
}

/** Why a numeral is not a figure. */
export type NotAFigure = 'date' | 'name' | 'list';

const numeralPattern = /[0-9]+(?:\.[0-9]+)?/gu;

/** Every numeral of a folded text, in order. */
export const findNumerals = (text: string): Numeral[] =>
  [...text.matchAll(numeralPattern)].map((m) => ({ start: m.index, end: m.index + m[0].length }));

const isLatin = (c: string | undefined): boolean => c !== undefined && /[A-Za-z]/u.test(c);

/** Whether the words after a year-like numeral make it a quantity ("1948套", "2000户"). */
const startsWithQuantityWord = (after: string): boolean =>
  /^(?:余|多)?(?:万|亿)/u.test(after) ||
  baseUnitNames.some((u) => u !== '年' && after.startsWith(u));

const isYearLike = (digits: string): boolean => /^(?:19|20)[0-9]{2}$/u.test(digits);

/** Characters after a numeral that make it a date ("5月", "17日", "2025年底"). */
const dateAfter = /^(?:月|日|号(?![线楼])|时|点|周年|年度|-[0-9]{1,2}(?:-|$))/u;
/** Words after a numeral that make it part of a name or a code. */
const nameAfter = /^(?:号线|号楼|号|级|期|代|路|届|次会议|型|座城市|周年|\+|\/|-[0-9]{3,}|〕|\])/u;
/** Words before a numeral that make it an ordinal, a code or part of a name. */
const nameBefore = /(?:第|〔|\[|\+|“|"|《|编号|代码|\/|-)$/u;

/**
 * Whether a numeral is a date, a name or code, or a list number rather than
 * a quantity; undefined when it may be a figure.
 */
export const classifyNonFigure = (text: string, numeral: Numeral): NotAFigure | undefined => {
  const digits = text.slice(numeral.start, numeral.end);
  const before = text.slice(Math.max(0, numeral.start - 4), numeral.start);
  const after = text.slice(numeral.end, numeral.end + 4);
  if (isLatin(text[numeral.start - 1]) || isLatin(text[numeral.end])) return 'name';
  if (isYearLike(digits) && /^(?:年|-|\/|\.[0-9]|〕|）|\))/u.test(after)) return 'date';
  if (isYearLike(digits) && !startsWithQuantityWord(after)) return 'date';
  if (dateAfter.test(after)) return 'date';
  // Only the few characters before the numeral matter; a bound keeps long lines linear.
  const lead = text.slice(Math.max(0, numeral.start - 8), numeral.start);
  const lineLead = /(?:^|\n)([^\n]*)$/u.exec(lead)?.[1] ?? lead;
  const isAtLineStart =
    /^[ \t]*$/u.test(lineLead) && (lead.includes('\n') || numeral.start - lead.length === 0);
  if (isAtLineStart && /^(?:[.、)]|\.(?![0-9]))/u.test(after)) return 'list';
  if (/\[\[$/u.test(before) || /^\]\]/u.test(after)) return 'list';
  if (/^\s*[(（]$/u.test(lineLead) && /^[)）]/u.test(after)) return 'list';
  if (nameBefore.test(before) || nameAfter.test(after)) return 'name';
  return undefined;
};
