/**
 * Simulated monthly data for the demo, so that the cockpit has something to show
 * before a district enters its own. Every value it makes is marked `simulated`;
 * it is seeded, so the demo is the same on every machine.
 */
import type { Measure } from '../core/measure.ts';
import type { ObservationInput } from '../core/observation.ts';
import { periodsWithin, parsePeriod, type PeriodType } from '../core/period.ts';

export interface SimulationIndicator {
  readonly code: string;
  readonly name: string;
  readonly unit: string;
  readonly measure: Measure;
  readonly direction: 'higher' | 'lower';
  readonly cadence: PeriodType;
  /** A district-wide figure its owner department reports for the district; towns do not report it. */
  readonly ownerUnitCode?: string;
}

export interface SimulationInput {
  readonly indicators: readonly SimulationIndicator[];
  readonly districtCode: string;
  readonly townCodes: readonly string[];
  /** Annual target per indicator code, in the indicator's unit, where the plan sets one. */
  readonly targets: ReadonlyMap<string, number>;
  /**
   * Last year's results the importer read from the report (code → annual total, in the
   * indicator's unit): the simulated months of last year add up to exactly these.
   */
  readonly lastYearResults: ReadonlyMap<string, number>;
  readonly year: number;
  /** The last month of the plan year with data ("数据截至9月"). */
  readonly throughMonth: number;
  readonly seed: number;
}

/** mulberry32: small, fast and good enough for demo noise. */
function createRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Spring Festival dips February; year-end pushes raise December (typical of Chinese monthly statistics).
const monthWeights = [0.075, 0.055, 0.08, 0.08, 0.082, 0.09, 0.08, 0.08, 0.085, 0.085, 0.09, 0.118];

const countUnits = new Set([
  '个',
  '家',
  '列',
  '辆',
  '人',
  '人次',
  '所',
  '户',
  '条',
  '项',
  '宗',
  '处',
  '套',
  '件',
  '座',
  '台',
  '标箱',
]);

const round = (value: number, decimals = 2) => Math.round(value * 10 ** decimals) / 10 ** decimals;

/**
 * Splits a total by weights into parts that add up to it exactly: whole numbers by largest
 * remainder for counted things, else cents with the last part taking the rounding.
 */
export function apportion(total: number, weights: readonly number[], whole: boolean): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (whole) {
    const target = Math.round(total);
    const raw = weights.map((w) => (target * w) / sum);
    const parts = raw.map(Math.floor);
    let left = target - parts.reduce((a, b) => a + b, 0);
    const order = raw
      .map((r, i) => ({ i, rest: r - Math.floor(r) }))
      .sort((a, b) => b.rest - a.rest);
    for (const { i } of order) {
      if (left <= 0) break;
      parts[i] = (parts[i] ?? 0) + 1;
      left -= 1;
    }
    return parts;
  }
  const parts = weights.map((w) => round((total * w) / sum));
  const rest = round(total - parts.slice(0, -1).reduce((a, b) => a + b, 0));
  parts[parts.length - 1] = rest;
  return parts;
}

/**
 * Last year's annual totals the simulation must meet: the report's results where the
 * importer found them, else derived from GDP by the relations a statistician checks —
 * the report's industrial structure (二产 26.4%, 三产 73.1% of GDP), construction within
 * the secondary sector, budget revenue a small share of GDP with tax below it, urban
 * income above the average and the average above rural.
 */
function lastYearAnchors(input: SimulationInput, between: (lo: number, hi: number) => number) {
  const anchors = new Map(input.lastYearResults);
  const gdp = anchors.get('GDP') ?? 1200;
  anchors.set('GDP', gdp);
  const derive = (code: string, value: number) => {
    if (!anchors.has(code)) anchors.set(code, value);
  };
  derive('SECONDARY_VA', gdp * 0.264);
  derive('TERTIARY_VA', gdp * 0.731);
  derive('CONSTRUCTION_VA', gdp * 0.264 * between(0.3, 0.4));
  derive('FISCAL_REVENUE', gdp * between(0.045, 0.06));
  derive('TAX_REVENUE', (anchors.get('FISCAL_REVENUE') ?? 0) * between(0.6, 0.75));
  derive('FISCAL_EXPENDITURE', (anchors.get('FISCAL_REVENUE') ?? 0) * between(1.4, 1.8));
  derive('RETAIL', gdp * between(0.45, 0.55));
  derive('IND_OUTPUT', gdp * between(0.7, 0.9));
  derive('SVC_REVENUE', gdp * between(0.35, 0.45));
  derive('DISPOSABLE_INCOME', between(47_000, 50_000));
  derive('DISPOSABLE_INCOME_URBAN', (anchors.get('DISPOSABLE_INCOME') ?? 0) * between(1.04, 1.08));
  derive('DISPOSABLE_INCOME_RURAL', (anchors.get('DISPOSABLE_INCOME') ?? 0) * between(0.5, 0.6));
  return anchors;
}

export function simulateDemoObservations(input: SimulationInput): ObservationInput[] {
  const random = createRandom(input.seed);
  const between = (lo: number, hi: number) => lo + (hi - lo) * random();
  const rows: ObservationInput[] = [];
  const push = (indicatorCode: string, unitCode: string, periodId: string, value: number) =>
    rows.push({
      indicatorCode,
      unitCode,
      periodId,
      value: round(value),
      source: 'simulated',
      sourceRef: 'demo',
    });
  const townWeights = input.townCodes.map(() => between(0.4, 1.6));
  const anchors = lastYearAnchors(input, between);

  for (const indicator of input.indicators) {
    if (indicator.cadence !== 'month' && indicator.cadence !== 'quarter') continue;
    const periodsOf = (year: number) => periodsWithin(parsePeriod(String(year)), indicator.cadence);
    const isIncluded = (periodId: string, year: number) =>
      year < input.year || Number(parsePeriod(periodId).end.slice(5, 7)) <= input.throughMonth;
    const weightOf = (periodId: string) => {
      const p = parsePeriod(periodId);
      const first = Number(p.start.slice(5, 7)) - 1;
      const last = Number(p.end.slice(5, 7)) - 1;
      return monthWeights.slice(first, last + 1).reduce((a, b) => a + b, 0);
    };
    const target = input.targets.get(indicator.code);
    switch (indicator.measure) {
      case 'flow': {
        const isCount = countUnits.has(indicator.unit);
        const lastYear =
          anchors.get(indicator.code) ??
          (target !== undefined ? target / between(1.02, 1.12) : between(50, 800));
        // Some targets run ahead of schedule, some behind, so that every light appears.
        const annual =
          target !== undefined ? target * between(0.8, 1.12) : lastYear * between(1.03, 1.08);
        // Averages (人均…) do not add over towns, and a department's district-wide figure is the
        // district's own: both are reported for the district alone.
        const districtOnly =
          /人均|平均/.test(indicator.name) || indicator.ownerUnitCode !== undefined;
        for (const [year, total] of [
          [input.year - 1, lastYear],
          [input.year, annual],
        ] as const) {
          const periods = periodsOf(year);
          // Seasonal weights with noise, rescaled so the year adds up to its total exactly.
          const amounts = apportion(
            total,
            periods.map((p) => weightOf(p.id) * between(0.92, 1.08)),
            isCount,
          );
          periods.forEach((period, p) => {
            if (!isIncluded(period.id, year)) return;
            const amount = amounts[p] ?? 0;
            if (districtOnly) {
              push(indicator.code, input.districtCode, period.id, amount);
              return;
            }
            const shares = apportion(amount, townWeights, isCount);
            input.townCodes.forEach((town, i) =>
              push(indicator.code, town, period.id, shares[i] ?? 0),
            );
          });
        }
        break;
      }
      case 'growth': {
        const level = target !== undefined ? target * between(0.75, 1.2) : between(2, 9);
        for (const year of [input.year - 1, input.year]) {
          const base = year === input.year ? level : level * between(0.8, 1.2);
          for (const period of periodsOf(year)) {
            if (isIncluded(period.id, year))
              push(indicator.code, input.districtCode, period.id, base + between(-0.8, 0.8));
          }
        }
        break;
      }
      case 'stock':
      case 'rate': {
        const level = target !== undefined ? target * between(0.97, 1.03) : between(20, 90);
        const drift = indicator.direction === 'lower' ? -1 : 1;
        for (const year of [input.year - 1, input.year]) {
          let value = year === input.year ? level * 0.99 : level * 0.96;
          for (const period of periodsOf(year)) {
            value += drift * level * between(-0.002, 0.004);
            // A share in percent cannot pass 100.
            if (indicator.unit === '%') value = Math.min(value, 100);
            if (isIncluded(period.id, year))
              push(indicator.code, input.districtCode, period.id, value);
          }
        }
        break;
      }
    }
  }
  return rows;
}
