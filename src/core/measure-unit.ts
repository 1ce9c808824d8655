import { DomainError } from './domain-error.ts';

/**
 * The unit table of plan figures: every base unit a report writes, the
 * dimension it measures, and the magnitudes (万, 亿 …) that may precede it.
 * Conversions happen only inside a dimension, through this table.
 */

/** What a unit measures; conversions never cross a dimension. */
export type Dimension =
  | 'money'
  | 'foreignMoney'
  | 'people'
  | 'personTrips'
  | 'area'
  | 'landArea'
  | 'length'
  | 'mass'
  | 'ratio'
  | 'ratioPoints'
  | 'duration'
  | 'power'
  | 'containers'
  | 'count';

/** A base unit (written without magnitude) and how many of the dimension's smallest unit it is. */
interface BaseUnit {
  readonly dimension: Dimension;
  readonly scale: number;
}

/**
 * Base units in the order they must be tried when reading text: longer
 * spellings first so that 人次 wins over 人 and 平方公里 over 公里.
 */
const baseUnits: ReadonlyArray<readonly [string, BaseUnit]> = [
  ['百分点', { dimension: 'ratioPoints', scale: 1 }],
  ['平方公里', { dimension: 'area', scale: 1_000_000 }],
  ['平方米', { dimension: 'area', scale: 1 }],
  ['立方米', { dimension: 'count', scale: 1 }],
  ['千瓦时', { dimension: 'count', scale: 1 }],
  ['千瓦', { dimension: 'power', scale: 1 }],
  ['美元', { dimension: 'foreignMoney', scale: 1 }],
  ['人次', { dimension: 'personTrips', scale: 1 }],
  ['标箱', { dimension: 'containers', scale: 1 }],
  ['公里', { dimension: 'length', scale: 1000 }],
  ['公顷', { dimension: 'landArea', scale: 15 }],
  ['小时', { dimension: 'duration', scale: 1 / 24 }],
  ['%', { dimension: 'ratio', scale: 1 }],
  ['元', { dimension: 'money', scale: 1 }],
  ['人', { dimension: 'people', scale: 1 }],
  ['名', { dimension: 'people', scale: 1 }],
  ['米', { dimension: 'length', scale: 1 }],
  ['亩', { dimension: 'landArea', scale: 1 }],
  ['吨', { dimension: 'mass', scale: 1 }],
  ['斤', { dimension: 'mass', scale: 0.0005 }],
  ['天', { dimension: 'duration', scale: 1 }],
  ['年', { dimension: 'duration', scale: 365 }],
  ['岁', { dimension: 'duration', scale: 365 }],
  ['个', { dimension: 'count', scale: 1 }],
  ['家', { dimension: 'count', scale: 1 }],
  ['列', { dimension: 'count', scale: 1 }],
  ['辆', { dimension: 'count', scale: 1 }],
  ['件', { dimension: 'count', scale: 1 }],
  ['条', { dimension: 'count', scale: 1 }],
  ['项', { dimension: 'count', scale: 1 }],
  ['所', { dimension: 'count', scale: 1 }],
  ['户', { dimension: 'count', scale: 1 }],
  ['套', { dimension: 'count', scale: 1 }],
  ['宗', { dimension: 'count', scale: 1 }],
  ['栋', { dimension: 'count', scale: 1 }],
  ['处', { dimension: 'count', scale: 1 }],
  ['次', { dimension: 'count', scale: 1 }],
  ['部', { dimension: 'count', scale: 1 }],
  ['座', { dimension: 'count', scale: 1 }],
  ['台', { dimension: 'count', scale: 1 }],
  ['场', { dimension: 'count', scale: 1 }],
  ['批', { dimension: 'count', scale: 1 }],
  ['间', { dimension: 'count', scale: 1 }],
  ['张', { dimension: 'count', scale: 1 }],
  ['床', { dimension: 'count', scale: 1 }],
  ['只', { dimension: 'count', scale: 1 }],
  ['倍', { dimension: 'count', scale: 1 }],
];

const baseUnitByName = new Map<string, BaseUnit>(baseUnits);

/** Spellings of the base units, longest first, for readers of running text. */
export const baseUnitNames: readonly string[] = baseUnits.map(([name]) => name);

/** Magnitude prefixes, longest first; 万亿 is 1e12, never 万 then 亿. */
export const magnitudes: ReadonlyArray<readonly [string, number]> = [
  ['万亿', 1e12],
  ['千万', 1e7],
  ['百万', 1e6],
  ['十万', 1e5],
  ['亿', 1e8],
  ['万', 1e4],
  ['千', 1e3],
  ['百', 1e2],
];

/**
 * Units that name a magnitude of their own ("个百分点" is 百分点, "万人次" is
 * 人次 × 1e4); the measure word 个 before 百分点 carries no magnitude.
 */
const aliases = new Map<string, string>([
  ['个百分点', '百分点'],
  ['％', '%'],
]);

/** A unit split into its base unit and the factor of its magnitude. */
export interface SplitUnit {
  readonly base: string;
  readonly factor: number;
}

/**
 * Splits a written unit into its magnitude factor and its base unit.
 * @example splitMagnitude('万平方米') // { base: '平方米', factor: 10000 }
 * @example splitMagnitude('亿') // { base: '', factor: 1e8 }
 */
export const splitMagnitude = (unitText: string): SplitUnit => {
  const text = aliases.get(unitText.trim()) ?? unitText.trim();
  if (baseUnitByName.has(text) || text === '') return { base: text, factor: 1 };
  // 千瓦 is a unit of its own, not 千 × 瓦: whole-unit spellings win over prefixes.
  for (const [prefix, factor] of magnitudes) {
    if (!text.startsWith(prefix)) continue;
    const rest = aliases.get(text.slice(prefix.length)) ?? text.slice(prefix.length);
    if (rest === '' || baseUnitByName.has(rest)) return { base: rest, factor };
  }
  return { base: text, factor: 1 };
};

/** The dimension a (possibly magnified) unit measures, or undefined for an unknown unit. */
export const dimensionOf = (unit: string): Dimension | undefined => {
  const { base } = splitMagnitude(unit);
  return baseUnitByName.get(base)?.dimension;
};

/** Whether a text is a base unit of the table (without magnitude). */

/**
 * Converts a value between two units of one dimension through the table.
 * Throws DomainError INVALID_FIGURE across dimensions or for unknown units;
 * count units convert only to themselves (5个 is not 5家).
 * @example convertQuantity(3.3, '万人', '人') // 33000
 */
export const convertQuantity = (value: number, fromUnit: string, toUnit: string): number => {
  const from = splitMagnitude(fromUnit);
  const to = splitMagnitude(toUnit);
  const fromBase = baseUnitByName.get(from.base);
  const toBase = baseUnitByName.get(to.base);
  const fail = (): never => {
    throw new DomainError(
      'INVALID_FIGURE',
      `无法将“${fromUnit}”换算为“${toUnit}”`,
      `cannot convert ${fromUnit} to ${toUnit}`,
      { details: { fromUnit, toUnit } },
    );
  };
  if (!fromBase || !toBase) {
    if (from.base === '' && to.base === '') return (value * from.factor) / to.factor;
    return fail();
  }
  if (fromBase.dimension !== toBase.dimension) return fail();
  if (fromBase.dimension === 'count' && from.base !== to.base) return fail();
  return (value * from.factor * fromBase.scale) / (to.factor * toBase.scale);
};

/**
 * English for the units of measure plans and indicators use (DESIGN.md §4 keeps units with
 * their magnitude, so 万元 and 亿元 are units of their own). A unit not in the table is
 * read as a magnitude (万, 亿) and a base unit that is (`measureUnitEn`).
 */
export const measureUnitsEn: Readonly<Record<string, string>> = {
  '': '',
  '%': '%',
  个: 'units',
  家: 'firms',
  户: 'households',
  人: 'people',
  万人: '10k people',
  人次: 'visits',
  万人次: '10k visits',
  元: 'yuan',
  万元: '10k yuan',
  亿元: '100M yuan',
  亿美元: '100M USD',
  万美元: '10k USD',
  天: 'days',
  年: 'years',
  公里: 'km',
  千米: 'km',
  米: 'm',
  平方米: 'm²',
  万平方米: '10k m²',
  平方公里: 'km²',
  亩: 'mu',
  万亩: '10k mu',
  公顷: 'ha',
  吨: 't',
  万吨: '10k t',
  标箱: 'TEU',
  万标箱: '10k TEU',
  列: 'trains',
  辆: 'vehicles',
  条: 'lines',
  项: 'items',
  座: 'sites',
  所: 'schools',
  张: 'beds',
  套: 'units',
  宗: 'parcels',
  处: 'sites',
  场: 'events',
  件: 'cases',
  台: 'sets',
  次: 'times',
  微克每立方米: 'µg/m³',
  '微克/立方米': 'µg/m³',
  栋: 'buildings',
  百分点: 'points',
  美元: 'USD',
  'μg/m³': 'µg/m³',
  千瓦时: 'kWh',
  万千瓦时: '10k kWh',
  个百分点: 'points',
};

const magnitudeEn: ReadonlyMap<number, string> = new Map([
  [1e4, '10k'],
  [1e8, '100M'],
]);

/**
 * A unit of measure in English, from `measureUnitsEn`, else its magnitude and base unit
 * (万辆 → "10k vehicles"); null when the table has no English for it.
 * @example measureUnitEn('亿元') // '100M yuan'
 */
export const measureUnitEn = (unit: string): string | null => {
  const direct = measureUnitsEn[unit.trim()];
  if (direct !== undefined) return direct;
  const { base, factor } = splitMagnitude(unit);
  const baseEn = measureUnitsEn[base];
  const prefix = magnitudeEn.get(factor);
  return baseEn && prefix ? `${prefix} ${baseEn}` : null;
};
