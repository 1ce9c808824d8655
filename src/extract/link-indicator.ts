import type { Measure } from '../core/measure.ts';

/** The fields of a registry indicator that linking reads. */
export interface LinkableIndicator {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly unit: string;
}

/** A new indicator to propose when a figure's metric matches none in the registry. */
export interface IndicatorProposal {
  name: string;
  unit: string;
  measure: Measure;
}

/**
 * How a figure's metric links to the registry: by name (`exact`), by an alias (`alias`), by a
 * similar name (`close`, only a suggestion the planner confirms), or not at all (`none`,
 * with a proposal for a new indicator).
 */
export interface IndicatorLink {
  match: 'exact' | 'alias' | 'close' | 'none';
  indicatorId: string | null;
  /** 1 for a name or alias; the character-bigram Dice similarity for a close match. */
  score: number;
  proposal: IndicatorProposal | null;
}

/** Options of `linkIndicator`. */
export interface LinkIndicatorOptions {
  /** Least bigram Dice similarity for a close match. Default 0.6. */
  threshold?: number;
  /** The clause that carries the figure, to infer a proposal's measure; else the metric. */
  clause?: string;
}

/** Default least similarity for a close match, tuned on the seed plan's metrics. */
export const DEFAULT_CLOSE_MATCH_THRESHOLD = 0.6;

function normaliseName(text: string): string {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\s“”"'‘’《》「」()（）·]/gu, '')
      // "2025年空气质量优良天数" names the same indicator as "空气质量优良天数": the year is the target's due date.
      .replace(/^(19|20)\d\d年(底|末|前)?/u, '')
  );
}

function bigrams(text: string): string[] {
  const chars = Array.from(text);
  if (chars.length < 2) return chars;
  const grams: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) grams.push(`${chars[i]}${chars[i + 1]}`);
  return grams;
}

/**
 * Dice coefficient of two strings' character bigrams (multisets), after NFKC, lower case and
 * dropping spaces and quotes: 1 for the same name, 0 for nothing in common. The scorer of
 * ../eval uses the same measure for metrics.
 * @example computeBigramDice('空气质量优良天数', '优良天数') // 0.6
 */
export function computeBigramDice(a: string, b: string): number {
  const left = bigrams(normaliseName(a));
  const right = bigrams(normaliseName(b));
  if (left.length === 0 && right.length === 0) return 1;
  if (left.length === 0 || right.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const gram of left) counts.set(gram, (counts.get(gram) ?? 0) + 1);
  let shared = 0;
  for (const gram of right) {
    const count = counts.get(gram) ?? 0;
    if (count > 0) {
      shared++;
      counts.set(gram, count - 1);
    }
  }
  return (2 * shared) / (left.length + right.length);
}

const MAGNITUDE_PREFIX = /^(十|百|千|万|十万|百万|千万|亿|万亿)(?=.)/u;

/** The unit without a magnitude prefix: 亿元 → 元, 万人 → 人, 万平方米 → 平方米. */
function baseUnit(unit: string): string {
  const trimmed = unit.normalize('NFKC').trim();
  if (trimmed.endsWith('百分点')) return '百分点';
  return trimmed.replace(MAGNITUDE_PREFIX, '');
}

/** Whether a figure in `figureUnit` can be a value of an indicator kept in `indicatorUnit`. */
function isUnitCompatible(figureUnit: string, indicatorUnit: string): boolean {
  const figure = baseUnit(figureUnit);
  const indicator = baseUnit(indicatorUnit);
  if (figure === '' || indicator === '') return true;
  if (figure === indicator) return true;
  // A rate moves in percentage points; both read as percentages.
  const percent = new Set(['%', '百分点']);
  return percent.has(figure) && percent.has(indicator);
}

/** An indicator named (or aliased) exactly so, preferring one whose unit fits. */
function lookUpName(
  name: string,
  unit: string,
  indicators: readonly LinkableIndicator[],
): { link: IndicatorLink | null; unitMismatch: LinkableIndicator | null } {
  let unitMismatch: LinkableIndicator | null = null;
  for (const via of ['exact', 'alias'] as const) {
    for (const indicator of indicators) {
      const names = via === 'exact' ? [indicator.name] : indicator.aliases;
      if (!names.some((candidate) => normaliseName(candidate) === name)) continue;
      if (isUnitCompatible(unit, indicator.unit)) {
        return {
          link: { match: via, indicatorId: indicator.id, score: 1, proposal: null },
          unitMismatch: null,
        };
      }
      unitMismatch ??= indicator;
    }
  }
  return { link: null, unitMismatch };
}

const GROWTH_SUFFIXES = ['增速', '增长', '同比增长', '增幅', '同比'];

/**
 * Links a figure's metric (and unit) to an indicator of the registry: by exact name, by an
 * alias, or by a close name (bigram Dice ≥ `threshold`). A growth figure ("GDP增长6.5%") of an
 * amount indicator links to the indicator's growth twin ("地区生产总值增速") when the registry
 * has one. A name or alias whose unit does not fit is only offered as a close match. With no
 * match, proposes a new indicator with the figure's unit and an inferred measure.
 * @example linkIndicator('公共停车泊位', '个', registry) // { match: 'exact', indicatorId: 'parking-spaces', score: 1, proposal: null }
 */
export function linkIndicator(
  metric: string,
  unit: string,
  indicators: readonly LinkableIndicator[],
  options: LinkIndicatorOptions = {},
): IndicatorLink {
  const threshold = options.threshold ?? DEFAULT_CLOSE_MATCH_THRESHOLD;
  const wanted = normaliseName(metric);

  const direct = lookUpName(wanted, unit, indicators);
  if (direct.link !== null) return direct.link;
  if (direct.unitMismatch !== null) {
    // "GDP增长6.5%": the metric names an amount, the figure is its growth; try the growth twin.
    const amount = direct.unitMismatch;
    for (const name of [amount.name, ...amount.aliases, metric]) {
      for (const suffix of GROWTH_SUFFIXES) {
        const twin = lookUpName(normaliseName(`${name}${suffix}`), unit, indicators);
        if (twin.link !== null) return twin.link;
      }
    }
    return { match: 'close', indicatorId: amount.id, score: 1, proposal: null };
  }

  let best: { indicator: LinkableIndicator; score: number } | null = null;
  for (const indicator of indicators) {
    if (!isUnitCompatible(unit, indicator.unit)) continue;
    for (const name of [indicator.name, ...indicator.aliases]) {
      const score = computeBigramDice(metric, name);
      if (score >= threshold && (best === null || score > best.score)) best = { indicator, score };
    }
  }
  if (best !== null) {
    return { match: 'close', indicatorId: best.indicator.id, score: best.score, proposal: null };
  }
  return {
    match: 'none',
    indicatorId: null,
    score: 0,
    proposal: {
      name: metric.trim(),
      unit: baseUnit(unit),
      measure: inferMeasure(options.clause ?? metric, unit),
    },
  };
}

const GROWTH_PATTERN = /(增长|增速|增幅|同比|下降|回落|上涨|减少)/u;
const FLOW_PATTERN =
  /(新增|新建|新开工|完成|建成|开行|实现|引进|招引|签约|发放|改造|整治|培育|打造|接待)/u;
const STOCK_PATTERN = /(达到|达|稳定在|保持|不低于|不少于|控制在|保有|覆盖)/u;

/**
 * Infers what kind of quantity a figure's clause measures: a growth for "增长6.5%" or
 * "同比下降8.6%", a rate for a level in percent or percentage points ("覆盖率稳定在30%",
 * "提升6个百分点"), a flow for "新增 / 新建 / 完成 …", a stock for "达 / 稳定在 / 保持 …";
 * else a flow, the commonest kind of plan figure.
 * @example inferMeasure('空气质量优良天数稳定在310天以上', '天') // 'stock'
 */
export function inferMeasure(text: string, unit: string): Measure {
  const base = baseUnit(unit);
  const isPercent = base === '%';
  const isPoints = base === '百分点';
  if (isPercent && GROWTH_PATTERN.test(text)) return 'growth';
  if (isPercent || isPoints) return 'rate';
  if (FLOW_PATTERN.test(text)) return 'flow';
  if (STOCK_PATTERN.test(text)) return 'stock';
  return 'flow';
}
