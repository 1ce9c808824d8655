import {
  addDays,
  dayOfYear,
  daysBetween,
  daysInYear,
  parsePeriod,
  periodsWithin,
  yearOfPeriod,
} from './period.ts';
import type { Period } from './period.ts';

/**
 * One point of a cumulative profile: the share of a year's total reached by the end of a
 * period (1 = the whole year).
 */
export interface ProfilePoint {
  readonly periodId: string;
  readonly cumulativeShare: number;
}

/** A value of an indicator for one period, not cumulative. */
export interface PeriodValue {
  readonly periodId: string;
  readonly value: number;
}

/**
 * Share of an annual target expected by a date (序时进度): from last year's cumulative
 * profile when one is given, else the calendar share (day of year / days in year).
 *
 * With a profile, the share is the profile's share at the end of the last period ended by
 * `asOf`, moved linearly by days towards the next period's share. The profile may carry
 * last year's period ids; each is matched to the period in the same place of `year`. Past
 * the last profile point the share runs linearly to 1 at year end. `asOf` is clamped to
 * the year: 0 before it, 1 after it.
 * @example computeExpectedProgress('2025-06-30', 2025) // 181 / 365 ≈ 0.496
 * @example computeExpectedProgress('2025-06-30', 2025, [{ periodId: '202406', cumulativeShare: 0.45 }]) // 0.45
 */
export function computeExpectedProgress(
  asOf: string,
  year: number,
  profile?: readonly ProfilePoint[],
): number {
  const yearSpan = yearPeriodOf(year);
  if (asOf < yearSpan.start) return 0;
  if (asOf >= yearSpan.end) return 1;
  if (profile === undefined || profile.length === 0) {
    return dayOfYear(asOf) / daysInYear(year);
  }

  // Knots (days since the eve of the year, share): (0, 0), each period end, (year end, 1).
  const eve = addDays(yearSpan.start, -1);
  const knots = profile
    .map((point) => ({
      x: daysBetween(eve, alignToYear(parsePeriod(point.periodId), year).end),
      share: point.cumulativeShare,
    }))
    .sort((a, b) => a.x - b.x);
  const yearEndX = daysInYear(year);
  const last = knots[knots.length - 1];
  if (last !== undefined && last.x < yearEndX) knots.push({ x: yearEndX, share: 1 });

  const x = dayOfYear(asOf);
  let before = { x: 0, share: 0 };
  for (const knot of knots) {
    if (knot.x >= x) {
      const span = knot.x - before.x;
      const share =
        span <= 0
          ? knot.share
          : before.share + ((knot.share - before.share) * (x - before.x)) / span;
      return clampShare(share);
    }
    before = knot;
  }
  return clampShare(before.share);
}

/**
 * Last year's cumulative profile from its values per period: the running total at the end
 * of each period over the year's total. Null when the values do not make a usable profile:
 * not all of one type and one year, a period of the year missing, or a total that is not
 * positive — then expected progress falls back to the calendar.
 * @example buildCumulativeProfile([{ periodId: '2024S1', value: 40 }, { periodId: '2024S2', value: 60 }])
 * // [{ periodId: '2024S1', cumulativeShare: 0.4 }, { periodId: '2024S2', cumulativeShare: 1 }]
 */
export function buildCumulativeProfile(
  series: readonly PeriodValue[],
): readonly ProfilePoint[] | null {
  const first = series[0];
  if (first === undefined) return null;
  const type = parsePeriod(first.periodId).type;
  const year = yearOfPeriod(parsePeriod(first.periodId));
  const valueById = new Map<string, number>();
  for (const { periodId, value } of series) {
    const period = parsePeriod(periodId);
    if (period.type !== type || yearOfPeriod(period) !== year || !Number.isFinite(value)) {
      return null;
    }
    valueById.set(period.id, (valueById.get(period.id) ?? 0) + value);
  }
  const periods = periodsWithin(yearPeriodOf(year), type);
  if (periods.some((p) => !valueById.has(p.id))) return null;
  const total = periods.reduce((sum, p) => sum + (valueById.get(p.id) ?? 0), 0);
  if (!(total > 0)) return null;
  let running = 0;
  return periods.map((p) => {
    running += valueById.get(p.id) ?? 0;
    return { periodId: p.id, cumulativeShare: running / total };
  });
}

// The calendar year as a period.
function yearPeriodOf(year: number): Period {
  return parsePeriod(String(year).padStart(4, '0'));
}

// A profile from last year describes the same place in the season this year: March 2024 stands
// for March 2025, week 10 for week 10 (the last week when this year has fewer).
function alignToYear(period: Period, year: number): Period {
  const from = yearOfPeriod(period);
  if (from === year) return period;
  const index = periodsWithin(yearPeriodOf(from), period.type).findIndex((p) => p.id === period.id);
  const target = periodsWithin(yearPeriodOf(year), period.type);
  return target[Math.min(Math.max(index, 0), target.length - 1)] ?? period;
}

const clampShare = (share: number): number => Math.min(1, Math.max(0, share));

/** Where expected progress comes from, and why: said in the reason beside the light. */
export type ProgressBasis = 'last-year' | 'calendar';

/**
 * Last year's profile, when it may stand for this year's season: the values must be real
 * (not simulated), make a complete profile, and be informative — at least half of the
 * periods carry something and no single period holds more than half of the year. Otherwise
 * null, and expected progress follows the calendar. A profile of (0, 0, 0, 2) would say
 * nothing is due until December, and a target with nothing done by September would look
 * on track.
 * @example chooseProgressProfile([{ periodId: '2024Q1', value: 0 }, { periodId: '2024Q2', value: 0 }, { periodId: '2024Q3', value: 0 }, { periodId: '2024Q4', value: 2 }], true) // null
 */
export function chooseProgressProfile(
  lastYearSeries: readonly PeriodValue[] | undefined,
  isReal: boolean,
): readonly ProfilePoint[] | null {
  if (!isReal || lastYearSeries === undefined) return null;
  const profile = buildCumulativeProfile(lastYearSeries);
  if (profile === null) return null;
  let previous = 0;
  let nonZero = 0;
  let largest = 0;
  for (const point of profile) {
    const step = point.cumulativeShare - previous;
    previous = point.cumulativeShare;
    if (step > 1e-9) nonZero += 1;
    largest = Math.max(largest, step);
  }
  if (nonZero * 2 < profile.length || largest > 0.5) return null;
  return profile;
}

/**
 * Expected progress at the end of each period of the year, on the same basis the light
 * uses: what the chart draws beside the actual line.
 * @example expectedProgressSeries(2025, 'quarter', null).map((p) => p.share) // ≈ [0.247, 0.496, 0.748, 1]
 */
export function expectedProgressSeries(
  year: number,
  type: Period['type'],
  profile: readonly ProfilePoint[] | null,
): { periodId: string; share: number }[] {
  return periodsWithin(yearPeriodOf(year), type).map((p) => ({
    periodId: p.id,
    share: computeExpectedProgress(p.end, year, profile ?? undefined),
  }));
}
