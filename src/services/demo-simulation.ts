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
}

export interface SimulationInput {
  readonly indicators: readonly SimulationIndicator[];
  readonly districtCode: string;
  readonly townCodes: readonly string[];
  /** Annual target per indicator code, in the indicator's unit, where the plan sets one. */
  readonly targets: ReadonlyMap<string, number>;
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
  const townTotal = townWeights.reduce((a, b) => a + b, 0);

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
        // Some targets run ahead of schedule, some behind, so that every light appears.
        const annual = target !== undefined ? target * between(0.8, 1.12) : between(50, 800);
        const lastYear = annual / between(1.02, 1.12);
        // Averages (人均…) do not add over towns: they are reported for the district alone.
        const isAverage = /人均|平均/.test(indicator.name);
        // Counted things (个, 家, 列 …) come in whole numbers per town.
        const isCount = countUnits.has(indicator.unit);
        for (const [year, total] of [
          [input.year - 1, lastYear],
          [input.year, annual],
        ] as const) {
          for (const period of periodsOf(year)) {
            if (!isIncluded(period.id, year)) continue;
            const amount = total * weightOf(period.id) * between(0.92, 1.08);
            if (isAverage) {
              push(indicator.code, input.districtCode, period.id, amount);
              continue;
            }
            input.townCodes.forEach((town, i) => {
              const share = (amount * (townWeights[i] ?? 1)) / townTotal;
              push(indicator.code, town, period.id, isCount ? Math.round(share) : share);
            });
          }
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
