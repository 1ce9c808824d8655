import { assertNever } from './assert-never.ts';
import { cumulativeSpan, formatQuantity, formatQuantityEn } from './wording.ts';
import {
  buildCumulativeProfile,
  chooseProgressProfile,
  computeExpectedProgress,
} from './expected-progress.ts';
import type { PeriodValue, ProfilePoint, ProgressBasis } from './expected-progress.ts';
import { forecastYearEnd } from './forecast.ts';
import type { Forecast } from './forecast.ts';
import type { Light, LightThresholds } from './light-thresholds.ts';
import type { Measure } from './measure.ts';
import {
  daysBetween,
  parsePeriod,
  periodLabel,
  periodsWithin,
  samePeriodLastYear,
  yearOfPeriod,
} from './period.ts';
import type { Period, PeriodType } from './period.ts';
import { effectiveComparator, isLowerBetter, meetsTarget, signedTargetValue } from './target.ts';
import type { Comparator, Target } from './target.ts';

/** Everything needed to assess one target for one unit at a date. */
export interface AssessmentInput {
  readonly target: Target;
  /** The date of the assessment, `YYYY-MM-DD`. */
  readonly asOf: string;
  readonly thresholds: LightThresholds;
  /** This year's values of the indicator for the target's unit, one per period of its cadence, not cumulative. */
  readonly series: readonly PeriodValue[];
  /** Last year's, same shape: the profile for expected progress, the base for growth and forecast. */
  readonly lastYearSeries?: readonly PeriodValue[];
  /**
   * Whether last year's values are real figures. Simulated ones (the demo's) may serve as a
   * base for growth, never as the seasonal profile of expected progress. Defaults to true.
   */
  readonly lastYearIsReal?: boolean;
  /**
   * What the series values are, when the target's measure does not say: for a growth target,
   * `growth` (published cumulative growth rates) or the amounts to compute growth from (`flow`
   * summed to date, `stock` latest). Defaults to amounts (`flow`) when `lastYearSeries` is
   * given, else to `growth`.
   */
  readonly indicatorMeasure?: Measure;
  /** For milestones. */
  readonly milestone?: {
    readonly plannedDate: string;
    readonly actualDate: string | null;
    readonly nextNodeDelayDays?: number;
  };
  /** The light shown last period, for damped recovery. */
  readonly previousLight?: Light;
}

/** A reason in Chinese and English. */
export interface Reason {
  readonly zh: string;
  readonly en: string;
}

/** The assessment of a target: its light, the figures behind it, and why in words. */
export interface Assessment {
  readonly light: Light;
  /** Cumulative to date for flows; the latest value for stocks and rates; cumulative growth in percent for growths. */
  readonly actual: number | null;
  /** Actual over target value (1 = 100%), for flows, stocks and rates. */
  readonly shareOfTarget: number | null;
  /** Expected progress at the date the data runs to, for flows (1 = 100%). */
  readonly expectedShare: number | null;
  /**
   * Points behind (positive) or ahead (negative), mirrored for lower-is-better targets:
   * share done against expected progress for flows, percentage points against the target
   * for growths and rates, the shortfall as a percentage of the target for stocks.
   */
  readonly gapPoints: number | null;
  readonly forecast: Forecast | null;
  /** What each remaining period of the cadence must add (flows, growths from amounts) or move the level by (stocks, rates) to meet the target. */
  readonly requiredRunRate: number | null;
  readonly reason: Reason;
  /** The last period with data. */
  readonly asOfPeriodId: string | null;
  /** Flows: whether expected progress followed last year's season or the calendar. */
  readonly progressBasis?: ProgressBasis;
}

/**
 * Assesses a target at a date: compares the actual (cumulative to date for flows) with the
 * target and the expected progress, and turns the comparison into a light under the given
 * thresholds (DESIGN.md §4, Default lights), with the reason in words, a year-end forecast
 * and the run-rate now needed.
 *
 * Expected progress is taken at the end of the last period with data, not at `asOf`, so a
 * June figure reported in mid-July is held against the end of June ("1—6月完成42%，序时进度50%").
 * @example assessTarget({ target: parking1000, asOf: '2025-07-10', thresholds: defaultLightThresholds, series: janToJun420 })
 * // { light: 'yellow', shareOfTarget: 0.42, expectedShare: 0.496, reason: { zh: '1—6月完成42%，序时进度49.6%，落后7.6个百分点…' } }
 */
export function assessTarget(input: AssessmentInput): Assessment {
  const assessment =
    input.target.kind === 'milestone'
      ? assessMilestone(input)
      : agreeWithForecast(assessIndicator(input), input.target.unit);
  return dampRecovery(assessment, input);
}

/**
 * The profile expected progress and the forecast rest on for this input: last year's when
 * it is real and informative (expected-progress.ts), else null for the calendar.
 */
export function progressProfileOf(input: AssessmentInput): readonly ProfilePoint[] | null {
  return chooseProgressProfile(input.lastYearSeries, input.lastYearIsReal ?? true);
}

/** A light never contradicts its own forecast: green with a forecast miss shows yellow. */
function agreeWithForecast(assessment: Assessment, unit: string): Assessment {
  const { forecast } = assessment;
  if (assessment.light !== 'green' || forecast === null || forecast.willMeet) return assessment;
  return {
    ...assessment,
    light: 'yellow',
    reason: {
      zh: `${assessment.reason.zh}；按目前进度预计年末为${formatQuantity(forecast.value, unit)}，难以完成目标`,
      en: `${assessment.reason.en}; at this pace the year ends at ${formatQuantityEn(forecast.value, unit)}, short of the target`,
    },
  };
}

// ---------------------------------------------------------------------------------------
// Indicator targets

interface Observed {
  readonly year: number;
  readonly yearSpan: Period;
  readonly due: Period;
  readonly points: readonly { readonly period: Period; readonly value: number }[];
  readonly last: { readonly period: Period; readonly value: number };
  /** The date the data runs to: the end of the last period with data, or asOf if earlier. */
  readonly through: string;
  readonly cadence: PeriodType;
  readonly remainingPeriods: number;
}

function observe(input: AssessmentInput): Observed | null {
  const due = parsePeriod(input.target.duePeriodId);
  const year = yearOfPeriod(due);
  const yearSpan = parsePeriod(String(year).padStart(4, '0'));
  const points = input.series
    .filter(({ value }) => Number.isFinite(value))
    .map(({ periodId, value }) => ({ period: parsePeriod(periodId), value }))
    .filter(({ period }) => yearOfPeriod(period) === year && period.start <= input.asOf)
    .sort((a, b) =>
      a.period.start < b.period.start ? -1 : a.period.start > b.period.start ? 1 : 0,
    );
  const last = points[points.length - 1];
  if (last === undefined) return null;
  const cadence = last.period.type;
  const remainingPeriods = periodsWithin(yearSpan, cadence).filter(
    (p) => p.start > last.period.end,
  ).length;
  const through = last.period.end < input.asOf ? last.period.end : input.asOf;
  return { year, yearSpan, due, points, last, through, cadence, remainingPeriods };
}

function assessIndicator(input: AssessmentInput): Assessment {
  const goal = signedTargetValue(input.target);
  if (goal === null) return blankAssessment(reasons.noValue);
  const observed = observe(input);
  if (observed === null) return blankAssessment(reasons.noData);
  const { measure } = input.target;
  switch (measure) {
    case 'flow':
      return assessFlow(input, observed, goal);
    case 'growth':
      return assessGrowth(input, observed, goal);
    case 'stock':
    case 'rate':
      return assessLevel(input, observed, goal);
    default:
      return assertNever(measure);
  }
}

function assessFlow(input: AssessmentInput, observed: Observed, goal: number): Assessment {
  const { target, thresholds } = input;
  const lower = isLowerBetter(target);
  const actual = observed.points.reduce((sum, { value }) => sum + value, 0);
  const profile = progressProfileOf(input);
  const progressBasis: ProgressBasis = profile === null ? 'calendar' : 'last-year';
  const expectedShare = computeExpectedProgress(
    observed.through,
    observed.year,
    profile ?? undefined,
  );
  const meets = meetsTarget(target, actual);
  const dueEnded = input.asOf >= observed.due.end;
  const shareOfTarget = goal > 0 ? actual / goal : null;
  const gapPoints =
    shareOfTarget === null
      ? null
      : (lower ? shareOfTarget - expectedShare : expectedShare - shareOfTarget) * 100;

  let light: Light;
  if (!lower && meets) light = 'done';
  else if (lower && !meets) light = 'red';
  else if (lower && dueEnded) light = 'done';
  else if (gapPoints === null) light = meets ? 'green' : 'red';
  else light = band(gapPoints, thresholds.flowYellowPoints);
  // Nothing done when three quarters of the year have passed cannot be on track, whatever the profile.
  const yearElapsed = computeExpectedProgress(observed.through, observed.year);
  if (!lower && light !== 'done' && actual <= 0 && yearElapsed >= 0.75 - 1e-9) light = 'red';

  const left = goal - actual;
  const requiredRunRate =
    observed.remainingPeriods > 0
      ? (lower ? left : Math.max(0, left)) / observed.remainingPeriods
      : null;
  const forecast = forecastYearEnd({
    target,
    ytd: actual,
    asOf: observed.through,
    year: observed.year,
    profile,
  });

  const span = cumulativeSpan(observed.last.period);
  const basisText =
    progressBasis === 'last-year'
      ? { zh: '（按上年同期进度）', en: " (last year's pace)" }
      : { zh: '（按时间进度）', en: ' (calendar)' };
  const amount = quantity(actual, target.unit);
  const goalText = targetText(target);
  let reason: Reason;
  if (light === 'done') {
    reason = lower
      ? {
          zh: `${span.zh}累计${amount.zh}，控制在${goalText.zh}，完成目标`,
          en: `${span.en} ${amount.en} in total, within ${goalText.en}: target met`,
        }
      : {
          zh: `${span.zh}累计${amount.zh}，已完成全年目标${goalText.zh}${shareOfTarget === null ? '' : `（${pct(shareOfTarget)}）`}`,
          en: `${span.en} ${amount.en} in total, annual target ${goalText.en} met${shareOfTarget === null ? '' : ` (${pct(shareOfTarget)})`}`,
        };
  } else if (lower && !meets) {
    reason = {
      zh: `${span.zh}累计${amount.zh}，已超出上限${goalText.zh}`,
      en: `${span.en} ${amount.en} in total, already over the cap of ${goalText.en}`,
    };
  } else if (shareOfTarget === null || gapPoints === null) {
    reason = {
      zh: `${span.zh}累计${amount.zh}，目标${goalText.zh}`,
      en: `${span.en} ${amount.en} in total vs target ${goalText.en}`,
    };
  } else {
    const pace = pacePhrase(gapPoints, lower);
    reason = lower
      ? {
          zh: `${span.zh}累计${amount.zh}，占上限的${pct(shareOfTarget)}，序时进度${pct(expectedShare)}${basisText.zh}，${pace.zh}`,
          en: `${span.en} ${amount.en}, ${pct(shareOfTarget)} of the cap vs ${pct(expectedShare)} expected${basisText.en}, ${pace.en}`,
        }
      : {
          zh: `${span.zh}完成${pct(shareOfTarget)}，序时进度${pct(expectedShare)}${basisText.zh}，${pace.zh}`,
          en: `${span.en} ${pct(shareOfTarget)} done vs ${pct(expectedShare)} expected${basisText.en}, ${pace.en}`,
        };
    if (!lower && requiredRunRate !== null) {
      reason = {
        zh: `${reason.zh}；此后每${cadenceWords[observed.cadence].zh}需完成${formatQuantity(requiredRunRate, target.unit)}`,
        en: `${reason.en}; ${formatQuantityEn(requiredRunRate, target.unit)} a ${cadenceWords[observed.cadence].en} needed from here`,
      };
    }
  }

  return {
    light,
    actual,
    shareOfTarget,
    expectedShare,
    gapPoints,
    forecast,
    requiredRunRate,
    reason,
    asOfPeriodId: observed.last.period.id,
    progressBasis,
  };
}

function assessGrowth(input: AssessmentInput, observed: Observed, goal: number): Assessment {
  const { target, thresholds } = input;
  const seriesMeasure =
    input.indicatorMeasure ?? (input.lastYearSeries === undefined ? 'growth' : 'flow');
  const span = cumulativeSpan(observed.last.period);
  let growth: number;
  let ytd: number | null = null;
  if (seriesMeasure === 'growth') {
    growth = observed.last.value;
  } else {
    const lastYear = new Map(
      (input.lastYearSeries ?? []).map((p) => [parsePeriod(p.periodId).id, p.value]),
    );
    const basePoints = seriesMeasure === 'flow' ? observed.points : [observed.last];
    let base = 0;
    for (const { period } of basePoints) {
      const value = lastYear.get(samePeriodLastYear(period).id);
      if (value === undefined || !Number.isFinite(value))
        return blankAssessment(reasons.noBase, observed.last.period.id);
      base += value;
    }
    if (!(base > 0)) return blankAssessment(reasons.noBase, observed.last.period.id);
    const current = basePoints.reduce((sum, { value }) => sum + value, 0);
    growth = 100 * (current / base - 1);
    ytd = seriesMeasure === 'flow' ? current : null;
  }

  const lower = isLowerBetter(target);
  const meets = meetsTarget(target, growth);
  const shortfall = lower ? growth - goal : goal - growth;
  const light: Light = meets
    ? input.asOf >= observed.due.end
      ? 'done'
      : 'green'
    : shortfall <= thresholds.growthYellowPoints + tolerance(thresholds.growthYellowPoints)
      ? 'yellow'
      : 'red';

  // With last year's full total, the growth target is an amount to reach by year end.
  let requiredRunRate: number | null = null;
  const profile =
    input.lastYearSeries === undefined ? null : buildCumulativeProfile(input.lastYearSeries);
  if (ytd !== null && profile !== null && observed.remainingPeriods > 0) {
    const lastYearTotal = (input.lastYearSeries ?? []).reduce((sum, { value }) => sum + value, 0);
    const needed = lastYearTotal * (1 + goal / 100) - ytd;
    requiredRunRate = (lower ? needed : Math.max(0, needed)) / observed.remainingPeriods;
  }

  const forecast = forecastYearEnd({
    target,
    ytd: growth,
    asOf: observed.through,
    year: observed.year,
    ...(input.lastYearSeries === undefined ? {} : { lastYearSeries: input.lastYearSeries }),
  });

  const verdict = meets
    ? { zh: '达到目标', en: 'meets the target' }
    : { zh: `差${num(shortfall, 1)}个百分点`, en: `${num(shortfall, 1)} points short` };
  const reason = {
    zh: `${span.zh}累计${growthZh(growth)}，目标${growthZh(goal)}${comparatorSuffixZh(target.comparator)}，${verdict.zh}`,
    en: `${span.en} cumulative growth ${signedPct(growth)} vs ${comparatorPrefixEn(effectiveComparator(target))}${signedPct(goal)} target, ${verdict.en}`,
  };

  return {
    light,
    actual: growth,
    shareOfTarget: null,
    expectedShare: null,
    // Points short of the target; exceeding it is no gap, never a negative one.
    gapPoints: Math.max(0, shortfall),
    forecast,
    requiredRunRate,
    reason,
    asOfPeriodId: observed.last.period.id,
  };
}

function assessLevel(input: AssessmentInput, observed: Observed, goal: number): Assessment {
  const { target, thresholds } = input;
  const value = observed.last.value;
  const isBand = target.comparator === 'between' && target.valueMax !== null;
  const lower = !isBand && isLowerBetter(target);
  const meets = meetsTarget(target, value);

  // Shortfall beyond the nearest bound, in the target's unit; positive = on the wrong side.
  let bound = goal;
  let shortfall = lower ? value - goal : goal - value;
  if (isBand && target.valueMax !== null && value > target.valueMax) {
    bound = target.valueMax;
    shortfall = value - target.valueMax;
  }
  const light: Light = meets
    ? input.asOf >= observed.due.end
      ? 'done'
      : 'green'
    : shortfall <= thresholds.levelYellowShare * Math.abs(bound) + tolerance(bound)
      ? 'yellow'
      : 'red';

  const isRate = target.measure === 'rate';
  // Rates in percentage points, other levels as a share of the bound; exceeding is no gap.
  const rawGap = isRate ? shortfall : bound !== 0 ? (100 * shortfall) / Math.abs(bound) : null;
  const gapPoints = rawGap === null ? null : Math.max(0, rawGap);
  const shareOfTarget = goal !== 0 ? value / goal : null;
  const requiredRunRate =
    observed.remainingPeriods > 0
      ? meets
        ? 0
        : (bound - value) / observed.remainingPeriods
      : null;
  const forecast = forecastYearEnd({
    target,
    ytd: value,
    asOf: observed.through,
    year: observed.year,
  });

  let verdict: Reason;
  if (meets) verdict = { zh: '达到目标', en: 'meets the target' };
  else if (isRate) {
    verdict = lower
      ? {
          zh: `高于上限${num(shortfall, 1)}个百分点`,
          en: `${num(shortfall, 1)} points over the cap`,
        }
      : { zh: `低于目标${num(shortfall, 1)}个百分点`, en: `${num(shortfall, 1)} points short` };
  } else {
    const share = gapPoints === null ? '' : `${num(gapPoints, 1)}%`;
    verdict = lower
      ? { zh: `高于上限${share}`, en: `${share} over the cap` }
      : { zh: `低于目标${share}`, en: `${share} short of the target` };
  }
  const goalText = targetText(target);
  const reason = {
    zh: `${periodLabel(observed.last.period, 'zh')}为${isRate ? `${num(value, 1)}${target.unit}` : formatQuantity(value, target.unit)}，目标${goalText.zh}，${verdict.zh}`,
    en: `${periodLabel(observed.last.period, 'en')}: ${formatQuantityEn(value, target.unit, isRate ? 1 : 2)} vs target ${goalText.en}, ${verdict.en}`,
  };

  return {
    light,
    actual: value,
    shareOfTarget,
    expectedShare: null,
    gapPoints,
    forecast,
    requiredRunRate,
    reason,
    asOfPeriodId: observed.last.period.id,
  };
}

// ---------------------------------------------------------------------------------------
// Milestones

function assessMilestone(input: AssessmentInput): Assessment {
  const { milestone, thresholds, asOf } = input;
  if (milestone === undefined) return blankAssessment(reasons.noSchedule);
  const { plannedDate, actualDate } = milestone;
  if (actualDate !== null) {
    return blankAssessment(
      {
        zh: `已于${actualDate}完成（计划${plannedDate}）`,
        en: `completed on ${actualDate} (planned ${plannedDate})`,
      },
      null,
      'done',
    );
  }
  const due = parsePeriod(input.target.duePeriodId);
  const daysLate = Math.max(0, daysBetween(plannedDate, asOf));
  const nextNodeDelay = Math.max(0, milestone.nextNodeDelayDays ?? 0);
  const delay = Math.max(daysLate, nextNodeDelay);
  const pastDue = asOf > due.end;
  const light: Light = pastDue
    ? 'red'
    : delay === 0
      ? 'green'
      : delay < thresholds.milestoneYellowDays
        ? 'yellow'
        : 'red';

  const parts: Reason[] = [
    daysLate > 0
      ? {
          zh: `计划${plannedDate}完成，已逾期${daysLate}天`,
          en: `planned for ${plannedDate}, ${daysLate} days late`,
        }
      : { zh: `计划${plannedDate}完成`, en: `planned for ${plannedDate}` },
  ];
  if (nextNodeDelay > 0)
    parts.push({
      zh: `下一节点延误${nextNodeDelay}天`,
      en: `next node ${nextNodeDelay} days late`,
    });
  if (pastDue)
    parts.push({ zh: `已过目标期限${due.end}仍未完成`, en: `not done by the due date ${due.end}` });
  if (delay === 0 && !pastDue) parts.push({ zh: '进度正常', en: 'on schedule' });
  return blankAssessment(
    { zh: parts.map((p) => p.zh).join('，'), en: parts.map((p) => p.en).join(', ') },
    null,
    light,
  );
}

// ---------------------------------------------------------------------------------------
// Damped recovery

function dampRecovery(assessment: Assessment, input: AssessmentInput): Assessment {
  if (
    !input.thresholds.dampRecovery ||
    input.previousLight !== 'red' ||
    assessment.light !== 'green'
  ) {
    return assessment;
  }
  return {
    ...assessment,
    light: 'yellow',
    reason: {
      zh: `${assessment.reason.zh}；由红灯回升，本期先亮黄灯`,
      en: `${assessment.reason.en}; recovering from red, shown yellow for one period`,
    },
  };
}

// ---------------------------------------------------------------------------------------
// Helpers

const tolerance = (bound: number): number => 1e-9 * Math.max(1, Math.abs(bound));

// Points behind → light; a hair over a threshold is still within it ((0.5 − 0.4) × 100 ≠ 10).
function band(pointsBehind: number, yellowPoints: number): Light {
  if (pointsBehind <= tolerance(0)) return 'green';
  return pointsBehind <= yellowPoints + tolerance(yellowPoints) ? 'yellow' : 'red';
}

/** An assessment without a figure: the reason it has none, and the light it shows (none). */
export function blankAssessment(
  reason: Reason,
  asOfPeriodId: string | null = null,
  light: Light = 'none',
): Assessment {
  return {
    light,
    actual: null,
    shareOfTarget: null,
    expectedShare: null,
    gapPoints: null,
    forecast: null,
    requiredRunRate: null,
    reason,
    asOfPeriodId,
  };
}

const reasons = {
  noData: { zh: '暂无数据', en: 'no data yet' },
  noValue: { zh: '目标未设定数值', en: 'the target has no value' },
  noBase: {
    zh: '缺少上年同期数据，无法计算累计增长',
    en: "last year's figures for the same periods are missing, so growth cannot be computed",
  },
  noSchedule: { zh: '暂无节点计划', en: 'no milestone schedule yet' },
} as const satisfies Record<string, Reason>;

/**
 * An amount in a reason: in Chinese as the documents word it (29.54万个, 1234.50亿元), in
 * English in the figure's own unit, translated (295,425.25 units).
 */
const quantity = (value: number, unit: string): Reason => ({
  zh: formatQuantity(value, unit),
  en: formatQuantityEn(value, unit),
});

// Rounding happens here, at the edge: at most `decimals` places, trailing zeros dropped.
function num(value: number, decimals = 2): string {
  const rounded = Number(value.toFixed(decimals));
  return String(rounded === 0 ? 0 : rounded);
}

const pct = (share: number): string => `${num(share * 100, 1)}%`;

const signedPct = (value: number): string => `${num(value, 1)}%`;

const growthZh = (value: number): string =>
  Number(value.toFixed(1)) < 0 ? `下降${num(-value, 1)}%` : `增长${num(value, 1)}%`;

function pacePhrase(pointsBehind: number, lower: boolean): Reason {
  const points = num(Math.abs(pointsBehind), 1);
  if (points === '0') return { zh: '与序时进度持平', en: 'on pace' };
  if (pointsBehind > 0) {
    return lower
      ? { zh: `超出序时进度${points}个百分点`, en: `${points} points over pace` }
      : { zh: `落后${points}个百分点`, en: `${points} points behind` };
  }
  return lower
    ? { zh: `低于序时进度${points}个百分点`, en: `${points} points under pace` }
    : { zh: `超前${points}个百分点`, en: `${points} points ahead` };
}

function comparatorSuffixZh(comparator: Comparator): string {
  switch (comparator) {
    case '>=':
      return '以上';
    case '<=':
      return '以内';
    case '~':
      return '左右';
    case '>':
    case '<':
    case '=':
    case 'between':
      return '';
    default:
      return assertNever(comparator);
  }
}

function comparatorPrefixEn(comparator: Comparator): string {
  switch (comparator) {
    case '>=':
      return '≥ ';
    case '>':
      return '> ';
    case '<=':
      return '≤ ';
    case '<':
      return '< ';
    case '~':
      return '≈ ';
    case '=':
    case 'between':
      return '';
    default:
      return assertNever(comparator);
  }
}

function targetText(target: Target): Reason {
  const { unit, comparator } = target;
  // The figure with its unit, in 万/亿 where a report would write it (30万个, not 300000个).
  const figure = formatQuantity(target.value ?? 0, unit);
  const en = formatQuantityEn(target.value ?? 0, unit);
  switch (comparator) {
    case '>=':
      return { zh: `${figure}以上`, en: `≥ ${en}` };
    case '>':
      return { zh: `超过${figure}`, en: `> ${en}` };
    case '<=':
      return { zh: `${figure}以内`, en: `≤ ${en}` };
    case '<':
      return { zh: `低于${figure}`, en: `< ${en}` };
    case '~':
      return { zh: `${figure}左右`, en: `≈ ${en}` };
    case '=':
      return { zh: figure, en };
    case 'between': {
      const max = target.valueMax === null ? '' : `—${num(target.valueMax)}`;
      const value = num(target.value ?? 0);
      const enMax =
        target.valueMax === null
          ? en
          : `${formatQuantityEn(target.value ?? 0, '')}–${formatQuantityEn(target.valueMax, unit)}`;
      return { zh: `${value}${max}${unit}`, en: enMax };
    }
    default:
      return assertNever(comparator);
  }
}

const cadenceWords: Record<PeriodType, Reason> = {
  day: { zh: '日', en: 'day' },
  week: { zh: '周', en: 'week' },
  dekad: { zh: '旬', en: 'dekad' },
  month: { zh: '月', en: 'month' },
  quarter: { zh: '季度', en: 'quarter' },
  half: { zh: '半年', en: 'half-year' },
  year: { zh: '年', en: 'year' },
};
