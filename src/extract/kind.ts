import type { FigureKind } from './figure-item.ts';

/**
 * Whether a figure reports a result of the year under review (achievement) or commits
 * to one (target), read from the language around it — the clause and its sentence, then
 * the paragraph's lead sentence, then the headings, then the sentences before it, then
 * the kind of report and its year — not from one document's layout.
 */

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
  /重点工作|工作任务|目标任务|主要目标|预期目标|计划草案|总体要求|政策取向|工作安排|重点任务|展望|目标|任务|安排|部署|建议/u;

/** Years written before 年, except those a comparison or a horizon names (比2020年, 到2035年). */
const yearMentions = (text: string): { year: number; index: number }[] =>
  [...text.matchAll(/(?<![0-9比较到至])(19[5-9][0-9]|20[0-9]{2})(?=\s*年)/gu)].map((m) => ({
    year: Number(m[1]),
    index: m.index,
  }));

const yearsIn = (text: string): number[] => yearMentions(text).map((m) => m.year);

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

/** Years a text names as the year under review: "2018年工作回顾", "2018年,在市委…领导下", "2018年硕果累累". */
const reviewedYear =
  /(?:过去的|刚刚过去的)(19[5-9][0-9]|20[0-9]{2})\s*年|(19[5-9][0-9]|20[0-9]{2})\s*年(?:[^。\n]{0,12}?(?:工作回顾|回顾)|(?:国民经济和社会发展)?计划执行情况|执行情况|硕果|成绩|,在|，在)/gu;

/** Years a text names as the year planned for: "2025年计划草案", "2025年主要预期目标", "2024年政府工作报告". */
const plannedYear =
  /(19[5-9][0-9]|20[0-9]{2})年(?:国民经济和社会发展计划|计划草案|计划|政府工作报告|政府工作|(?:经济社会|全[国省市区县])?(?:经济社会)?发展的?(?:主要)?(?:预期)?目标|(?:主要)?预期目标|主要目标|目标任务|工作任务|工作安排|发展目标|重点工作|经济社会发展总体要求|两会)/gu;

/**
 * The plan year of a report: the latest year it names as planned for (计划草案,
 * 主要预期目标, 政府工作报告 …) in its opening or its top-level headings; else the year
 * after the latest it reviews (2018年工作回顾, 2018年硕果累累); else the latest year named
 * in those, comparisons and horizons (比2010年, 到2035年) left out.
 */
export const inferPlanYear = (text: string): number | undefined => {
  const headings = [...text.matchAll(topHeading)].map((m) => m[2] ?? '').join('\n');
  const head = text.slice(0, 1500);
  const planned = [...`${head}\n${headings}`.matchAll(plannedYear)].map((m) => Number(m[1]));
  if (planned.length > 0) return Math.max(...planned);
  const reviewed = [...`${head}\n${headings}`.matchAll(reviewedYear)].map((m) =>
    Number(m[1] ?? m[2]),
  );
  if (reviewed.length > 0) return Math.max(...reviewed) + 1;
  const years = [...yearsIn(headings), ...yearsIn(head)];
  return years.length > 0 ? Math.max(...years) : undefined;
};

/** What kind of text a document is: a plan report, a government work report, or news about one. */
export type ReportType = 'plan' | 'work' | 'news';

/**
 * The kind of report, from its words: a news summary or 解读 names its reporter, agency or
 * headline words; a plan report names 计划执行情况 / 计划草案 / 国民经济和社会发展计划; a work
 * report addresses 各位代表 for a 人民政府 (or is titled 政府工作报告).
 */
export const detectReportType = (text: string): ReportType => {
  const head = text.slice(0, 1200);
  if (
    /记者|通讯员|本报讯|日电|日讯|据介绍|报道|要点如下|解读|一图读懂|图解|数读|摘要|导读|两会\|/u.test(
      head,
    )
  ) {
    return 'news';
  }
  if (/计划执行情况|计划草案|国民经济和社会发展计划|计划\(草案\)/u.test(head)) return 'plan';
  if (/政府工作报告|各位代表|代表.{0,8}人民政府|向大会报告/u.test(head)) return 'work';
  return 'news';
};

/** Where a part headed "review and plan" turns from the review to the plan (see findParts). */
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

/** A target met or missed: a result ("完成全年预期目标", "完成年计划", "好于预期"). */
const targetMet =
  /(?<!确保|力争|争取|努力|要|将|保)(?:超额完成|完成|实现|达到|好于|超过|高于|低于|塌|未达到|未达)[^,，。;；:：!?]{0,20}?(?:目标|计划|预期)(?!是)|目标(?:任务)?(?:如期|全面|顺利|基本|均)?(?:完成|实现)|会议确定的/gu;
/** Words of a commitment: the figure is one to reach. */
const commitmentWords =
  /力争|确保|争取(?=实现|达到|完成|更好|突破|全年|年内|早日)|努力(?=实现|完成|达到|提高|提升|争取|使|让)|力促|目标(?=是|为|:|增长|GDP|值)|(?:预期|主要|努力|年度|奋斗)目标(?!任务)|(?:这些|以下|上述|新的|今年的?)目标|主要预期|预期(?=目标|增长|性|为|是)|(?:年度|全年)?计划(?=增长|完成|实现|安排|投资|新增|建设|新开工|开工|达到|投入|建成|实施|引进|培育|改造|发行|为|是|:)|拟|建议|今年(?!以来)|明年|新的一年|本年度|(?<![一二三四五六七八九十两0-9])年内|(?:^|[^0-9])到20[0-9]{2}年/gu;
/** Words of a result: the figure reports what was done. */
const resultWords =
  /过去(?:的)?(?:一|五|十)?年|[一五十]年来|这一年|这五年|刚刚过去|成绩|回顾|上半年|前三季度|一季度|[0-9]{1,2}-[0-9]{1,2}月|今年以来|截至|截止|(?<![比较于同])去年(?!同期|预算)|已(?:经)?(?=[建完实达累有超突开投形覆获增减])|荣获|获评|入选|初步(?:预计|核算|测算|统计)|据统计/gu;

/** Whether a text may hold any strong cue at all (a cheap test before the full reading). */
const anyCue = new RegExp(
  [targetMet, commitmentWords, resultWords, /(?:19[5-9][0-9]|20[0-9]{2})\s*年/u]
    .map((r) => r.source)
    .join('|'),
  'u',
);

const lastIndex = (pattern: RegExp, text: string): number => {
  let last = -1;
  for (const m of text.matchAll(pattern)) last = m.index;
  return last;
};

/**
 * The kind a text's strong cues give, or undefined when it has none: a met target is a
 * result; else the cue nearest the end wins — a year before the plan year or a result word
 * (去年, 一年来, 成绩单, 上半年 …) against the plan year or a commitment word (力争, 确保,
 * 目标, 预期, 计划, 拟, 今年 …).
 * @example strongCueKind('力争全年接待游客', 2025) // 'target'
 */
export const strongCueKind = (
  raw: string,
  planYear: number | undefined,
): FigureKind | undefined => {
  if (raw === '' || !anyCue.test(raw)) return undefined;
  // Quoted slogans ("两个确保", "八项行动计划") are names, not cues.
  const text = raw.replace(/“[^”]{1,16}”/gu, (m) => ' '.repeat(m.length));
  const met = lastIndex(targetMet, text);
  // A met target's own words (完成…目标) are no commitment.
  const rest = met < 0 ? text : text.replace(targetMet, (m) => ' '.repeat(m.length));
  let commitment = lastIndex(commitmentWords, rest);
  let result = lastIndex(resultWords, rest);
  if (met >= 0 && met >= commitment) return 'achievement';
  if (planYear !== undefined) {
    const years = yearMentions(text);
    const year = years.at(-1);
    if (year !== undefined) {
      if (year.year >= planYear) commitment = Math.max(commitment, year.index);
      else result = Math.max(result, year.index);
    }
  }
  if (commitment < 0 && result < 0) return undefined;
  return commitment > result ? 'target' : 'achievement';
};

/** Weak cues: 将 / 要 / 继续 for a commitment, verbs of a result (完成, 实现, 同比 …) for a result. */
const weakCommitment = /将|(?<![主重需只必摘纲提])要(?!求)|继续|加快|新建|新增|开工/u;
const weakResult = /完成|实现|达到|同比|累计|全年|已|建成|增长|下降|提高|提升/u;

/**
 * The kind weak cues give, or undefined: 将 / 要 / 继续 mark a commitment, verbs of a
 * result (完成, 实现, 同比, 增长 …) a result; a commitment word wins over a result verb.
 * @example weakCueKind('要下降') // 'target'
 */
export const weakCueKind = (text: string): FigureKind | undefined => {
  if (weakCommitment.test(text)) return 'target';
  if (weakResult.test(text)) return 'achievement';
  return undefined;
};

/**
 * The kind of a figure with no cue at all, from the report type: a plan report's figures
 * are mostly its plan, a work report's and a news summary's mostly last year's results.
 */
export const defaultKind = (type: ReportType): FigureKind =>
  type === 'plan' ? 'target' : 'achievement';

/**
 * Kind of a figure from its clause's cues alone (a document without headings): a strong
 * cue, else a weak one, else a target.
 */
export const kindFromCues = (clauseBefore: string, planYear?: number): FigureKind =>
  strongCueKind(clauseBefore, planYear) ?? weakCueKind(clauseBefore) ?? 'target';

/** The level whose cue decided a figure's kind (for tests and for explaining a reading). */
export type KindLevel =
  'clause' | 'sentence' | 'paragraph' | 'heading' | 'context' | 'weak' | 'report';

/** What decides a figure's kind, from nearest to farthest. */
export interface KindEvidence {
  /** The clause up to the figure. */
  readonly clause: string;
  /** The rest of the clause after the figure ("…的增长预期目标是有条件的"). */
  readonly clauseAfter?: string;
  /** The sentence up to the clause. */
  readonly sentence: string;
  /** The lead sentence of the paragraph, when the figure is not in it. */
  readonly paragraphLead: string;
  /** The kind of the top-level part the figure is in. */
  readonly part: PartKind;
  /** The kind the nearest earlier sentence of the same part gives by a strong cue. */
  readonly context: FigureKind | undefined;
  readonly planYear: number | undefined;
  readonly reportType: ReportType;
}

/**
 * Decides a figure's kind level by level: the clause's strong cues, the sentence's, the
 * paragraph lead's, the part heading, the nearest earlier sentence with a strong cue, weak
 * cues of the clause and sentence, and last the report type.
 * @example decideKind({ clause: '力争', sentence: '', paragraphLead: '', part: 'achievement', context: undefined, planYear: 2025, reportType: 'plan' }) // { kind: 'target', level: 'clause' }
 */
export const decideKind = (evidence: KindEvidence): { kind: FigureKind; level: KindLevel } => {
  const { planYear } = evidence;
  const clause =
    strongCueKind(evidence.clause, planYear) ?? strongCueKind(evidence.clauseAfter ?? '', planYear);
  if (clause !== undefined) return { kind: clause, level: 'clause' };
  const sentence = strongCueKind(evidence.sentence, planYear);
  if (sentence !== undefined) return { kind: sentence, level: 'sentence' };
  const paragraph = strongCueKind(evidence.paragraphLead, planYear);
  if (paragraph !== undefined) return { kind: paragraph, level: 'paragraph' };
  if (evidence.part === 'achievement' || evidence.part === 'target') {
    return { kind: evidence.part, level: 'heading' };
  }
  if (evidence.context !== undefined) return { kind: evidence.context, level: 'context' };
  const weak = weakCueKind(evidence.clause) ?? weakCueKind(evidence.sentence);
  if (weak !== undefined) return { kind: weak, level: 'weak' };
  return { kind: defaultKind(evidence.reportType), level: 'report' };
};
