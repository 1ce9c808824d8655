import type { IndicatorId, PlanNodeId, TargetId } from './ids.ts';
import type { Direction, Measure } from './measure.ts';

/**
 * How a target's value is to be met. "以上 / 不低于" give `>=`, "突破 / 超过" `>`,
 * "以内 / 不超过" `<=`, "低于" `<`, "左右" `~`, a range "6%—7%" `between`.
 */
export type Comparator = '=' | '>=' | '>' | '<=' | '<' | '~' | 'between';

/**
 * Whether a target is measured by an indicator, is a milestone with a date (主体完工), or
 * is qualitative — a task judged by its progress reports, not by a figure.
 */
export type TargetKind = 'indicator' | 'milestone' | 'qualitative';

/**
 * A target (目标) on a plan node: a metric, how it is compared, its value and unit, and the
 * period it is due in. A target on a growth ("增长6%") has measure `growth` even when its
 * indicator is a flow. `sign` is −1 when the figure states a fall ("下降8.6%": value 8.6,
 * sign −1); `isAspirational` marks "力争" (strive for).
 */
export interface Target {
  readonly id: TargetId;
  readonly nodeId: PlanNodeId;
  readonly kind: TargetKind;
  readonly metric: string;
  readonly indicatorId: IndicatorId | null;
  readonly measure: Measure;
  readonly direction: Direction;
  readonly comparator: Comparator;
  readonly value: number | null;
  readonly valueMax: number | null;
  readonly unit: string;
  readonly sign: 1 | -1;
  /** 力争: strive for, softer than a firm commitment. */
  readonly isAspirational: boolean;
  readonly duePeriodId: string;
  readonly baseline: number | null;
  readonly status: 'proposed' | 'accepted' | 'rejected';
}

/**
 * Whether less is better for a target: its comparator is a cap (`<=`, `<`), or, when the
 * comparator is not an inequality, its direction is `lower` or it states a fall (`sign` −1,
 * "下降8.6%"). On a fall the comparator is read on the size of the fall (`effectiveComparator`),
 * so "下降8.6%以上" is lower-is-better and "下降不超过2%" is not.
 * @example isLowerBetter({ ...target, metric: 'PM2.5年均浓度', direction: 'lower' }) // true
 */
export function isLowerBetter(
  target: Pick<Target, 'measure' | 'direction' | 'comparator' | 'sign'>,
): boolean {
  // An inequality says outright which side is good; direction and sign settle the rest.
  const comparator = effectiveComparator(target);
  if (comparator === '<=' || comparator === '<') return true;
  if (comparator === '>=' || comparator === '>') return false;
  return target.direction === 'lower' || target.sign === -1;
}

/**
 * The comparator a target's signed value is compared with. On a fall ("下降8.6%以上":
 * sign −1, `>=`) the comparator speaks of the size of the fall, so against the signed value
 * −8.6 it turns round: growth `<=` −8.6.
 * @example effectiveComparator({ measure: 'growth', comparator: '>=', sign: -1 }) // '<='
 */
export function effectiveComparator(
  target: Pick<Target, 'measure' | 'comparator' | 'sign'>,
): Comparator {
  if (target.measure !== 'growth' || target.sign !== -1) return target.comparator;
  switch (target.comparator) {
    case '>=':
      return '<=';
    case '>':
      return '<';
    case '<=':
      return '>=';
    case '<':
      return '>';
    case '=':
    case '~':
    case 'between':
      return target.comparator;
  }
}

/**
 * The value a target compares against, with its sign applied: a growth target "下降8.6%"
 * (value 8.6, sign −1) compares against −8.6. Only growths carry the sign into the value;
 * a level stated as a fall ("降至35") is already written as the level to reach. Null when
 * the target has no value.
 * @example signedTargetValue({ measure: 'growth', value: 8.6, sign: -1 }) // -8.6
 */
export function signedTargetValue(
  target: Pick<Target, 'measure' | 'value' | 'sign'>,
): number | null {
  if (target.value === null) return null;
  return target.measure === 'growth' && target.sign === -1 ? -Math.abs(target.value) : target.value;
}

/**
 * Whether a value meets a target under its comparator. "左右" (`~`) and `=` count as met
 * at or beyond the value in the better direction, since overshooting a plan figure is not
 * a failure; `between` is met inside the range, or at or above the lower bound for flows
 * and growths, which have no upper harm. False when the target has no value.
 * @example meetsTarget({ ...target, comparator: '>=', value: 310 }, 317) // true
 */
export function meetsTarget(
  target: Pick<Target, 'measure' | 'direction' | 'comparator' | 'value' | 'valueMax' | 'sign'>,
  value: number,
): boolean {
  const goal = signedTargetValue(target);
  if (goal === null) return false;
  // Sums of monthly figures carry binary rounding (0.1 + 0.2 ≠ 0.3); a hair's breadth is a tie.
  const atLeast = (bound: number) => value >= bound - tolerance(bound);
  const atMost = (bound: number) => value <= bound + tolerance(bound);
  switch (effectiveComparator(target)) {
    case '>':
      return value > goal + tolerance(goal);
    case '<':
      return value < goal - tolerance(goal);
    case '>=':
      return atLeast(goal);
    case '<=':
      return atMost(goal);
    case '=':
    case '~':
      return isLowerBetter(target) ? atMost(goal) : atLeast(goal);
    case 'between':
      if (target.measure === 'flow' || target.measure === 'growth' || target.valueMax === null) {
        return atLeast(goal);
      }
      return atLeast(goal) && atMost(target.valueMax);
  }
}

const tolerance = (bound: number): number => 1e-9 * Math.max(1, Math.abs(bound));
