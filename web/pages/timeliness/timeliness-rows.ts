/** Timeliness in the cockpit: rate rows worst first, the overdue list per unit, and the Overview's summary. */
import type { OverdueData, TimelinessData } from '../../app/api.ts';

/** A unit's (or department's) completeness and timeliness. */
export type RateRow = TimelinessData['units'][number];

/** A unit on the overdue list, with its periods past due. */
export type OverdueRow = OverdueData['units'][number] & {
  /** The longest a period of the unit is overdue, in days. */
  readonly maxDaysOverdue: number;
};

const byRateAscending = (a: number | null, b: number | null) =>
  a === null ? (b === null ? 0 : 1) : b === null ? -1 : a - b;

/**
 * Rate rows with something due, the least complete first (then the least timely, then by
 * name); rows with nothing due say nothing and are left out.
 */
export function sortRateRows(rows: readonly RateRow[]): RateRow[] {
  return rows
    .filter((r) => r.due > 0)
    .sort(
      (a, b) =>
        byRateAscending(a.completeness, b.completeness) ||
        byRateAscending(a.timeliness, b.timeliness) ||
        a.unitName.localeCompare(b.unitName, 'zh'),
    );
}

/** The overdue list: units with overdue values, the most overdue values first. */
export function toOverdueRows(view: OverdueData): OverdueRow[] {
  return view.units
    .filter((u) => u.overdueValues > 0)
    .map((u) => ({ ...u, maxDaysOverdue: Math.max(0, ...u.periods.map((p) => p.daysOverdue)) }))
    .sort(
      (a, b) => b.overdueValues - a.overdueValues || a.unitName.localeCompare(b.unitName, 'zh'),
    );
}

/** What the Overview's timeliness card shows. */
export interface TimelinessSummary {
  readonly year: number;
  readonly completeness: number | null;
  readonly timeliness: number | null;
  readonly due: number;
  readonly overdueUnits: number;
  readonly overdueValues: number;
  /** The units with the most overdue values, at most three. */
  readonly worst: readonly OverdueRow[];
}

/** The Overview card's figures from the rates of a year and the overdue list. */
export function summarizeTimeliness(
  rates: TimelinessData,
  overdue: OverdueData,
): TimelinessSummary {
  const rows = toOverdueRows(overdue);
  return {
    year: rates.year,
    completeness: rates.overall.completeness,
    timeliness: rates.overall.timeliness,
    due: rates.overall.due,
    overdueUnits: rows.length,
    overdueValues: rows.reduce((s, r) => s + r.overdueValues, 0),
    worst: rows.slice(0, 3),
  };
}

/** The colour of a rate: green from 95%, orange from 80%, red below; grey without data. */
export function rateColor(rate: number | null): string {
  if (rate === null) return '#8c96a3';
  if (rate >= 0.95) return '#2f9e44';
  if (rate >= 0.8) return '#e8890c';
  return '#d9363e';
}
