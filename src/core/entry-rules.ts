/**
 * Entry rules (数据校验规则) that a value must pass before it is saved, as DHIS2's
 * validation does at data entry: bounds per indicator, a flow's year-to-date
 * cumulative may not fall, and a year-on-year jump beyond a threshold needs a comment.
 */
import { isAdditiveOverTime } from './indicator.ts';
import type { Measure } from './measure.ts';

/** The rules an indicator carries; null switches a rule off. */
export interface EntryRules {
  readonly measure: Measure;
  readonly minValue: number | null;
  readonly maxValue: number | null;
  /** A change against the same period last year beyond this many percent needs a comment. */
  readonly maxYoyChangePct: number | null;
  /**
   * No value — what was entered, nor the period value it stands for — beyond ±this: a bound
   * of the indicator's own (a rate in percent, a count of towns), tighter than the global
   * one. Null or absent: the global bound, maxValueMagnitude.
   */
  readonly maxMagnitude?: number | null;
}

/** How the reporter entered a flow: the period's own amount, or the year-to-date total (1—N月累计). */
export type EntryMode = 'period' | 'cumulative';

export interface EntryCheck {
  /** What the reporter typed: the period's amount, or for `cumulative` the year-to-date total. */
  readonly entered: number;
  readonly mode: EntryMode;
  readonly comment: string;
  /** The same period last year, when there is a value. */
  readonly lastYearValue: number | null;
  /** For flows: the year-to-date total up to the end of the previous period (0 at the year's first). */
  readonly previousCumulative: number;
}

export const entryRuleCodes = [
  'not-a-number',
  'beyond-magnitude',
  'below-min',
  'above-max',
  'cumulative-falls',
  'yoy-needs-comment',
  'implausible-needs-explanation',
] as const;
export type EntryRuleCode = (typeof entryRuleCodes)[number];

/** One broken rule: which, on which field, and why in both languages. */
export interface EntryProblem {
  readonly rule: EntryRuleCode;
  readonly field: 'value' | 'comment';
  readonly reason: string;
  readonly reasonEn: string;
}

/** The outcome of the checks, with the period value the entry stands for. */
export interface EntryVerdict {
  /** The period's own amount (a cumulative entry minus the previous cumulative). */
  readonly periodValue: number;
  /** Percent change against the same period last year; null without a usable base. */
  readonly yoyChangePct: number | null;
  readonly problems: readonly EntryProblem[];
}

/**
 * The period's own amount from what was entered: a cumulative entry less the previous
 * period's cumulative, or the entry itself.
 * @example toPeriodValue(350, 'cumulative', 200) // 150
 */
export const toPeriodValue = (entered: number, mode: EntryMode, previousCumulative: number) =>
  mode === 'cumulative' ? entered - previousCumulative : entered;

/**
 * Percent change of `value` against `base`; null when there is no base or it is zero.
 * @example computeYoyChangePct(130, 100) // 30
 */
export function computeYoyChangePct(value: number, base: number | null): number | null {
  if (base === null || base === 0 || !Number.isFinite(base)) return null;
  return ((value - base) / Math.abs(base)) * 100;
}

/**
 * The largest magnitude a value may have (the HTTP contract's bound too): 10^15 keeps every
 * integer exact in a double and a sum over a million units finite.
 */
export const maxValueMagnitude = 1e15;

const format = (n: number) => String(Number(n.toPrecision(10)));

/**
 * Every rule the entry breaks; an empty list means it may be saved. Bounds apply to the
 * period value. The year-on-year rule applies to flows and stocks only: a relative change
 * of a rate or a growth (2% → 4% is "+100%") says nothing useful.
 * @example checkEntry({ measure: 'flow', minValue: 0, maxValue: null, maxYoyChangePct: 50 },
 *   { entered: 90, mode: 'cumulative', comment: '', lastYearValue: null, previousCumulative: 100 })
 *   // problems: [{ rule: 'cumulative-falls', … }]
 */
export const checkEntry = (rules: EntryRules, check: EntryCheck): EntryVerdict =>
  entryCheckFor(rules).check(
    check.entered,
    check.mode,
    check.comment,
    check.lastYearValue,
    check.previousCumulative,
  );

/** {@link checkEntry} for one indicator's rules, with what depends on them alone worked out once. */
export interface EntryCheckOf {
  /** Whether last year's value can change the verdict (flows and stocks only); else pass null. */
  readonly usesLastYear: boolean;
  /** Whether the previous cumulative can change the verdict (a flow entered cumulatively); else pass 0. */
  usesPreviousCumulative(mode: EntryMode): boolean;
  /** Whether any verdict of the indicator reads another period's value (last year's, the year to date's). */
  readonly usesOtherPeriods: boolean;
  check(
    entered: number,
    mode: EntryMode,
    comment: string,
    lastYearValue: number | null,
    previousCumulative: number,
  ): EntryVerdict;
}

// Shared by every verdict without a problem: a batch of 200,000 values keeps no empty list a row.
const noProblems: readonly EntryProblem[] = Object.freeze([]);

/**
 * Prepares {@link checkEntry} for one indicator: a batch checks its rows one indicator's
 * rules at a time, so the bound, the measure's rules and what they need are settled once,
 * and a row the rules pass allocates nothing but its verdict.
 */
export function entryCheckFor(rules: EntryRules): EntryCheckOf {
  const isFlow = isAdditiveOverTime(rules.measure);
  const bound = Math.min(rules.maxMagnitude ?? maxValueMagnitude, maxValueMagnitude);
  // A relative change of a rate or a growth says nothing (see implausibility and the y/y rule).
  const hasYoyRule = rules.measure === 'flow' || rules.measure === 'stock';
  const { minValue, maxValue, maxYoyChangePct } = rules;
  const check = (
    entered: number,
    enteredMode: EntryMode,
    comment: string,
    lastYearValue: number | null,
    previousCumulative: number,
  ): EntryVerdict => {
    if (!Number.isFinite(entered) || Math.abs(entered) > maxValueMagnitude)
      return {
        periodValue: Number.NaN,
        yoyChangePct: null,
        problems: [
          {
            rule: 'not-a-number',
            field: 'value',
            reason: '数值必须是有限数字，绝对值不超过10^15',
            reasonEn: 'the value must be a finite number of magnitude at most 10^15',
          },
        ],
      };
    const mode: EntryMode = isFlow ? enteredMode : 'period';
    const periodValue = toPeriodValue(entered, mode, previousCumulative);
    const yoyChangePct = computeYoyChangePct(periodValue, lastYearValue);
    // Checked once per row of every batch: two comparisons rather than an array and a closure.
    const beyond = !(Math.abs(entered) <= bound)
      ? entered
      : !(Math.abs(periodValue) <= bound)
        ? periodValue
        : undefined;
    if (beyond !== undefined)
      return {
        periodValue,
        yoyChangePct,
        problems: [
          {
            rule: 'beyond-magnitude',
            field: 'value',
            reason: `数值 ${format(beyond)} 超出该指标的量级上限 ±${format(bound)}`,
            reasonEn: `the value ${format(beyond)} is beyond this indicator's magnitude bound ±${format(bound)}`,
          },
        ],
      };
    // A flow's month cannot be negative without the year-to-date total falling; that one
    // problem explains the others (below the minimum, a jump against last year) it causes.
    // The message speaks of what the reporter typed: a month's amount, or a year-to-date total.
    if (isFlow && periodValue < 0) {
      const cumulative = previousCumulative + periodValue;
      return {
        periodValue,
        yoyChangePct,
        problems: [
          mode === 'cumulative'
            ? {
                rule: 'cumulative-falls',
                field: 'value',
                reason: `累计值 ${format(cumulative)} 低于上期累计 ${format(previousCumulative)}，累计数不能下降`,
                reasonEn: `the cumulative value ${format(cumulative)} is below the previous cumulative ${format(previousCumulative)}; a cumulative total cannot fall`,
              }
            : {
                rule: 'cumulative-falls',
                field: 'value',
                reason: `本期数值 ${format(periodValue)} 为负数；本期发生额不能为负`,
                reasonEn: `the period's amount ${format(periodValue)} is negative; an amount for the period cannot be below zero`,
              },
        ],
      };
    }
    const belowMin = minValue !== null && periodValue < minValue;
    // Neither the maximum nor last year's value can make the value implausible: most rows.
    const mayBeImplausible =
      (maxValue !== null && periodValue > maxValue) ||
      (hasYoyRule && lastYearValue !== null && lastYearValue !== 0);
    const implausible = mayBeImplausible ? implausibility(rules, periodValue, lastYearValue) : null;
    const needsYoyComment =
      hasYoyRule &&
      !implausible &&
      maxYoyChangePct !== null &&
      yoyChangePct !== null &&
      Math.abs(yoyChangePct) > maxYoyChangePct &&
      comment.trim() === '';
    if (!belowMin && !implausible && !needsYoyComment)
      return { periodValue, yoyChangePct, problems: noProblems };
    const problems: EntryProblem[] = [];
    if (belowMin)
      problems.push({
        rule: 'below-min',
        field: 'value',
        reason: `数值 ${format(periodValue)} 低于下限 ${format(minValue)}`,
        reasonEn: `the value ${format(periodValue)} is below the minimum ${format(minValue)}`,
      });
    if (implausible && !isExplanation(comment))
      problems.push({
        rule: implausible.rule,
        field: implausible.rule === 'above-max' ? 'value' : 'comment',
        reason: `${implausible.reason}；如数值无误，请在说明中写明原因（至少${minExplanationLength}个字）`,
        reasonEn: `${implausible.reasonEn}; if the value is right, explain why in the comment (at least ${minExplanationLength} characters)`,
      });
    if (needsYoyComment)
      problems.push({
        rule: 'yoy-needs-comment',
        field: 'comment',
        reason: `同比变化 ${yoyChangePct.toFixed(1)}% 超过 ±${format(maxYoyChangePct)}%，请填写说明`,
        reasonEn: `the year-on-year change of ${yoyChangePct.toFixed(1)}% exceeds ±${format(maxYoyChangePct)}%; add a comment`,
      });
    return { periodValue, yoyChangePct, problems: problems.length === 0 ? noProblems : problems };
  };
  return {
    usesLastYear: hasYoyRule,
    usesPreviousCumulative: (mode) => isFlow && mode === 'cumulative',
    usesOtherPeriods: hasYoyRule || isFlow,
    check,
  };
}

/** A value this many times last year's (in magnitude) is implausible until explained. */
export const implausibleMultipleOfLastYear = 10;

/** The shortest explanation taken for an implausible value: "测试" or "ok" explain nothing. */
export const minExplanationLength = 5;

const isExplanation = (comment: string) => [...comment.trim()].length >= minExplanationLength;

/**
 * Why a value is implausible, or null: above the indicator's configured maximum, or more
 * than ten times last year's value. Such a value may be saved with an explanation and is
 * flagged to the reviewer.
 * @example implausibility({ measure: 'flow', minValue: null, maxValue: null, maxYoyChangePct: 50 }, 1100, 100)
 *   // { rule: 'implausible-needs-explanation', … }
 */
export function implausibility(
  rules: EntryRules,
  value: number,
  lastYearValue: number | null,
): {
  rule: 'above-max' | 'implausible-needs-explanation';
  reason: string;
  reasonEn: string;
} | null {
  if (rules.maxValue !== null && value > rules.maxValue)
    return {
      rule: 'above-max',
      reason: `数值 ${format(value)} 高于上限 ${format(rules.maxValue)}`,
      reasonEn: `the value ${format(value)} is above the maximum ${format(rules.maxValue)}`,
    };
  // A multiple of a rate or a growth (0.5% → 6%) says nothing, as for the year-on-year rule.
  if (
    (rules.measure === 'flow' || rules.measure === 'stock') &&
    lastYearValue !== null &&
    lastYearValue !== 0 &&
    Math.abs(value) > implausibleMultipleOfLastYear * Math.abs(lastYearValue)
  )
    return {
      rule: 'implausible-needs-explanation',
      reason: `数值 ${format(value)} 超过去年同期 ${format(lastYearValue)} 的${implausibleMultipleOfLastYear}倍`,
      reasonEn: `the value ${format(value)} is more than ${implausibleMultipleOfLastYear} times last year's ${format(lastYearValue)}`,
    };
  return null;
}
