/** Indicator series as the cockpit shows them: headline figures and a table with year-on-year. */
import { isAdditiveOverTime, isAdditiveOverUnits } from '../../src/core/indicator.ts';
import type { Measure } from '../../src/core/measure.ts';
import { yearOnYearChange } from '../../src/core/year-on-year.ts';
import { parsePeriodId, samePeriodLastYear, type PeriodKind } from './format.ts';

/** A point of an indicator series (the API's Series point, the fields used here). */
export interface IndicatorPoint {
  readonly periodId: string;
  readonly value: number | null;
  readonly source: string | null;
  readonly state?: string | null;
}

/** Rates and growths are compared by difference in points, amounts by ratio. */
/** A rate or growth is a level: it never adds, so its series is read point by point. */
const isLevel = (measure: Measure) => !isAdditiveOverUnits(measure);

/** The finest period kind present in a series (month before quarter before year …). */
export function finestKind(points: readonly IndicatorPoint[]): PeriodKind | null {
  const rank: PeriodKind[] = ['day', 'week', 'dekad', 'month', 'quarter', 'half', 'year'];
  const kinds = new Set(points.map((p) => parsePeriodId(p.periodId)?.kind));
  return rank.find((k) => kinds.has(k)) ?? null;
}

/** A headline figure: the latest value (year to date for flows) and its change on last year. */
export interface Headline {
  /** The last period with a value. */
  readonly periodId: string;
  /** Year to date for flows, else the latest value. */
  readonly value: number;
  readonly isYearToDate: boolean;
  readonly lastYearValue: number | null;
  /** Change in percent for amounts; null for rates and growths, see `changePoints`. */
  readonly yoyPercent: number | null;
  /** Change in percentage points for rates and growths. */
  readonly changePoints: number | null;
  readonly isSimulated: boolean;
  /** The source of the last value (`aggregate` when summed from the units below). */
  readonly source: string | null;
  /** The values of the finest periods, oldest first, for the sparkline. */
  readonly spark: (number | null)[];
}

/**
 * The headline of an indicator series: year to date for flows (1–9月累计), the latest value
 * otherwise, with the same span last year.
 * @example computeHeadline(points, 'flow') // { periodId: '202509', value: 812.4, isYearToDate: true, … }
 */
export function computeHeadline(
  points: readonly IndicatorPoint[],
  measure: Measure,
): Headline | null {
  const kind = finestKind(points);
  if (!kind) return null;
  const fine = points
    .filter((p) => parsePeriodId(p.periodId)?.kind === kind)
    .sort((a, b) => a.periodId.localeCompare(b.periodId));
  const withValue = fine.filter((p) => p.value !== null);
  const last = withValue[withValue.length - 1];
  if (!last || last.value === null) return null;
  const year = last.periodId.slice(0, 4);
  const byId = new Map(fine.map((p) => [p.periodId, p]));
  const isYearToDate = isAdditiveOverTime(measure) && kind !== 'year';
  let value = last.value;
  let lastYearValue: number | null = byId.get(samePeriodLastYear(last.periodId))?.value ?? null;
  let simulated = last.source === 'simulated';
  if (isYearToDate) {
    const thisYear = withValue.filter(
      (p) => p.periodId.startsWith(year) && p.periodId <= last.periodId,
    );
    value = thisYear.reduce((s, p) => s + (p.value ?? 0), 0);
    const prior = thisYear.map((p) => byId.get(samePeriodLastYear(p.periodId))?.value ?? null);
    lastYearValue = prior.every((v) => v !== null)
      ? prior.reduce<number>((s, v) => s + (v ?? 0), 0)
      : null;
    simulated = thisYear.some((p) => p.source === 'simulated');
  }
  const level = isLevel(measure);
  return {
    periodId: last.periodId,
    value,
    isYearToDate,
    lastYearValue,
    yoyPercent: level ? null : yearOnYearChange(value, lastYearValue),
    changePoints: level && lastYearValue !== null ? value - lastYearValue : null,
    isSimulated: simulated,
    source: last.source,
    spark: fine.slice(-12).map((p) => p.value),
  };
}

/** A row of an indicator's period table. */
export interface PeriodRow {
  readonly periodId: string;
  readonly value: number | null;
  readonly lastYearValue: number | null;
  readonly yoyPercent: number | null;
  readonly changePoints: number | null;
  readonly source: string | null;
  readonly state: string | null;
}

/** The finest periods of a series, newest first, each with the same period last year. */
export function toPeriodRows(points: readonly IndicatorPoint[], measure: Measure): PeriodRow[] {
  const kind = finestKind(points);
  if (!kind) return [];
  const byId = new Map(points.map((p) => [p.periodId, p]));
  const level = isLevel(measure);
  return points
    .filter((p) => parsePeriodId(p.periodId)?.kind === kind && p.value !== null)
    .sort((a, b) => b.periodId.localeCompare(a.periodId))
    .map((p) => {
      const lastYearValue = byId.get(samePeriodLastYear(p.periodId))?.value ?? null;
      return {
        periodId: p.periodId,
        value: p.value,
        lastYearValue,
        yoyPercent: level ? null : yearOnYearChange(p.value, lastYearValue),
        changePoints:
          level && p.value !== null && lastYearValue !== null ? p.value - lastYearValue : null,
        source: p.source,
        state: p.state ?? null,
      };
    });
}

/** The latest finest period with a value: the default period of the drill-down. */
export function latestPeriodId(points: readonly IndicatorPoint[]): string | null {
  const kind = finestKind(points);
  const ids = points
    .filter((p) => p.value !== null && parsePeriodId(p.periodId)?.kind === kind)
    .map((p) => p.periodId)
    .sort();
  return ids[ids.length - 1] ?? null;
}
