import { baseUnitNames, magnitudes, splitMagnitude } from './measure-unit.ts';

/**
 * The grammar of a Chinese plan figure ("突破1200亿元", "8.5万辆以上",
 * "2—3条", "下降8.6%"): numeral, magnitude, unit, comparator, direction.
 * Pure: text in, values out.
 */

/** How a figure bounds the quantity: plain, a floor, a ceiling, about, or a range. */
export type Comparator = '=' | '>=' | '>' | '<=' | '<' | '~' | 'between';

/** A figure read from text: the value with its magnitude applied and the unit without it. */
export interface Figure {
  /** Index of the numeral's first digit in the text read. */
  readonly offset: number;
  /** Index of the range's second numeral, for a range. */
  readonly offset2?: number;
  /** The digits as written (full-width digits kept as written). */
  readonly numeral: string;
  /** Index just past the figure: its unit and any comparator word after it. */
  readonly end: number;
  readonly value: number;
  readonly valueMax?: number;
  /** Base unit, magnitude removed; '' when none is written ("6600多万"). */
  readonly unit: string;
  readonly comparator: Comparator;
  /** -1 for a fall (下降8.6%), else 1. */
  readonly sign: 1 | -1;
  /** A commitment softened by 力争 / 争取 / 努力. */
  readonly isAspirational: boolean;
}

/** The part of a figure read around one numeral: its span, value, unit and comparator. */
export interface FigureReading {
  /** Start of the comparator word before the numeral, or the numeral. */
  readonly start: number;
  readonly numeralStart: number;
  readonly numeralEnd: number;
  readonly numeral2Start?: number;
  readonly numeral2End?: number;
  /** End of the figure, after unit and trailing comparator word. */
  readonly end: number;
  readonly value: number;
  readonly valueMax?: number;
  readonly unit: string;
  /** Whether a magnitude (万, 亿 …) was written. */
  readonly hasMagnitude: boolean;
  /** Whether a unit (个, 元, % …) was written. */
  readonly hasUnit: boolean;
  readonly comparator: Comparator;
}

/**
 * Traditional forms of the characters the figure grammar reads, mapped to
 * simplified ones (one code unit each, so offsets survive the mapping).
 */
const traditionalToSimplified: Readonly<Record<string, string>> = {
  億: '亿',
  萬: '万',
  個: '个',
  噸: '吨',
  輛: '辆',
  畝: '亩',
  項: '项',
  條: '条',
  戶: '户',
  處: '处',
  檔: '档',
  長: '长',
  內: '内',
  約: '约',
  餘: '余',
  達: '达',
  點: '点',
  減: '减',
  節: '节',
  歲: '岁',
  臺: '台',
  場: '场',
  間: '间',
  張: '张',
  裡: '里',
  棟: '栋',
  過: '过',
  於: '于',
  標: '标',
  額: '额',
  壓: '压',
  縮: '缩',
  爭: '争',
  確: '确',
  實: '实',
  現: '现',
  這: '这',
  為: '为',
  將: '将',
  預: '预',
  計: '计',
  劃: '划',
  執: '执',
  顧: '顾',
  業: '业',
  產: '产',
  總: '总',
  數: '数',
  發: '发',
  經: '经',
  濟: '济',
  務: '务',
  幣: '币',
  車: '车',
  區: '区',
  縣: '县',
  線: '线',
  號: '号',
  級: '级',
  漲: '涨',
  較: '较',
};

/**
 * Folds a text for reading figures without changing its length: full-width
 * digits, letters and punctuation become ASCII (NFKC, one code unit each) and
 * traditional characters of the figure grammar become simplified, so every
 * index into the folded text is an index into the original.
 */
export const foldFigureText = (text: string): string => {
  let out = '';
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x3000) continue;
    let folded: string | undefined;
    if (code === 0x3000) folded = ' ';
    else if (code >= 0xf900 && code <= 0xffef) {
      const n = text[i]!.normalize('NFKC');
      if (n.length === 1) folded = n;
    } else folded = traditionalToSimplified[text[i]!];
    if (folded === undefined || folded === text[i]) continue;
    out += text.slice(runStart, i) + folded;
    runStart = i + 1;
  }
  return runStart === 0 ? text : out + text.slice(runStart);
};

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Comparator words written before a numeral, longest first. */
const prefixComparators: ReadonlyArray<readonly [string, Comparator]> = [
  ['不低于', '>='],
  ['不少于', '>='],
  ['不超过', '<='],
  ['不高于', '<='],
  ['不多于', '<='],
  ['不到', '<='],
  ['不足', '<='],
  ['至少', '>='],
  // A red line (守住18亿亩耕地红线) is a floor.
  ['守住', '>='],
  ['严守', '>='],
  ['坚守', '>='],
  ['超过', '>'],
  ['突破', '>'],
  ['高于', '>'],
  ['多于', '>'],
  ['低于', '<'],
  ['少于', '<'],
  ['接近', '~'],
  ['大约', '~'],
  ['超', '>'],
  ['逾', '>'],
  ['近', '~'],
  ['约', '~'],
];

/**
 * Characters that, before a one-character comparator word, make it part of
 * another word: 节约 (save), 最近 (recent), 赶超 (catch up).
 */
const boundPrefixes: Readonly<Record<string, string>> = {
  约: '节制签预契公条合相邀履简',
  近: '最接附将临亲就贴拉',
  超: '赶高',
};

const findPrefixComparator = (
  text: string,
  at: number,
): readonly [string, Comparator] | undefined =>
  prefixComparators.find(([w]) => {
    if (!text.endsWith(w, at)) return false;
    const bound = boundPrefixes[w];
    const previous = text[at - w.length - 1];
    return bound === undefined || previous === undefined || !bound.includes(previous);
  });

/** Comparator words written after the unit, longest first. */
const suffixComparators: ReadonlyArray<readonly [string, Comparator]> = [
  ['以上', '>='],
  ['以内', '<='],
  ['以下', '<='],
  ['左右', '~'],
  ['上下', '~'],
  ['多', '>'],
];

/** Marks between the two numerals of a range ("2—3条", "5-10天", "3至5个"). */
const rangeMarks = new Set(['—', '–', '-', '~', '～', '至', '到']);

const applyFactor = (numeral: string, factor: number): number =>
  factor === 1 ? Number(numeral) : Number(`${numeral}e${Math.round(Math.log10(factor))}`);

const readNumeral = (text: string, at: number): number => {
  let i = at;
  while (isDigit(text[i])) i++;
  if (text[i] === '.' && isDigit(text[i + 1])) {
    i++;
    while (isDigit(text[i])) i++;
  }
  return i;
};

const matchAt = (text: string, at: number, words: readonly string[]): string | undefined =>
  words.find((w) => text.startsWith(w, at));

const unitWords = ['个百分点', ...baseUnitNames];
const magnitudeWords = magnitudes.map(([m]) => m);

/**
 * Reads the figure whose numeral starts at `at` in a folded text (see
 * foldFigureText): comparator word before it, range, 余/多, magnitude, unit
 * and comparator word after it. Returns null when no numeral starts there.
 * @example readFigureAt('突破1200亿元', 2) // { value: 1.2e11, unit: '元', comparator: '>', … }
 */
export const readFigureAt = (text: string, at: number): FigureReading | null => {
  if (!isDigit(text[at]) || isDigit(text[at - 1])) return null;
  const numeralEnd = readNumeral(text, at);
  let i = numeralEnd;
  let comparator = '=' as Comparator;
  let numeral2Start: number | undefined;
  let numeral2End: number | undefined;
  const mark = text[i];
  if (mark !== undefined && rangeMarks.has(mark) && isDigit(text[i + 1])) {
    numeral2Start = i + 1;
    numeral2End = readNumeral(text, i + 1);
    i = numeral2End;
    comparator = 'between';
  }
  const readMore = (): void => {
    if (comparator !== 'between' && (text[i] === '余' || text[i] === '多')) {
      comparator = '>';
      i++;
    }
  };
  readMore();
  let unitText = '';
  let hasMagnitude = false;
  // A whole unit (千瓦) wins over a magnitude prefix (千).
  const direct = matchAt(text, i, unitWords);
  if (direct === undefined) {
    const magnitude = matchAt(text, i, magnitudeWords);
    // 千 / 百 / 十万 are magnitudes only before a unit ("5千米"); alone they are words.
    const after =
      magnitude === undefined ? undefined : matchAt(text, i + magnitude.length, unitWords);
    if (
      magnitude !== undefined &&
      (magnitude === '万' || magnitude.includes('亿') || after !== undefined)
    ) {
      unitText += magnitude;
      hasMagnitude = true;
      i += magnitude.length;
      readMore();
    }
  }
  const unit = matchAt(text, i, unitWords);
  if (unit !== undefined) {
    unitText += unit;
    i += unit.length;
  }
  readMore();
  if (comparator === '=' || comparator === '>') {
    const suffix = suffixComparators.find(([w]) => text.startsWith(w, i));
    if (suffix !== undefined && !(suffix[0] === '多' && comparator === '>')) {
      comparator = suffix[1];
      i += suffix[0].length;
    }
  }
  let start = at;
  const prefix = findPrefixComparator(text, at);
  if (prefix !== undefined) {
    start = at - prefix[0].length;
    if (comparator === '=') comparator = prefix[1];
  }
  const { base, factor } = splitMagnitude(unitText);
  const numeral = text.slice(at, numeralEnd);
  return {
    start,
    numeralStart: at,
    numeralEnd,
    ...(numeral2Start === undefined ? {} : { numeral2Start, numeral2End }),
    end: i,
    value: applyFactor(numeral, factor),
    ...(numeral2Start === undefined
      ? {}
      : { valueMax: applyFactor(text.slice(numeral2Start, numeral2End), factor) }),
    unit: base,
    hasMagnitude,
    hasUnit: unit !== undefined,
    comparator,
  };
};

/** Verbs of a fall; a figure right after one is negative ("下降8.6%", "分别降低13.5%"). */
const fallBefore =
  /(?:下降|降低|减少|减小|压减|压缩|节约|节省|缩短|下调|回落|降|减)(?:了|幅度|幅|分别|均|约|近|同比|平均|为|达|达到|超过|超|逾)*$/u;
/** A fall verb opening a clause whose object is counted ("压减企业法人19家"). */
const fallLeading = /^(?:压减|削减|减少|淘汰|关停|压缩)(?![至到])/u;

/**
 * Direction of the figure from the words before its numeral in its clause:
 * -1 after a verb of a fall, 1 otherwise (降到 / 压缩至 set a level, not a fall).
 */
export const readSign = (before: string): 1 | -1 =>
  fallBefore.test(before) || fallLeading.test(before) ? -1 : 1;

/** Words that mark a commitment as an aspiration rather than a firm target. */
const aspirational = /力争|争取|努力|力促|尽力/u;

/** Whether the words before a figure in its clause soften it into an aspiration (力争 …). */
export const isAspirationalText = (before: string): boolean => aspirational.test(before);

/**
 * Parses a figure phrase: the first numeral in the text with its magnitude,
 * unit, comparator, direction and firmness. Returns null when the text holds
 * no numeral. Full-width digits are read (NFKC) with offsets into the text given.
 * @example parseFigure('3.3万人') // { value: 33000, unit: '人', comparator: '=', … }
 * @example parseFigure('下降8.6%') // { value: 8.6, unit: '%', sign: -1, … }
 */
export const parseFigure = (text: string): Figure | null => {
  const folded = foldFigureText(text);
  const at = folded.search(/[0-9]/u);
  if (at < 0) return null;
  const reading = readFigureAt(folded, at);
  if (reading === null) return null;
  const before = folded.slice(0, reading.start);
  return {
    offset: at,
    ...(reading.numeral2Start === undefined ? {} : { offset2: reading.numeral2Start }),
    numeral: text.slice(at, reading.numeralEnd),
    end: reading.end,
    value: reading.value,
    ...(reading.valueMax === undefined ? {} : { valueMax: reading.valueMax }),
    unit: reading.unit,
    comparator: reading.comparator,
    sign: readSign(before),
    isAspirational: isAspirationalText(before),
  };
};
