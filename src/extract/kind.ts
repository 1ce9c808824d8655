import type { FigureKind } from './figure-item.ts';

/**
 * The parts of a plan report that decide a figure's kind: the review of the
 * past year (执行情况, 工作回顾) holds achievements, the plan part (重点工作,
 * 目标任务, 计划草案) holds targets, and what precedes the first part (title,
 * 印发通知, index block) holds neither.
 */
export type PartKind = FigureKind | 'preamble' | 'unknown';

/** A run of the document from `start` to the next part, with its kind. */
export interface Part {
  readonly start: number;
  readonly kind: PartKind;
  readonly heading: string;
}

/** A top-level heading: a line opening with 一、 … 十、 */
const topHeading = /^[ \t]*([一二三四五六七八九十]{1,3})[、.][ \t]*(.*)$/gmu;

const reviewWords = /执行情况|完成情况|工作回顾|回顾|过去|成就|成绩/u;
const planWords =
  /重点工作|工作任务|目标任务|主要目标|预期目标|计划草案|总体要求|政策取向|工作安排|重点任务|展望|目标|任务|安排|部署/u;

const yearsIn = (text: string): number[] =>
  [...text.matchAll(/(?<![0-9])(19[5-9][0-9]|20[0-9]{2})(?=年)/gu)].map((m) => Number(m[1]));

/** The kind of a part from its heading; the plan year tells a past-year heading from a plan one. */
export const classifyHeading = (heading: string, planYear: number | undefined): PartKind => {
  if (reviewWords.test(heading)) return 'achievement';
  const years = yearsIn(heading);
  if (planYear !== undefined && years.length > 0) {
    return Math.max(...years) >= planYear ? 'target' : 'achievement';
  }
  if (planWords.test(heading)) return 'target';
  return 'unknown';
};

/**
 * The plan year of a report: the latest year named in its top-level headings
 * and title lines, which is the year planned (the review is of the year before).
 */
export const inferPlanYear = (text: string): number | undefined => {
  const headings = [...text.matchAll(topHeading)].map((m) => m[2] ?? '').join('\n');
  const head = text.slice(0, 1500);
  const years = [...yearsIn(headings), ...yearsIn(head)];
  return years.length > 0 ? Math.max(...years) : undefined;
};

/**
 * Where a part headed "review and plan" ("“十三五”时期发展成就和“十四五”时期主要目标任务")
 * turns from the review to the plan: the sentence that first names the
 * plan half's period (its quoted term, else its opening words). Undefined
 * for a heading that is not of that form or a turn not found before the next part.
 */
const findTurnToPlan = (text: string, bodyStart: number, heading: string): number | undefined => {
  const split = /^(.*(?:成就|回顾|执行情况|完成情况|成绩))(?:和|及|与|以及)(.+)$/u.exec(heading);
  const planHalf = split?.[2];
  if (planHalf === undefined || !planWords.test(planHalf)) return undefined;
  const label = /“[^”]+”/u.exec(planHalf)?.[0] ?? planHalf.slice(0, 4);
  const nextHeading = /^[ \t]*[一二三四五六七八九十]{1,3}、/gmu;
  nextHeading.lastIndex = bodyStart;
  const end = nextHeading.exec(text)?.index ?? text.length;
  const found = text.indexOf(label, bodyStart);
  if (found < 0 || found >= end) return undefined;
  let start = found;
  while (start > bodyStart && !'。;!?\n'.includes(text[start - 1]!)) start--;
  return start;
};

/**
 * Splits a report into its parts by top-level headings. Text before the first
 * heading is the preamble; a document without headings is one unknown part.
 */
export const findParts = (text: string, planYear: number | undefined): Part[] => {
  const parts: Part[] = [];
  for (const m of text.matchAll(topHeading)) {
    const heading = m[2] ?? '';
    // A heading numbering restarts (一、 again) inside lists of measures; only a
    // new part that names what it holds (review or plan) is taken as a part.
    const kind = classifyHeading(heading, planYear);
    if (kind === 'unknown' && parts.length > 0) continue;
    parts.push({ start: m.index, kind, heading });
    const turn =
      kind === 'achievement' ? findTurnToPlan(text, m.index + m[0].length, heading) : undefined;
    if (turn !== undefined) parts.push({ start: turn, kind: 'target', heading });
  }
  if (parts.length === 0) return [{ start: 0, kind: 'unknown', heading: '' }];
  return [{ start: 0, kind: 'preamble', heading: '' }, ...parts];
};

/** The part an offset falls in (parts sorted by start). */
export const partAt = (parts: readonly Part[], offset: number): Part => {
  let low = 0;
  let high = parts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (parts[middle]!.start <= offset) low = middle;
    else high = middle - 1;
  }
  return parts[low]!;
};

const targetCues =
  /力争|确保|争取|努力|将|要|预计|拟|计划|目标|今年|明年|全年.*(?:达到|实现)|以上$/u;
const achievementCues = /已|累计|完成|实现|达到|增长|下降|去年|过去|全年/u;

/**
 * Kind of a figure in a part that does not say (no headings): the clause's
 * cues decide — 力争 / 确保 / 将 / 今年 mark a commitment, else a result.
 */
export const kindFromCues = (clauseBefore: string): FigureKind =>
  targetCues.test(clauseBefore) || !achievementCues.test(clauseBefore) ? 'target' : 'achievement';
