/**
 * Timeliness (及时性) of reporting: each cadence has a due day, counted in days after
 * the period ends; a value is overdue once that day has passed with nothing submitted.
 * Completeness is the share of due values present, timeliness the share submitted by
 * the due day (DHIS2's reporting-rate and reporting-rate-on-time).
 */
import { addDays, periodOf, nextPeriod, type Period, type PeriodType } from './period.ts';

/** Days after a period's end by which its values are due, per cadence. */
export type DueRules = Readonly<Record<PeriodType, number>>;

/**
 * The defaults: monthly by the 10th of the next month, quarterly and half-yearly by the
 * 15th after, yearly by 31 January; a deployment overrides any of them.
 */
export const defaultDueRules: DueRules = Object.freeze({
  day: 1,
  week: 3,
  dekad: 3,
  month: 10,
  quarter: 15,
  half: 15,
  year: 31,
});

/**
 * The last day on which a period's values count as on time.
 * @example computeDueDate(parsePeriod('202503'), defaultDueRules) // '2025-04-10'
 */
export const computeDueDate = (period: Period, rules: DueRules): string =>
  addDays(period.end, rules[period.type]);

/** Whether the due day has passed by `asOf` (the due day itself is still on time). */
export const isPastDue = (period: Period, rules: DueRules, asOf: string): boolean =>
  computeDueDate(period, rules) < asOf;

/**
 * The periods of a cadence that end on or after `from` and have ended before `asOf`: the
 * forms a unit may owe on that day, due or already overdue, oldest first.
 * @example periodsEnded('month', '2025-01-01', '2025-03-05').map((p) => p.id) // ['202501', '202502']
 */
export function periodsEnded(type: PeriodType, from: string, asOf: string): Period[] {
  const periods: Period[] = [];
  for (let p = periodOf(type, from); p.end < asOf; p = nextPeriod(p)) {
    if (p.end >= from) periods.push(p);
  }
  return periods;
}

/**
 * The periods of a cadence that end on or after `from` and whose due day has passed by
 * `asOf`, oldest first.
 * @example periodsPastDue('month', '2025-01-01', '2025-03-11', defaultDueRules).map((p) => p.id) // ['202501', '202502']
 */
export const periodsPastDue = (
  type: PeriodType,
  from: string,
  asOf: string,
  rules: DueRules,
): Period[] => periodsEnded(type, from, asOf).filter((p) => isPastDue(p, rules, asOf));

/** One due value: when it was due, and when (if ever) it was submitted. */
export interface DueCell {
  readonly dueDate: string;
  /** The office-local date the value was submitted; null when it is missing or still a draft. */
  readonly submittedOn: string | null;
}

/** Completeness and timeliness over a set of due values; shares are null when nothing was due. */
export interface TimelinessRates {
  readonly due: number;
  readonly present: number;
  readonly onTime: number;
  /** present / due (1 = 100%). */
  readonly completeness: number | null;
  /** onTime / due (1 = 100%). */
  readonly timeliness: number | null;
}

/**
 * Completeness and timeliness of a set of due values.
 * @example computeTimelinessRates([{ dueDate: '2025-04-10', submittedOn: '2025-04-12' }]) // { due: 1, present: 1, onTime: 0, completeness: 1, timeliness: 0 }
 */
export function computeTimelinessRates(cells: Iterable<DueCell>): TimelinessRates {
  let due = 0;
  let present = 0;
  let onTime = 0;
  for (const cell of cells) {
    due++;
    if (cell.submittedOn === null) continue;
    present++;
    if (cell.submittedOn <= cell.dueDate) onTime++;
  }
  return {
    due,
    present,
    onTime,
    completeness: due === 0 ? null : present / due,
    timeliness: due === 0 ? null : onTime / due,
  };
}
