import type { IndicatorId } from './ids.ts';
import type { Direction, Measure } from './measure.ts';
import type { PeriodType } from './period.ts';

/**
 * What an indicator is for: a plan KPI, a vital sign of the city (体征指标), or a
 * statistic published by the statistics bureau.
 */
export type IndicatorKind = 'kpi' | 'vital' | 'statistic';

/**
 * An indicator (指标) in the registry: what is measured, in which unit, how it aggregates
 * (`measure`), which way is better (`direction`), and how often it is reported (`cadence`).
 * `decimals` is how many decimals to show at the edges; values inside are never rounded.
 */
export interface Indicator {
  readonly id: IndicatorId;
  readonly code: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly unit: string;
  readonly kind: IndicatorKind;
  readonly measure: Measure;
  readonly direction: Direction;
  readonly cadence: PeriodType;
  readonly decimals: number;
}

/**
 * Whether values of a measure add up over time: flows do (monthly values sum to the
 * year), stocks, rates and growths do not (DESIGN.md §4, Aggregation).
 * @example isAdditiveOverTime('flow') // true
 */
export function isAdditiveOverTime(measure: Measure): boolean {
  return measure === 'flow';
}

/**
 * Whether values of a measure add up over units (towns to district): flows and stocks do,
 * rates and growths are recomputed from their parts instead.
 * @example isAdditiveOverUnits('stock') // true
 */
export function isAdditiveOverUnits(measure: Measure): boolean {
  return measure === 'flow' || measure === 'stock';
}
