/** Indicator series as the cockpit shows them: a table with year-on-year (headline figures: core/headline.ts). */
import { finestPeriodType } from '../../src/core/headline.ts';
import { isAdditiveOverUnits } from '../../src/core/indicator.ts';
import type { Measure } from '../../src/core/measure.ts';
import { yearOnYearChange } from '../../src/core/year-on-year.ts';
import { parsePeriodId, samePeriodLastYear } from './format.ts';

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
  const kind = finestPeriodType(points);
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
  const kind = finestPeriodType(points);
  const ids = points
    .filter((p) => p.value !== null && parsePeriodId(p.periodId)?.kind === kind)
    .map((p) => p.periodId)
    .sort();
  return ids[ids.length - 1] ?? null;
}
