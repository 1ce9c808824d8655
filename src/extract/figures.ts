import { foldFigureText, isAspirationalText, readFigureAt, readSign } from '../core/figure.ts';
import type { Comparator, FigureReading } from '../core/figure.ts';
import type { FigureEvalDocument, FigureItem, FigureKind } from './figure-item.ts';
import {
  decideKind,
  detectReportType,
  findParts,
  inferPlanYear,
  partAt,
  strongCueKind,
} from './kind.ts';
import type { ReportType } from './kind.ts';
import {
  completeMetric,
  metricFromAfter,
  carryHead,
  cleanLead,
  distributeUrbanRural,
  metricFromBefore,
  genericHeadAfter,
  modifiedNounAfter,
  nounsAfterRespectively,
  nounsBeforeRespectively,
  subjectOf,
} from './metric.ts';
import { classifyNonFigure, findNumerals } from './numeral.ts';
import { baseUnitNames, magnitudes } from '../core/measure-unit.ts';

/** Options of extractFigures. */
export interface ExtractFiguresOptions {
  /** The year the plan is for; inferred from the text when absent. */
  planYear?: number;
  /** The kind of report; detected from the text when absent. */
  reportType?: ReportType;
  /** Adds to each item the level whose cue decided its kind (`kindLevel`), to explain a reading. */
  explain?: boolean;
}

/** Sentences of a text with the kind their strong cues give, for the context level. */
interface CueSentence {
  readonly start: number;
  readonly end: number;
  /** Read on first need (null: read, no cue). */
  kind?: FigureKind | null;
}

/**
 * Whether a line break ends a sentence: not when it wraps a long line that ends in no
 * punctuation (text copied from a PDF, hard-wrapped mid-sentence).
 */
const isSentenceBreak = (text: string, at: number): boolean => {
  if (text[at] !== '\n') return sentenceEnd.has(text[at]!);
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const line = text.slice(lineStart, at).trimEnd();
  return line.length < 20 || /[。;!?:。；！？：]$/u.test(line);
};

const cueSentences = (text: string): CueSentence[] => {
  const sentences: CueSentence[] = [];
  let start = 0;
  for (const m of text.matchAll(/[。;!?\n]/gu)) {
    if (!isSentenceBreak(text, m.index)) continue;
    if (m.index > start) sentences.push({ start, end: m.index });
    start = m.index + 1;
  }
  if (text.length > start) sentences.push({ start, end: text.length });
  return sentences;
};

/** How much of a sentence before a figure's clause its cues are read from. */
const cueReach = 240;

/** How far into its paragraph a figure may be for the paragraph's lead to speak for it. */
const paragraphReach = 400;

/** How many sentences back the context level looks for a cue. */
const contextReach = 40;

/** The kind the nearest sentence before `index` (and not before `floor`) gives by a strong cue. */
const contextKind = (
  text: string,
  planYear: number | undefined,
  sentences: readonly CueSentence[],
  index: number,
  floor: number,
): FigureKind | undefined => {
  for (let i = index - 1; i >= 0 && i >= index - contextReach; i--) {
    const sentence = sentences[i]!;
    if (sentence.start < floor) return undefined;
    sentence.kind ??= strongCueKind(text.slice(sentence.start, sentence.end), planYear) ?? null;
    if (sentence.kind !== null) return sentence.kind;
  }
  return undefined;
};

const sentenceEnd = new Set(['。', ';', '!', '?', '\n']);
const clauseEnd = new Set([...sentenceEnd, ',', ':']);
const phraseEnd = new Set([...clauseEnd, '、']);

const scanBack = (text: string, from: number, stops: ReadonlySet<string>): number => {
  let i = from;
  // Long runs without punctuation are not clauses; a bound keeps scans linear.
  const limit = Math.max(0, from - 100);
  while (i > limit && !stops.has(text[i - 1]!)) i--;
  return i;
};

const scanForward = (text: string, from: number, stops: ReadonlySet<string>): number => {
  let i = from;
  const limit = Math.min(text.length, from + 100);
  while (i < limit && !stops.has(text[i]!)) i++;
  return i;
};

/**
 * Words after a figure that show it is a bound of a rule or a size quoted as
 * background ("100万元至300万元部分", "14亿人的粮食安全"), not a result or a commitment.
 */
const backgroundAfter = /^(?:的(?!增速|增长|增幅)|部分|至[0-9])/u;

/** A duration ("连续8个月", "离校2年内", "35年来", "再延长30年") is no result or commitment. */
const sufficiencyAfter = /^[^,，。;；:：]{0,3}(?:就可以|即可|就足够|就够了)/u;

/** A figure as written ("6.5%左右"), for finding the same figure restated further on. */
const figureText = (text: string, reading: FigureReading): string =>
  text.slice(reading.start, reading.end).replace(/\s/gu, '');

const isDuration = (text: string, reading: FigureReading): boolean =>
  /连续$|延长$/u.test(text.slice(Math.max(0, reading.start - 2), reading.start)) ||
  (reading.unit === '年' &&
    /^(?:内|以内|来|以来|间|期间)/u.test(text.slice(reading.end, reading.end + 2)));
/** Words before a figure that quote a size as background ("我国有2.9亿在校学生"). */
const backgroundBefore =
  /(?:我国有|全国有|全省有|全市有|总人口|户籍人口|常住人口|(?:入围|入选|位列|列入)(?:全市|全国|全省))$/u;

/** What the figure before this one in the same sentence said, for lists ("分别为0.5%、26.4%"). */
interface Previous {
  readonly sentenceKey: number;
  readonly clauseStart: number;
  /** How many figures of its clause came before it. */
  readonly indexInClause: number;
  /** Metric of the first figure of its sentence: the sentence's subject. */
  readonly sentenceMetric: string;
  /** Metric of the first figure of its clause. */
  readonly clauseMetric: string;
  readonly end: number;
  readonly metric: string;
  /** The subject a gap or a completion rate qualified; what a following bare figure is of. */
  readonly baseMetric: string | undefined;
  /** Whether this figure was a count whose noun the next figure (an extent) shares. */
  readonly sharesNoun: boolean;
  /** The modifier of that count ("续建"), which the extent takes too. */
  readonly pairModifier: string;
  /** The metric before a 城乡 list was distributed over it. */
  readonly undistributedMetric: string;
  readonly sign: 1 | -1;
}

/**
 * The comparator written after the last figure of a 分别 list ("分别增长5%和7.5%左右"):
 * the hedge covers every figure of the list. Undefined when no list follows.
 */
const listComparator = (text: string, from: number): Comparator | undefined => {
  let at = from;
  let last: FigureReading | null = null;
  for (let guard = 0; guard < 8; guard++) {
    const link = /^\s*[、和及与]\s*(?=[0-9])/u.exec(text.slice(at, at + 4));
    if (link === null) break;
    const next = readFigureAt(text, at + link[0].length);
    if (next === null) break;
    last = next;
    at = next.end;
  }
  return last === null || last.comparator === '=' || last.comparator === 'between'
    ? undefined
    : last.comparator;
};

const unitStart = new Set(
  [...baseUnitNames, ...magnitudes.map(([m]) => m), '个百分点'].map((u) => u[0]!),
);

/**
 * Moves the spaces between a numeral and its unit ("1218 亿元", copied from a PDF) to after
 * the unit, so the figure reads as written; the text keeps its length, so offsets hold.
 */
export const closeFigureGaps = (text: string): string =>
  text.replace(
    /(?<=[0-9])([ \t]+)([^\s0-9,.;:、。,;:]{1,4})/gu,
    (whole, gap: string, after: string) => {
      if (!unitStart.has(after[0]!)) return whole;
      let unitLength = 0;
      while (unitLength < after.length && !/[,、。;:(（)）]/u.test(after[unitLength]!))
        unitLength++;
      return after.slice(0, unitLength) + gap + after.slice(unitLength);
    },
  );

/** Units the figure grammar does not know, read after a numeral ("120个工作日", "209架次"). */
const extraUnits: ReadonlyArray<readonly [string, string]> = [
  ['个工作日', '工作日'],
  ['工作日', '工作日'],
  ['件次', '件次'],
  ['架次', '架次'],
];
const extraSuffixComparators: ReadonlyArray<readonly [string, Comparator]> = [
  ['以内', '<='],
  ['以上', '>='],
  ['左右', '~'],
];

/**
 * A reading with the units the grammar leaves out: 工作日, 件次, 架次 after the numeral
 * (and its magnitude), and no unit where 家 begins 家庭 ("惠及2900多万家庭").
 */
const completeReading = (text: string, reading: FigureReading): FigureReading => {
  const range = readUnitRange(text, reading);
  if (range !== undefined) return range;
  if (reading.unit === '家' && text[reading.end - 1] === '家' && text[reading.end] === '庭') {
    return { ...reading, unit: '', hasUnit: false, end: reading.end - 1 };
  }
  // A measure word counted per time ("11场次", "300台次"): the unit is the compound.
  if (
    reading.hasUnit &&
    text[reading.end] === '次' &&
    /^[场台户班车批艘辆]$/u.test(reading.unit) &&
    text[reading.end - 1] === reading.unit
  ) {
    return { ...reading, unit: `${reading.unit}次`, end: reading.end + 1 };
  }
  const unitAt = reading.hasUnit && reading.unit === '个' ? reading.end - 1 : reading.end;
  if (reading.hasUnit && unitAt === reading.end) return reading;
  const extra = extraUnits.find(([word]) => text.startsWith(word, unitAt));
  if (extra === undefined) return reading;
  let end = unitAt + extra[0].length;
  let { comparator } = reading;
  const suffix = extraSuffixComparators.find(([word]) => text.startsWith(word, end));
  if (suffix !== undefined) {
    end += suffix[0].length;
    if (comparator === '=') comparator = suffix[1];
  }
  return { ...reading, unit: extra[1], hasUnit: true, end, comparator };
};

/**
 * A range whose first numeral carries its unit ("5.0%—5.5%", "6%－6.5%"): one figure,
 * `between` its two values. Undefined when no such range starts here.
 */
const readUnitRange = (text: string, reading: FigureReading): FigureReading | undefined => {
  if (reading.numeral2Start !== undefined || !reading.hasUnit) return undefined;
  const mark = /^[—–\-~～至到]{1,2}(?=[0-9])/u.exec(text.slice(reading.end, reading.end + 3));
  if (mark === null) return undefined;
  const second = readFigureAt(text, reading.end + mark[0].length);
  if (second === null || second.unit !== reading.unit || second.numeral2Start !== undefined) {
    return undefined;
  }
  return {
    ...reading,
    numeral2Start: second.numeralStart,
    numeral2End: second.numeralEnd,
    valueMax: second.value,
    end: second.end,
    comparator: 'between',
  };
};

/** A figure right after "(完成)年(度)计划" is the plan figure a completion rate is quoted of. */
const planFigureBefore = /(?:完成|占)?(?:全?年度?|全年)计划$/u;
/** "…的89.4%" after a plan figure: the rate of completion. */
const completionRateBefore = /(?:完成)?(?:全?年度?|全年)计划[0-9.]+[万亿]*[^\s,，。;；、]{0,2}的$/u;

/** Units of an extent: a figure in one after a count of the same noun is its area or length. */
const extentUnits: Readonly<Record<string, string>> = {
  平方米: '面积',
  亩: '面积',
  平方公里: '面积',
  公里: '里程',
  米: '长度',
};
const isExtentUnit = (unit: string): boolean => extentUnits[unit] !== undefined;
const extentName = (unit: string): string => extentUnits[unit] ?? '';

/** What a count over a shared noun is of ("全面完工续建的141个…" → 续建). */
const sharedNounModifier = (before: string): string =>
  /续建/u.test(before)
    ? '续建'
    : /新建/u.test(before)
      ? '新建'
      : /开工/u.test(before)
        ? '新开工'
        : /在建/u.test(before)
          ? '在建'
          : '';

/** Whether the figure before this one, right before it, was a count over a shared noun. */
const previousSharesNoun = (
  previous: Previous | undefined,
  phraseStart: number,
  text: string,
): boolean =>
  previous !== undefined &&
  previous.sharesNoun &&
  /^[、]?$/u.test(
    text
      .slice(previous.end, phraseStart + 1)
      .replace(/[0-9.]/gu, '')
      .slice(0, 1),
  );

/** A gap to a benchmark before a figure ("塌目标", "高于全国", "增速低于全省"). */
const benchmarkGap =
  /(?:增速|增幅)?(高于|低于|快于|慢于|塌|超)(目标|全国|全省|全市|预期|计划)(?:平均水平|平均)?$/u;

/** A line that opens a heading or an item, which a wrap never continues. */
const lineOpener =
  /^\s*(?:[一二三四五六七八九十]{1,3}[、.]|[(（][一二三四五六七八九十0-9]{1,3}[)）]|[0-9]{1,2}[.、](?![0-9])|——|[●■◆▪•])/u;

/**
 * Joins lines a PDF copy wrapped mid-sentence (most lines cut at one width, up to 60
 * characters): each such break becomes a space, so the text keeps its length and offsets.
 * Text that is not hard-wrapped is returned as it is.
 */
export const unwrapHardLines = (text: string): string => {
  const lines = text.split('\n');
  // A wrap cuts lines at one width: most lines are about as long as the commonest length.
  const lengths = lines.map((l) => l.trim().length).filter((n) => n >= 15);
  const counts = new Map<number, number>();
  for (const n of lengths) counts.set(n, (counts.get(n) ?? 0) + 1);
  const width = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const atWidth = lengths.filter((n) => Math.abs(n - width) <= 2).length;
  const nonEmpty = lines.filter((l) => l.trim() !== '').length;
  if (nonEmpty < 6 || width > 60 || atWidth < nonEmpty * 0.5) return text;
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const next = lines[i + 1];
    out += line;
    if (next === undefined) break;
    const t = line.trim();
    const joins =
      t.length >= 15 &&
      !/[。;!?:。；！？：]$/u.test(t) &&
      !lineOpener.test(next) &&
      next.trim() !== '';
    out += joins ? ' ' : '\n';
  }
  return out;
};

const isRateUnit = (unit: string): boolean => unit === '%' || unit === '百分点';

/**
 * An age ("3岁以下婴幼儿", "35-64岁妇女", "为14岁女生") qualifies a group; it is no result or
 * commitment. Only a life expectancy or an average age is measured in 岁.
 */
const isAgeBound = (text: string, reading: FigureReading): boolean =>
  reading.unit === '岁' &&
  !/(?:寿命|年龄)(?:再)?(?:达到|提高到|提升至|提高|提升|增加|达|为|是)?$/u.test(
    text.slice(Math.max(0, reading.start - 8), reading.start),
  );

/**
 * A class bound right after a counted figure ("230个50户以上木质房屋连片村寨") or a game's
 * name ("3人制篮球场") qualifies the thing counted; it is no figure of its own.
 */
const isClassBound = (text: string, reading: FigureReading): boolean =>
  /^制/u.test(text.slice(reading.end, reading.end + 1)) ||
  (/[0-9][万亿]?[个户家所项座条名人]$/u.test(
    text.slice(Math.max(0, reading.start - 3), reading.start),
  ) &&
    reading.comparator !== '=' &&
    !/^[,，。;；、]/u.test(text.slice(reading.end, reading.end + 1)));

const isFigure = (reading: FigureReading): boolean => reading.hasUnit || reading.hasMagnitude;

/**
 * The metric of a headline figure standing alone on its line ("数字1:6.5%左右"), read from
 * the next place within a few lines where the same figure is written with words before it
 * ("国内生产总值增长6.5%左右"); '' when there is none.
 */
const metricOfHeadline = (text: string, reading: FigureReading): string => {
  const lineStart = text.lastIndexOf('\n', reading.start - 1) + 1;
  const lineEnd = text.indexOf('\n', reading.end);
  const rest = text.slice(reading.end, lineEnd < 0 ? text.length : lineEnd);
  if (rest.trim() !== '' || reading.start - lineStart > 8) return '';
  const written = text.slice(reading.start, reading.end);
  const next = text.indexOf(written, reading.end);
  if (next < 0 || next - reading.end > 200) return '';
  return metricFromBefore(text.slice(scanBack(text, next, phraseEnd), next));
};

/**
 * Extracts every figure of a plan document that reports a result of the past
 * year (achievement) or commits to one (target), with its metric, value
 * (magnitude applied), unit (without magnitude), sign and comparator. Dates,
 * names and codes, list numbers and background sizes are left out. Offsets
 * index the text given; never throws on any string.
 * @example extractFigures('一、2024年计划执行情况\nGDP全年增长6.5%。')[0] // { metric: 'GDP', value: 6.5, unit: '%', kind: 'achievement', … }
 */
export const extractFigures = (text: string, options: ExtractFiguresOptions = {}): FigureItem[] => {
  const folded = closeFigureGaps(unwrapHardLines(foldFigureText(text)));
  const planYear = options.planYear ?? inferPlanYear(folded);
  const parts = findParts(folded, planYear);
  const reportType = options.reportType ?? detectReportType(folded);
  const sentences = cueSentences(folded);
  let sentenceIndex = 0;
  const hardStarts = [0, ...[...folded.matchAll(/[。;!?\n]/gu)].map((m) => m.index + 1)];
  let hardIndex = 0;
  const lineStarts = [0, ...[...folded.matchAll(/\n/gu)].map((m) => m.index + 1)];

  let lineIndex = 0;
  const items: FigureItem[] = [];
  let consumedUntil = -1;
  let previous: Previous | undefined;
  // The metric each figure, as written, was first given: a restatement names the same thing.
  const namedFigures = new Map<string, string>();
  // The metrics the last 分别 clause gave its figures, for a clause that repeats the list.
  let respectively: { clauseStart: number; metrics: string[] } = { clauseStart: -1, metrics: [] };
  for (const numeral of findNumerals(folded)) {
    if (numeral.start < consumedUntil) continue;
    if (classifyNonFigure(folded, numeral) !== undefined) continue;
    const raw = readFigureAt(folded, numeral.start);
    if (raw === null) continue;
    const reading = completeReading(folded, raw);
    if (
      !isFigure(reading) ||
      isAgeBound(folded, reading) ||
      isClassBound(folded, reading) ||
      isDuration(folded, reading)
    ) {
      continue;
    }
    if (reading.numeral2End !== undefined) consumedUntil = reading.numeral2End;
    const part = partAt(parts, numeral.start);
    if (part.kind === 'preamble') continue;
    if (backgroundAfter.test(folded.slice(reading.end, reading.end + 3))) continue;
    if (backgroundBefore.test(folded.slice(Math.max(0, reading.start - 6), reading.start)))
      continue;
    if (planFigureBefore.test(folded.slice(Math.max(0, reading.start - 6), reading.start)))
      continue;
    // "今后三年GDP年均增长6.3%以上就可以": what would suffice, worked out by a commentator, is
    // neither a result nor a commitment.
    if (sufficiencyAfter.test(folded.slice(reading.end, reading.end + 8))) continue;

    while (hardIndex + 1 < hardStarts.length && hardStarts[hardIndex + 1]! <= reading.start) {
      hardIndex++;
    }
    // The sentence's true start (a long sentence runs past the scan bound), for telling
    // figures of one sentence apart from the next one's.
    const sentenceKey = hardStarts[hardIndex] ?? 0;
    const sentenceStart = scanBack(folded, reading.start, sentenceEnd);
    const clauseStart = scanBack(folded, reading.start, clauseEnd);
    const clauseStop = scanForward(folded, reading.end, clauseEnd);
    const isSameSentence = previous !== undefined && previous.sentenceKey === sentenceKey;
    const phraseStart = Math.max(
      scanBack(folded, reading.start, phraseEnd),
      isSameSentence && previous !== undefined ? Math.max(previous.end, clauseStart) : 0,
    );
    let before = folded.slice(phraseStart, reading.start);
    // An aside in brackets ("地区生产总值(预计,下同)7100亿元") hides the words before it.
    if (/^[^(（]*[)）]$/u.test(before)) {
      const open = Math.max(
        folded.lastIndexOf('(', phraseStart),
        folded.lastIndexOf('（', phraseStart),
      );
      if (open >= 0 && phraseStart - open <= 20) {
        before = folded.slice(scanBack(folded, open, phraseEnd), open);
      }
    }
    const clauseBefore = folded.slice(clauseStart, reading.start);
    const isListContinuation = /^[、和及与\s]*$/u.test(before) && isSameSentence;

    // A counted figure names its thing after it ("新增1000个公共停车泊位"); a
    // rate or a level names it before ("规上工业增加值增长10.3%").
    const isCounted = !isRateUnit(reading.unit);
    const generic =
      isCounted && reading.hasUnit ? genericHeadAfter(folded.slice(reading.end, clauseStop)) : '';
    let after = isCounted
      ? modifiedNounAfter(folded.slice(reading.end, clauseStop)) ||
        metricFromAfter(folded.slice(reading.end, scanForward(folded, reading.end, phraseEnd)))
      : '';
    // "23件市、区重点民生实事": a one-character list item runs on to the noun.
    if (
      isCounted &&
      after.length < 2 &&
      /^[^、,，。;；0-9]{1,2}、/u.test(folded.slice(reading.end, reading.end + 3))
    ) {
      const rest = folded.slice(reading.end, clauseStop).replace(/\s/gu, '');
      const digit = rest.search(/[0-9]/u);
      const noun = (digit < 0 ? rest : rest.slice(0, digit)).slice(0, 12);
      if (noun.length >= 4) after = noun;
    }
    // Figures side by side over one noun ("141个、249万平方米老旧小区改造项目",
    // "15条22.3公里主次支道路"): the count names the noun, the extent its area or length.
    let pairModifier = '';
    if (isCounted && after === '') {
      const next = /^、?(?=[0-9])/u.exec(folded.slice(reading.end, reading.end + 2));
      const nextReading = next === null ? null : readFigureAt(folded, reading.end + next[0].length);
      if (nextReading !== null && nextReading.unit !== reading.unit) {
        after = metricFromAfter(
          folded.slice(nextReading.end, scanForward(folded, nextReading.end, phraseEnd)),
        ).replace(/建设$/u, '');
        pairModifier = sharedNounModifier(before);
      }
    }
    if (generic !== '' && after === '') {
      // "统筹推进……等7项工作": a generic head named for the clause's verb (统筹工作).
      const lead = cleanLead(clauseBefore).replace(/^(?:全面|持续|深入|加快|积极|着力)+/u, '');
      if (lead.length >= 2) after = `${lead.slice(0, 2)}${generic}`;
    }
    if (
      isCounted &&
      after !== '' &&
      isExtentUnit(reading.unit) &&
      previousSharesNoun(previous, phraseStart, folded)
    ) {
      after = `${previous!.pairModifier}${after.replace(/(?:项目|建设)$/u, '')}${extentName(reading.unit)}`;
    } else if (pairModifier !== '' && after !== '' && !after.startsWith(pairModifier)) {
      after = `${pairModifier}${after}`;
    }
    const indexInClause =
      isSameSentence && previous !== undefined && previous.clauseStart === clauseStart
        ? previous.indexInClause + 1
        : 0;
    // "…分别增长12%和13%,分别达43366元和13835元": the second clause names nothing itself.
    const opensWithRespectively =
      /^\s*分别(?:达到?|为|是|增长|提高|提升|下降|增加|减少)?(?:[0-9.]+[^0-9、和,]{0,4}[、和及与])*$/u.test(
        clauseBefore,
      );
    const listed =
      nounsBeforeRespectively(clauseBefore)[indexInClause] ??
      nounsAfterRespectively(clauseBefore)[indexInClause] ??
      (opensWithRespectively && isSameSentence ? respectively.metrics[indexInClause] : undefined);
    // "单位国内生产总值能耗、水耗均下降20%以上": one figure for every noun listed.
    const shared =
      /^([^,，;；0-9]+、[^,，;；0-9]+?)(?<![年平人])(?:均|都)(?:[^、,，0-9]{0,4})$/u.exec(
        clauseBefore,
      );
    let metric =
      listed ??
      (shared !== null
        ? metricFromBefore(shared[1]!)
        : after.length >= 2
          ? after
          : metricFromBefore(before));
    let baseMetric: string | undefined;
    let sign: 1 | -1 =
      isListContinuation && previous !== undefined
        ? previous.sign
        : readSign(before.replace(/^(?:今年|全年|再|继续|累计|并|同时)+/u, ''));
    const gap = benchmarkGap.exec(clauseBefore);
    const versusLastYear = /比(?:去年|上年)(?:年初)?(?:预算)?(高|低|增加|减少)$/u.exec(
      clauseBefore,
    );
    const benefit =
      /(?:惠及|受益|参与)$/u.test(before) ||
      /^(?:受益|参与)/u.test(folded.slice(reading.end, reading.end + 2));
    const isCompletionRate = reading.unit === '%' && completionRateBefore.test(clauseBefore);
    if (gap !== null || isCompletionRate) {
      // A gap to a benchmark or a completion rate qualifies the subject before it.
      const subject =
        isSameSentence && previous !== undefined
          ? (previous.baseMetric ?? previous.metric)
          : subjectOf(folded.slice(sentenceStart, clauseStart).replace(/[、,]$/u, ''));
      baseMetric = subject;
      if (gap !== null) {
        const below = gap[1] === '低于' || gap[1] === '慢于' || gap[1] === '塌';
        metric = `${subject}增速${below ? '低于' : '高于'}${gap[2]}`;
        sign = below ? -1 : 1;
      } else {
        metric = `${subject}年计划完成率`;
      }
    } else if (versusLastYear !== null && isSameSentence && previous !== undefined) {
      // "赤字率拟按3%安排,比去年预算高0.2个百分点": the change of the sentence's subject.
      metric = previous.baseMetric ?? previous.undistributedMetric;
      if (versusLastYear[1] === '低' || versusLastYear[1] === '减少') sign = -1;
    } else if (benefit && (metric.length <= 2 || /^(?:受益|惠及|参与|学生|家庭)/u.test(metric))) {
      // "惠及2900多万家庭", "约6700万人受益": who benefits from the thing named before.
      const source =
        isSameSentence && previous !== undefined
          ? previous.metric
          : subjectOf(
              cleanLead(
                folded.slice(
                  scanBack(folded, Math.max(0, clauseStart - 1), clauseEnd),
                  clauseStart,
                ),
              ).replace(/[、,]$/u, ''),
            );
      const verb = /受益/u.test(folded.slice(reading.end, reading.end + 4)) ? '受益' : '惠及';
      metric = `${source}${verb}${metric.replace(/^(?:受益|惠及|参与)/u, '')}`;
    } else if (metric.length < 2) {
      if (isSameSentence && previous !== undefined) {
        metric = previous.baseMetric ?? previous.undistributedMetric;
      } else {
        // "实施中小学校“示范食堂”建设行动,2024年完成1000家以上": the clause before names it.
        if (clauseStart > sentenceStart) {
          const previousClause = folded.slice(
            Math.max(sentenceStart, scanBack(folded, clauseStart - 1, clauseEnd)),
            clauseStart,
          );
          metric = metricFromBefore(
            subjectOf(previousClause.replace(/[、,，]$/u, '')).replace(/[“”]/gu, ''),
          );
        }
        // A headline figure ("数字1:6.5%左右") is named by the quote that follows it.
        if (metric.length < 2) metric = metricOfHeadline(folded, reading);
        // A figure restated in comment ("实现6.5%左右的增长预期目标") names what it first did;
        // its 增速 when the restatement speaks of the speed.
        const restated = namedFigures.get(figureText(folded, reading));
        if (metric.length < 2 && restated !== undefined) {
          const speed = /^的?(增速|增长速度)/u.exec(folded.slice(reading.end, reading.end + 5));
          metric = `${restated}${speed?.[1] ?? ''}`;
        }
        // A restated figure right after its own sentence ("6.5%左右的增速…").
        if (metric.length < 2 && previous !== undefined && reading.start - previous.end <= 80) {
          metric = previous.baseMetric ?? previous.undistributedMetric;
        }
      }
    } else {
      const subject =
        isSameSentence && previous !== undefined
          ? previous.clauseStart === clauseStart
            ? previous.clauseMetric
            : previous.sentenceMetric
          : subjectOf(folded.slice(sentenceStart, phraseStart).replace(/[、,]$/u, ''));
      metric = completeMetric(metric, subject);
    }
    // A listed figure ("…百亿级项目9个、十亿级项目114个") shares the previous one's lead.
    if (
      listed === undefined &&
      isSameSentence &&
      previous !== undefined &&
      folded[phraseStart - 1] === '、' &&
      metric !== previous.metric
    ) {
      metric = carryHead(metric, previous.metric);
    }
    // "…预警系统100%全覆盖": the rate is of coverage.
    if (
      reading.unit === '%' &&
      /^(?:全)?覆盖/u.test(folded.slice(reading.end, reading.end + 3)) &&
      !metric.endsWith('率')
    ) {
      metric = `${metric}覆盖率`;
    }
    const undistributedMetric = metric;
    if (listed === undefined && /分别/u.test(clauseBefore)) {
      metric = distributeUrbanRural(metric, indexInClause);
    }
    const comparator =
      reading.comparator === '=' && /分别/u.test(clauseBefore)
        ? (listComparator(folded, reading.end) ?? reading.comparator)
        : reading.comparator;
    while (
      sentenceIndex + 1 < sentences.length &&
      sentences[sentenceIndex + 1]!.start <= reading.start
    ) {
      sentenceIndex++;
    }
    // Bounded, so that a text with no punctuation stays linear.
    const cueSentenceStart = Math.max(
      Math.min(sentences[sentenceIndex]?.start ?? sentenceStart, clauseStart),
      clauseStart - cueReach,
    );
    while (lineIndex + 1 < lineStarts.length && lineStarts[lineIndex + 1]! <= reading.start) {
      lineIndex++;
    }
    const lineStart = lineStarts[lineIndex] ?? 0;
    // A paragraph's lead sentence speaks for what follows it, not for a figure far below.
    const leadEnd =
      lineStart < cueSentenceStart && reading.start - lineStart <= paragraphReach
        ? scanForward(folded, lineStart, sentenceEnd)
        : lineStart;
    const { kind, level } = decideKind({
      clause: clauseBefore,
      clauseAfter: folded.slice(reading.end, clauseStop),
      sentence: folded.slice(cueSentenceStart, clauseStart),
      paragraphLead: folded.slice(lineStart, leadEnd),
      part: part.kind,
      // Read only when no heading decides: the part's kind comes before the context.
      context:
        part.kind === 'achievement' || part.kind === 'target'
          ? undefined
          : contextKind(folded, planYear, sentences, sentenceIndex, part.start),
      planYear,
      reportType,
    });

    const written = figureText(folded, reading);
    if (metric.length >= 2 && !namedFigures.has(written)) namedFigures.set(written, metric);
    items.push({
      offset: numeral.start,
      ...(reading.numeral2Start === undefined ? {} : { offset2: reading.numeral2Start }),
      numeral: text.slice(numeral.start, numeral.end),
      text: text.slice(clauseStart, clauseStop),
      kind,
      metric,
      value: reading.value,
      ...(reading.valueMax === undefined ? {} : { valueMax: reading.valueMax }),
      unit: reading.unit,
      sign,
      comparator,
      isAspirational: isAspirationalText(clauseBefore),
      ...(options.explain === true ? { kindLevel: level } : {}),
    });
    if (/分别/u.test(clauseBefore) && !opensWithRespectively) {
      if (respectively.clauseStart !== clauseStart) {
        respectively = { clauseStart, metrics: [] };
      }
      respectively.metrics.push(metric);
    }
    previous = {
      sentenceKey,
      clauseStart,
      indexInClause,
      baseMetric,
      sharesNoun:
        pairModifier !== '' ||
        (isCounted &&
          after !== '' &&
          metric === after &&
          /^、?[0-9]/u.test(folded.slice(reading.end, reading.end + 2))),
      pairModifier,
      undistributedMetric,
      sentenceMetric: isSameSentence && previous !== undefined ? previous.sentenceMetric : metric,
      clauseMetric: indexInClause > 0 && previous !== undefined ? previous.clauseMetric : metric,
      end: reading.end,
      metric,
      sign,
    };
  }
  return items;
};

/**
 * Extracts the figures of a document in the JSON shape the eval scorer
 * reads (`{ document, items }`, one file per document).
 */
export const extractFiguresForEval = (
  text: string,
  documentName: string,
  options: ExtractFiguresOptions = {},
): FigureEvalDocument => ({ document: documentName, items: extractFigures(text, options) });
