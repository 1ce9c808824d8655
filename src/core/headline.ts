/**
 * Headline figures (the cards a bulletin or the Overview opens with): which indicators make
 * the headline, and the figure of each — year to date for flows, the latest value otherwise,
 * with the same span last year. Pure: the server serves them in one answer, the unit page and
 * the journeys recompute them from a series.
 */
import { parsePeriod, samePeriodLastYear, type Period, type PeriodType } from './period.ts';
import { yearOnYearChange } from './year-on-year.ts';

/** How many headline cards the Overview shows. */
export const headlineCount = 6;

/** A point of an indicator series (the API's Series point, the fields a headline reads). */
export interface HeadlinePoint {
  readonly periodId: string;
  readonly value: number | null;
  readonly source: string | null;
  /** The unit's own value; a point without one is a sum over the units below. */
  readonly own?: number | null;
  /** Units below whose values are in the sum, and how many report the indicator at all. */
  readonly descendantsCount?: number;
  readonly descendantsExpected?: number;
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
  /**
   * Of the periods in the figure, those summed over fewer units than report the indicator
   * (approved only count): the figure is a partial total and says so.
   */
  readonly partialPeriods: readonly string[];
  /** The values of the finest periods, oldest first, for the sparkline. */
  readonly spark: (number | null)[];
}

/** Rates and growths are compared by difference in points, amounts by ratio. */
const isLevel = (measure: string) => measure === 'rate' || measure === 'growth';

const periodTypeRank: readonly PeriodType[] = [
  'day',
  'week',
  'dekad',
  'month',
  'quarter',
  'half',
  'year',
];

function periodOrNull(id: string): Period | null {
  try {
    return parsePeriod(id);
  } catch {
    return null;
  }
}

const typeOf = (id: string) => periodOrNull(id)?.type;

const lastYearId = (id: string) => {
  const p = periodOrNull(id);
  return p ? samePeriodLastYear(p).id : id;
};

/** The finest period type present in a series (month before quarter before year …). */
export function finestPeriodType(points: readonly { periodId: string }[]): PeriodType | null {
  const types = new Set(points.map((p) => typeOf(p.periodId)));
  return periodTypeRank.find((k) => types.has(k)) ?? null;
}

/** A sum over the units below that waits for some of them. */
const isPartialSum = (p: HeadlinePoint) =>
  p.value !== null &&
  (p.own ?? null) === null &&
  p.descendantsCount !== undefined &&
  p.descendantsExpected !== undefined &&
  p.descendantsCount < p.descendantsExpected;

/**
 * The headline of an indicator series: year to date for flows (1–9月累计), the latest value
 * otherwise, with the same span last year.
 * @example computeHeadline(points, 'flow') // { periodId: '202509', value: 812.4, isYearToDate: true, … }
 */
export function computeHeadline(
  points: readonly HeadlinePoint[],
  measure: string,
): Headline | null {
  const kind = finestPeriodType(points);
  if (!kind) return null;
  const fine = points
    .filter((p) => typeOf(p.periodId) === kind)
    .sort((a, b) => (a.periodId < b.periodId ? -1 : a.periodId > b.periodId ? 1 : 0));
  const withValue = fine.filter((p) => p.value !== null);
  const last = withValue[withValue.length - 1];
  if (!last || last.value === null) return null;
  const year = last.periodId.slice(0, 4);
  const byId = new Map(fine.map((p) => [p.periodId, p]));
  const isYearToDate = measure === 'flow' && kind !== 'year';
  let value = last.value;
  let lastYearValue: number | null = byId.get(lastYearId(last.periodId))?.value ?? null;
  let simulated = last.source === 'simulated';
  let summed: readonly HeadlinePoint[] = [last];
  if (isYearToDate) {
    const thisYear = withValue.filter(
      (p) => p.periodId.startsWith(year) && p.periodId <= last.periodId,
    );
    value = thisYear.reduce((s, p) => s + (p.value ?? 0), 0);
    const prior = thisYear.map((p) => byId.get(lastYearId(p.periodId))?.value ?? null);
    lastYearValue = prior.every((v) => v !== null)
      ? prior.reduce<number>((s, v) => s + (v ?? 0), 0)
      : null;
    simulated = thisYear.some((p) => p.source === 'simulated');
    summed = thisYear;
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
    partialPeriods: summed.filter(isPartialSum).map((p) => p.periodId),
    spark: fine.slice(-12).map((p) => p.value),
  };
}

/** What choosing headline indicators reads of an indicator. */
export interface HeadlineCandidate {
  readonly code: string;
  readonly kind: string;
  readonly measure: string;
  readonly cadence: PeriodType;
  readonly categoryCodes: readonly string[];
}

const isMonthlyOrQuarterly = (i: HeadlineCandidate) =>
  i.cadence === 'month' || i.cadence === 'quarter';

/**
 * The candidates for headline cards, best first: the economy's monthly and quarterly amounts
 * (the figures a bulletin opens with), one per runway in the order of the category tree, then
 * the other amounts, then the monthly and quarterly indicators the plan's targets measure
 * (`linkedCodes`, in the plan's order). Twice as many as shown: some have no figure yet.
 */
export function pickHeadlineIndicators<T extends HeadlineCandidate>(
  linkedCodes: readonly string[],
  indicators: readonly T[],
  categoryOrder: readonly string[],
  count = headlineCount * 2,
): T[] {
  const byCode = new Map(indicators.map((i) => [i.code, i]));
  const order = new Map(categoryOrder.map((c, i) => [c, i]));
  const position = (i: T) =>
    Math.min(Infinity, ...i.categoryCodes.map((c) => order.get(c) ?? Infinity));
  const runway = (i: T) => (i.categoryCodes[0] ?? '').split('.').slice(0, 2).join('.');
  const amounts = indicators
    .filter((i) => i.kind === 'statistic' && i.measure === 'flow' && isMonthlyOrQuarterly(i))
    .sort((a, b) => position(a) - position(b));
  const seen = new Set<string>();
  const firstPerRunway = amounts.filter((i) => {
    const r = runway(i);
    if (seen.has(r)) return false;
    seen.add(r);
    return true;
  });
  const linked = [...new Set(linkedCodes)]
    .map((c) => byCode.get(c))
    .filter((i): i is T => i !== undefined && isMonthlyOrQuarterly(i));
  return [...new Set([...firstPerRunway, ...amounts, ...linked])].slice(0, count);
}
