/**
 * Fair rankings (晒比) of towns or departments. Each criterion compares a unit with itself
 * or with its own plan — completion against 序时进度, growth against its own base, timeliness
 * of reporting, blockers closed on time — so that a small town or one that starts high is not
 * punished for its size. Criteria are normalised, weighted and summed; a unit missing a
 * criterion, or whose base is too small for a growth rate to mean anything, is excluded and
 * the reason said. The method text is generated from the configuration, never written by hand.
 */
import { assertNever } from './assert-never.ts';
import { formatDecimal } from './wording.ts';

export type RankingCriterionKind =
  'completion-vs-expected' | 'growth-vs-own-base' | 'timeliness' | 'blockers-on-time';

export interface RankingCriterion {
  readonly kind: RankingCriterionKind;
  /** Share of the score (weights are rescaled to sum to 1). */
  readonly weight: number;
}

export interface RankingMethod {
  readonly criteria: readonly RankingCriterion[];
  /** min-max: each criterion to 0–100 over the units ranked; rank: 100 for the best down to 0. */
  readonly normalisation: 'min-max' | 'rank';
  /** Growth is left out for a unit whose base last year is below this (a tiny base makes wild rates). */
  readonly minimumBase: number;
  /** Scores within this many points share a place. */
  readonly tieTolerance: number;
}

/** One unit's raw figures; null where it has none. */
export interface RankingInput {
  readonly unitCode: string;
  readonly unitName: string;
  /** Share done over expected share (1 = on schedule). */
  readonly completionVsExpected: number | null;
  /** Growth in percent against the unit's own base, and that base. */
  readonly growthPercent: number | null;
  readonly base: number | null;
  /** Share of due reports on time (1 = 100%). */
  readonly timeliness: number | null;
  /** Share of blockers closed by their deadline (1 = 100%). */
  readonly blockersOnTime: number | null;
}

export interface RankingRow {
  readonly place: number;
  readonly unitCode: string;
  readonly unitName: string;
  readonly score: number;
  readonly parts: Readonly<Partial<Record<RankingCriterionKind, number>>>;
}

export interface Ranking {
  readonly rows: readonly RankingRow[];
  readonly excluded: readonly {
    readonly unitCode: string;
    readonly unitName: string;
    readonly reason: string;
    readonly reasonEn: string;
  }[];
  readonly methodText: string;
  /** The method text in English, built from the same configuration by the same rule. */
  readonly methodTextEn: string;
}

export const criterionNames: Record<RankingCriterionKind, string> = {
  'completion-vs-expected': '目标完成进度与序时进度之比',
  'growth-vs-own-base': '较自身上年基数的增速',
  timeliness: '数据报送及时率',
  'blockers-on-time': '问题按期销号率',
};

export const criterionNamesEn: Record<RankingCriterionKind, string> = {
  'completion-vs-expected': 'progress against expected progress',
  'growth-vs-own-base': 'growth on its own base last year',
  timeliness: 'reporting on time',
  'blockers-on-time': 'blockers closed on time',
};

const rawOf = (u: RankingInput, kind: RankingCriterionKind): number | null => {
  switch (kind) {
    case 'completion-vs-expected':
      return u.completionVsExpected;
    case 'growth-vs-own-base':
      return u.growthPercent;
    case 'timeliness':
      return u.timeliness;
    case 'blockers-on-time':
      return u.blockersOnTime;
    default:
      return assertNever(kind);
  }
};

/**
 * Ranks units by the method. Places follow competition ranking (1, 1, 3) within the tie
 * tolerance; the order of tied units is by unit code, for a stable table.
 * @example computeRanking(towns, { criteria: [{ kind: 'timeliness', weight: 1 }], normalisation: 'min-max', minimumBase: 0, tieTolerance: 0 })
 */
export function computeRanking(units: readonly RankingInput[], method: RankingMethod): Ranking {
  const criteria = method.criteria.filter((c) => c.weight > 0);
  const totalWeight = criteria.reduce((s, c) => s + c.weight, 0) || 1;
  const excluded: { unitCode: string; unitName: string; reason: string; reasonEn: string }[] = [];
  const ranked = units.filter((u) => {
    for (const c of criteria) {
      if (
        c.kind === 'growth-vs-own-base' &&
        (u.base === null || Math.abs(u.base) < method.minimumBase)
      ) {
        excluded.push({
          unitCode: u.unitCode,
          unitName: u.unitName,
          reason: `上年基数${u.base === null ? '缺失' : `${formatDecimal(u.base, 2)}低于${method.minimumBase}`}，增速不可比`,
          reasonEn: `${u.base === null ? 'no base last year' : `base last year ${formatDecimal(u.base, 2)} below ${method.minimumBase}`}: growth not comparable`,
        });
        return false;
      }
      if (rawOf(u, c.kind) === null) {
        excluded.push({
          unitCode: u.unitCode,
          unitName: u.unitName,
          reason: `缺少“${criterionNames[c.kind]}”数据`,
          reasonEn: `no data for “${criterionNamesEn[c.kind]}”`,
        });
        return false;
      }
    }
    return true;
  });
  const normalised = new Map<string, Partial<Record<RankingCriterionKind, number>>>();
  for (const c of criteria) {
    const values = ranked.map((u) => rawOf(u, c.kind) ?? 0);
    const min = Math.min(...values);
    const max = Math.max(...values);
    const sorted = [...values].sort((a, b) => b - a);
    ranked.forEach((u, i) => {
      const v = values[i] ?? 0;
      const points =
        method.normalisation === 'min-max'
          ? max === min
            ? 100
            : ((v - min) / (max - min)) * 100
          : ranked.length <= 1
            ? 100
            : ((ranked.length - 1 - sorted.indexOf(v)) / (ranked.length - 1)) * 100;
      normalised.set(u.unitCode, { ...normalised.get(u.unitCode), [c.kind]: points });
    });
  }
  const scored = ranked
    .map((u) => {
      const parts = normalised.get(u.unitCode) ?? {};
      const score = criteria.reduce(
        (s, c) => s + ((parts[c.kind] ?? 0) * c.weight) / totalWeight,
        0,
      );
      return { unitCode: u.unitCode, unitName: u.unitName, score, parts };
    })
    .sort((a, b) => b.score - a.score || a.unitCode.localeCompare(b.unitCode));
  const rows: RankingRow[] = [];
  scored.forEach((s, i) => {
    const previous = rows[i - 1];
    const place =
      previous && previous.score - s.score <= method.tieTolerance ? previous.place : i + 1;
    rows.push({ ...s, place });
  });
  return {
    rows,
    excluded,
    methodText: describeRankingMethod(method, excluded),
    methodTextEn: describeRankingMethodEn(method, excluded),
  };
}

/**
 * The method, in words generated from the configuration, to print next to the ranking.
 * @example describeRankingMethod({ criteria: [{ kind: 'timeliness', weight: 1 }], … }, [])
 * // '排名方法：按数据报送及时率（权重100%）计算综合得分。…'
 */
export function describeRankingMethod(
  method: RankingMethod,
  excluded: readonly { readonly unitName: string; readonly reason: string }[],
): string {
  const criteria = method.criteria.filter((c) => c.weight > 0);
  const total = criteria.reduce((s, c) => s + c.weight, 0) || 1;
  const parts = criteria
    .map((c) => `${criterionNames[c.kind]}（权重${formatDecimal((c.weight / total) * 100, 1)}%）`)
    .join('、');
  const normalisation =
    method.normalisation === 'min-max'
      ? '各项先按极差标准化为0—100分（最低者0分、最高者100分）'
      : '各项先按名次折算为0—100分（第一名100分、末名0分）';
  const fairness =
    '各项均与本单位自身比较（完成进度对照序时进度、增速对照本单位上年基数），不直接比较总量，规模小或基数高的单位不因此吃亏';
  const base =
    criteria.some((c) => c.kind === 'growth-vs-own-base') && method.minimumBase > 0
      ? `上年基数低于${method.minimumBase}的单位增速不可比，不参加排名`
      : '';
  const ties =
    method.tieTolerance > 0
      ? `得分相差不超过${method.tieTolerance}分的并列同一名次`
      : '得分相同的并列同一名次';
  const out =
    excluded.length === 0
      ? '全部单位均参加排名'
      : `未参加排名的单位：${excluded.map((e) => `${e.unitName}（${e.reason}）`).join('；')}`;
  return `排名方法：按${parts}计算综合得分。${normalisation}，再按权重加总。${fairness}。${base ? `${base}。` : ''}${ties}。${out}。`;
}

/**
 * The method in English, sentence for sentence as `describeRankingMethod` words it; units not
 * ranked are named as the registry names them (data, not translated).
 */
export function describeRankingMethodEn(
  method: RankingMethod,
  excluded: readonly { readonly unitName: string; readonly reasonEn: string }[],
): string {
  const criteria = method.criteria.filter((c) => c.weight > 0);
  const total = criteria.reduce((s, c) => s + c.weight, 0) || 1;
  const parts = criteria
    .map(
      (c) => `${criterionNamesEn[c.kind]} (weight ${formatDecimal((c.weight / total) * 100, 1)}%)`,
    )
    .join(', ');
  const normalisation =
    method.normalisation === 'min-max'
      ? 'Each criterion is first scaled to 0–100 between the lowest (0) and the highest (100)'
      : 'Each criterion is first turned into 0–100 points by rank (first 100, last 0)';
  const fairness =
    'Every criterion compares a unit with itself (progress against expected progress, growth against its own base last year), never raw totals, so a small unit or one with a high base is not penalised';
  const base =
    criteria.some((c) => c.kind === 'growth-vs-own-base') && method.minimumBase > 0
      ? `A unit whose base last year is below ${method.minimumBase} has no comparable growth and is not ranked. `
      : '';
  const ties =
    method.tieTolerance > 0
      ? `Scores within ${method.tieTolerance} points of each other share a place`
      : 'Equal scores share a place';
  const out =
    excluded.length === 0
      ? 'Every unit is ranked'
      : `Not ranked: ${excluded.map((e) => `${e.unitName} (${e.reasonEn})`).join('; ')}`;
  return `Method: the score combines ${parts}. ${normalisation}, then weighted and summed. ${fairness}. ${base}${ties}. ${out}.`;
}
