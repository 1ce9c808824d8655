/**
 * Warning rules (预警规则) over indicator series and target assessments, as a planner edits
 * them: threshold (above/below a bound), change (y/y or period-on-period beyond x %), run
 * (n periods falling or rising), lag (gap to 序时 ≥ x points, or a forecast miss) and missing
 * (a report overdue by n days). Each has a severity and a scope; series rules wait a pending
 * number of periods before they fire and recover only past a hysteresis band, so that a
 * value hovering at the bound does not flap (as a thermostat does, not as a tripwire).
 */
import { assertNever } from './assert-never.ts';
import { describeChange, formatDecimal } from './wording.ts';

export const warningSeverities = ['info', 'warning', 'critical'] as const;
export type WarningSeverity = (typeof warningSeverities)[number];

export type WarningCondition =
  | {
      readonly kind: 'threshold';
      readonly direction: 'above' | 'below';
      readonly bound: number;
      /** Recovery needs the value back past bound ∓ hysteresis (0: at the bound itself). */
      readonly hysteresis: number;
    }
  | {
      readonly kind: 'change';
      /** y/y against the same period last year, or against the period before. */
      readonly basis: 'yoy' | 'pop';
      readonly direction: 'fall' | 'rise';
      /** Fires when the change is beyond this many percent (20: a fall of 20% or more). */
      readonly percent: number;
      readonly hysteresis: number;
    }
  | { readonly kind: 'run'; readonly direction: 'fall' | 'rise'; readonly periods: number }
  | {
      readonly kind: 'lag';
      /** Fires when the gap to expected progress (or to the target) is at least this many points. */
      readonly points: number;
      readonly hysteresis: number;
      /** Also fires when the forecast says the target will be missed. */
      readonly onForecastMiss: boolean;
    }
  | { readonly kind: 'missing'; readonly daysOverdue: number };

export interface WarningRule {
  readonly id: string;
  readonly name: string;
  readonly severity: WarningSeverity;
  /** Indicator codes the rule watches; empty: every indicator (lag: every target's). */
  readonly indicatorCodes: readonly string[];
  /** Unit codes the rule watches; empty: the plan unit (lag) or every reporting unit. */
  readonly unitCodes: readonly string[];
  /** Consecutive periods a series condition must hold before the warning fires. */
  readonly pendingPeriods: number;
  readonly condition: WarningCondition;
  readonly isEnabled: boolean;
}

export interface SeriesPoint {
  readonly periodId: string;
  readonly value: number;
}

/** The state of a series rule at the end of its series: no wording, nothing allocated per point. */
export interface SeriesState {
  readonly isFiring: boolean;
  /** The period the current firing began, or null. */
  readonly sincePeriodId: string | null;
  /** The last period the rule could compare, and what it saw there (a value or a change in %). */
  readonly periodId: string | null;
  readonly value: number | null;
}

const breach = 1;
const clear = 0;
const band = 2;

/** The change in percent of `value` against `base`, or null without a base. */
const changePercent = (value: number, base: number | undefined) =>
  base === undefined || base === 0 ? null : (value / base - 1) * 100;

/**
 * Whether a threshold, change or run rule fires at the last period of a series (oldest
 * first). `lastYear` gives the same periods of last year, by period id of this year, for
 * y/y changes. A write may have thousands of rules to look at, and most find nothing: this
 * walks the series once per rule without building anything, and says nothing in words.
 * @example seriesRuleState(jobsFall20, townJobs, lastYearTownJobs) // { isFiring: true, sincePeriodId: '202507', … }
 */
export function seriesRuleState(
  rule: Pick<WarningRule, 'condition' | 'pendingPeriods'>,
  series: readonly SeriesPoint[],
  lastYear: ReadonlyMap<string, number> = emptyYear,
): SeriesState {
  const c = rule.condition;
  // A run of n periods falling: n periods in a row, each below the one before it.
  const pending = c.kind === 'run' ? Math.max(1, c.periods) : Math.max(1, rule.pendingPeriods);
  let firing = false;
  let since: string | null = null;
  let streak = 0;
  let streakStart: string | null = null;
  let lastPeriod: string | null = null;
  let lastShown: number | null = null;
  for (let i = 0; i < series.length; i++) {
    const point = series[i]!;
    let level: number;
    let shown: number;
    switch (c.kind) {
      case 'threshold': {
        const beyond = c.direction === 'above' ? point.value > c.bound : point.value < c.bound;
        const back =
          c.direction === 'above'
            ? point.value <= c.bound - c.hysteresis
            : point.value >= c.bound + c.hysteresis;
        level = beyond ? breach : back ? clear : band;
        shown = point.value;
        break;
      }
      case 'change': {
        const base = c.basis === 'yoy' ? lastYear.get(point.periodId) : series[i - 1]?.value;
        const change = changePercent(point.value, base);
        if (change === null) continue;
        const signed = c.direction === 'fall' ? -change : change;
        level = signed >= c.percent ? breach : signed < c.percent - c.hysteresis ? clear : band;
        shown = change;
        break;
      }
      case 'run': {
        const previous = series[i - 1];
        if (!previous) continue;
        const moved =
          c.direction === 'fall' ? point.value < previous.value : point.value > previous.value;
        level = moved ? breach : clear;
        shown = point.value;
        break;
      }
      case 'lag':
      case 'missing':
        return { isFiring: false, sincePeriodId: null, periodId: null, value: null };
      default:
        return assertNever(c);
    }
    if (level === breach) {
      streak += 1;
      if (streak === 1) streakStart = point.periodId;
    } else streak = 0;
    if (!firing && streak >= pending) {
      firing = true;
      since = streakStart;
    } else if (firing && level === clear) {
      firing = false;
      since = null;
    }
    lastPeriod = point.periodId;
    lastShown = shown;
  }
  return { isFiring: firing, sincePeriodId: since, periodId: lastPeriod, value: lastShown };
}

const emptyYear: ReadonlyMap<string, number> = new Map();

/** The words of a series rule's state: what it saw last, against what bound, firing or not. */
export function describeSeriesState(
  rule: Pick<WarningRule, 'condition' | 'name'>,
  state: SeriesState,
): { zh: string; en: string } {
  if (state.periodId === null || state.value === null)
    return { zh: `${rule.name}：暂无可比数据`, en: `${rule.name}: nothing to compare yet` };
  return describeVerdict(rule.name, rule.condition, state.value, state.periodId, state.isFiring);
}

function describeVerdict(
  name: string,
  c: WarningCondition,
  shown: number,
  periodId: string,
  firing: boolean,
): { zh: string; en: string } {
  const state = firing ? { zh: '触发', en: 'firing' } : { zh: '正常', en: 'normal' };
  switch (c.kind) {
    case 'threshold':
      return {
        zh: `${name}：${periodId}为${formatDecimal(shown, 2)}，${c.direction === 'above' ? '上限' : '下限'}${c.bound}，${state.zh}`,
        en: `${name}: ${formatDecimal(shown, 2)} in ${periodId}, ${c.direction === 'above' ? 'upper' : 'lower'} bound ${c.bound}, ${state.en}`,
      };
    case 'change':
      return {
        zh: `${name}：${periodId}${c.basis === 'yoy' ? '同比' : '环比'}${describeChange(shown)}，阈值${c.direction === 'fall' ? '下降' : '增长'}${c.percent}%，${state.zh}`,
        en: `${name}: ${formatDecimal(shown, 1)}% ${c.basis === 'yoy' ? 'y/y' : 'on the period before'} in ${periodId}, bound ${c.direction} ${c.percent}%, ${state.en}`,
      };
    case 'run':
      return {
        zh: `${name}：截至${periodId}连续${c.periods}期${c.direction === 'fall' ? '下降' : '上升'}，${state.zh}`,
        en: `${name}: ${c.periods} periods ${c.direction === 'fall' ? 'falling' : 'rising'} to ${periodId}, ${state.en}`,
      };
    case 'lag':
    case 'missing':
      return { zh: `${name}：${state.zh}`, en: `${name}: ${state.en}` };
    default:
      return assertNever(c);
  }
}

/**
 * Evaluates a lag rule against a target's assessment. Hysteresis needs the previous state:
 * a firing warning recovers only once the gap is below points − hysteresis.
 * @example evaluateLag({ kind: 'lag', points: 5, hysteresis: 2, onForecastMiss: false }, 8, null, false) // true
 */
export function evaluateLag(
  c: Extract<WarningCondition, { kind: 'lag' }>,
  gapPoints: number | null,
  willMeet: boolean | null,
  wasFiring: boolean,
): boolean {
  if (c.onForecastMiss && willMeet === false) return true;
  if (gapPoints === null) return false;
  return wasFiring ? gapPoints >= c.points - c.hysteresis : gapPoints >= c.points;
}

/** Whether a missing report fires: overdue by at least the rule's days. */
export const evaluateMissing = (
  c: Extract<WarningCondition, { kind: 'missing' }>,
  daysOverdue: number,
): boolean => daysOverdue >= c.daysOverdue;

/**
 * The series rules watching one subject, arranged so that a screening skips, without a walk,
 * every threshold the subject's values never reached: bounds above the year's maximum (for
 * "above" rules) or below its minimum (for "below" rules) cannot have fired.
 */
export interface SubjectRules<R> {
  /** "Above" thresholds, highest bound first. */
  readonly above: readonly R[];
  /** "Below" thresholds, lowest bound first. */
  readonly below: readonly R[];
  /** Change and run rules: each needs its walk. */
  readonly walked: readonly R[];
}

type SeriesRule = Pick<WarningRule, 'condition' | 'pendingPeriods'>;

/**
 * Whether judging the rule reads the same periods of the year before: only a year-on-year
 * change does. An evaluation reads last year's values for the subjects of such rules only.
 */
export const readsLastYear = (rule: Pick<WarningRule, 'condition'>): boolean =>
  rule.condition.kind === 'change' && rule.condition.basis === 'yoy';

const boundOf = (rule: SeriesRule) =>
  rule.condition.kind === 'threshold' ? rule.condition.bound : 0;

export function arrangeSubjectRules<R extends SeriesRule>(rules: readonly R[]): SubjectRules<R> {
  const above: R[] = [];
  const below: R[] = [];
  const walked: R[] = [];
  for (const r of rules) {
    const c = r.condition;
    if (c.kind === 'threshold') (c.direction === 'above' ? above : below).push(r);
    else if (c.kind === 'change' || c.kind === 'run') walked.push(r);
  }
  above.sort((a, b) => boundOf(b) - boundOf(a));
  below.sort((a, b) => boundOf(a) - boundOf(b));
  return { above, below, walked };
}

/** The first index in a sorted list from which `isReached` holds (it holds for a suffix). */
function firstReached<R>(rules: readonly R[], isReached: (r: R) => boolean): number {
  let low = 0;
  let high = rules.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (isReached(rules[mid]!)) high = mid;
    else low = mid + 1;
  }
  return low;
}

/**
 * The rules of a subject that fire at the end of its series: the same set as judging each
 * with `seriesRuleState`, but a threshold the values never passed is not looked at.
 * @example rulesFiringOn(arrangeSubjectRules(rules), months([4.2, 5.3])) // the rules above 5 fire, not those above 6
 */
export function rulesFiringOn<R extends SeriesRule>(
  rules: SubjectRules<R>,
  series: readonly SeriesPoint[],
  lastYear: ReadonlyMap<string, number> = emptyYear,
): R[] {
  let max = -Infinity;
  let min = Infinity;
  for (const p of series) {
    if (p.value > max) max = p.value;
    if (p.value < min) min = p.value;
  }
  const firing: R[] = [];
  const judge = (r: R) => {
    if (seriesRuleState(r, series, lastYear).isFiring) firing.push(r);
  };
  // A value passes an "above" bound only when it is greater than it: bounds < max were passed.
  for (let i = firstReached(rules.above, (r) => boundOf(r) < max); i < rules.above.length; i++)
    judge(rules.above[i]!);
  for (let i = firstReached(rules.below, (r) => boundOf(r) > min); i < rules.below.length; i++)
    judge(rules.below[i]!);
  for (const r of rules.walked) judge(r);
  return firing;
}
