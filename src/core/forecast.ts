import { buildCumulativeProfile, computeExpectedProgress } from './expected-progress.ts';
import type { PeriodValue, ProfilePoint } from './expected-progress.ts';
import { meetsTarget } from './target.ts';
import type { Target } from './target.ts';

/**
 * A projection of a target's year-end value, whether that meets the target, and how it was
 * made: from last year's cumulative `profile`, or from the `calendar` share of the year.
 */
export interface Forecast {
  readonly value: number;
  readonly willMeet: boolean;
  readonly method: 'profile' | 'calendar';
}

/** What a year-end forecast needs. */
export interface ForecastInput {
  readonly target: Target;
  /**
   * The value so far: the cumulative amount for a flow, the cumulative growth in percent for
   * a growth, the latest value for a stock or a rate.
   */
  readonly ytd: number;
  /** The date the value runs to (the end of the last period with data). */
  readonly asOf: string;
  readonly year: number;
  /** Last year's values per period, not cumulative: the seasonal profile. */
  readonly lastYearSeries?: readonly PeriodValue[];
  /**
   * The profile already chosen for expected progress (null: the calendar), so that the
   * forecast and the light rest on the same basis. Overrides `lastYearSeries`.
   */
  readonly profile?: readonly ProfilePoint[] | null;
}

/**
 * Projects a target's year-end value and says whether it will meet the target.
 *
 * A flow is projected as `ytd / share`, where share is the part of last year's total done
 * by the same point of the year (the calendar share when last year is incomplete). A growth
 * is carried forward: year-end growth ≈ cumulative growth to date — which is exactly what
 * projecting both years' amounts on last year's profile gives, since this year's projection
 * over last year's total equals YTD over last year's YTD. A stock or rate keeps its latest
 * value.
 * @example forecastYearEnd({ target: parkingTarget, ytd: 420, asOf: '2025-06-30', year: 2025, lastYearSeries })
 * // last year had 50% done by June → { value: 840, willMeet: false, method: 'profile' }
 */
export function forecastYearEnd(input: ForecastInput): Forecast {
  const { target, ytd, asOf, year } = input;
  const profile =
    input.profile !== undefined
      ? input.profile
      : input.lastYearSeries === undefined
        ? null
        : buildCumulativeProfile(input.lastYearSeries);
  const usesProfile =
    profile !== null && (target.measure === 'flow' || target.measure === 'growth');
  const method = usesProfile ? 'profile' : 'calendar';
  let value = ytd;
  if (target.measure === 'flow') {
    const share = computeExpectedProgress(asOf, year, profile ?? undefined);
    // Nothing of the year has passed on last year's pattern: there is nothing to scale up.
    value = share > 0 ? ytd / share : ytd;
  }
  return { value, willMeet: meetsTarget(target, value), method };
}
