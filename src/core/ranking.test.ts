import { describe, expect, it } from 'vitest';
import {
  computeRanking,
  describeRankingMethod,
  describeRankingMethodEn,
  type RankingInput,
  type RankingMethod,
} from './ranking.ts';

const town = (overrides: Partial<RankingInput> & { unitCode: string }): RankingInput => ({
  unitName: overrides.unitCode,
  completionVsExpected: 1,
  growthPercent: 5,
  base: 1000,
  timeliness: 1,
  blockersOnTime: 1,
  ...overrides,
});

const method: RankingMethod = {
  criteria: [
    { kind: 'completion-vs-expected', weight: 2 },
    { kind: 'growth-vs-own-base', weight: 1 },
    { kind: 'timeliness', weight: 1 },
  ],
  normalisation: 'min-max',
  minimumBase: 100,
  tieTolerance: 0,
};

describe('computeRanking', () => {
  it('ranks a small town on schedule above a large one behind it: size does not count', () => {
    const ranking = computeRanking(
      [
        // The large town did more in absolute terms but is behind its own schedule.
        town({ unitCode: 'BIG', completionVsExpected: 0.8, growthPercent: 4, base: 500_000 }),
        town({ unitCode: 'SMALL', completionVsExpected: 1.1, growthPercent: 6, base: 2_000 }),
      ],
      method,
    );
    expect(ranking.rows.map((r) => [r.place, r.unitCode, r.score])).toEqual([
      // SMALL is best on every criterion except timeliness (a tie at 100): 100 points.
      [1, 'SMALL', 100],
      // BIG: 0 on completion and growth, 100 on timeliness (weight 1 of 4): 25 points.
      [2, 'BIG', 25],
    ]);
  });

  it('leaves out a unit whose base is too small for its growth to compare, and says why', () => {
    const ranking = computeRanking(
      [
        town({ unitCode: 'A' }),
        town({ unitCode: 'TINY', unitName: '微小镇', base: 40, growthPercent: 300 }),
      ],
      method,
    );
    expect(ranking.rows.map((r) => r.unitCode)).toEqual(['A']);
    expect(ranking.excluded).toEqual([
      {
        unitCode: 'TINY',
        unitName: '微小镇',
        reason: '上年基数40低于100，增速不可比',
        reasonEn: 'base last year 40 below 100: growth not comparable',
      },
    ]);
  });

  it('leaves out a unit missing a criterion rather than scoring it zero', () => {
    const ranking = computeRanking(
      [town({ unitCode: 'A' }), town({ unitCode: 'B', unitName: '乙街道', timeliness: null })],
      method,
    );
    expect(ranking.excluded).toEqual([
      {
        unitCode: 'B',
        unitName: '乙街道',
        reason: '缺少“数据报送及时率”数据',
        reasonEn: 'no data for “reporting on time”',
      },
    ]);
  });

  it('gives tied scores the same place and skips the next (1, 1, 3)', () => {
    const ranking = computeRanking(
      [
        town({ unitCode: 'A', timeliness: 0.9 }),
        town({ unitCode: 'B', timeliness: 0.9 }),
        town({ unitCode: 'C', timeliness: 0.5 }),
      ],
      { ...method, criteria: [{ kind: 'timeliness', weight: 1 }] },
    );
    expect(ranking.rows.map((r) => [r.place, r.unitCode])).toEqual([
      [1, 'A'],
      [1, 'B'],
      [3, 'C'],
    ]);
  });

  it('scores by place under rank normalisation', () => {
    const ranking = computeRanking(
      [
        town({ unitCode: 'A', timeliness: 0.99 }),
        town({ unitCode: 'B', timeliness: 0.98 }),
        town({ unitCode: 'C', timeliness: 0.2 }),
      ],
      { ...method, normalisation: 'rank', criteria: [{ kind: 'timeliness', weight: 1 }] },
    );
    expect(ranking.rows.map((r) => r.score)).toEqual([100, 50, 0]);
  });
});

describe('describeRankingMethod', () => {
  it('writes the weights, normalisation, fairness rule, base rule, ties and exclusions from the configuration', () => {
    expect(
      describeRankingMethod(method, [
        { unitName: '微小镇', reason: '上年基数40低于100，增速不可比' },
      ]),
    ).toBe(
      '排名方法：按目标完成进度与序时进度之比（权重50%）、较自身上年基数的增速（权重25%）、数据报送及时率（权重25%）计算综合得分。' +
        '各项先按极差标准化为0—100分（最低者0分、最高者100分），再按权重加总。' +
        '各项均与本单位自身比较（完成进度对照序时进度、增速对照本单位上年基数），不直接比较总量，规模小或基数高的单位不因此吃亏。' +
        '上年基数低于100的单位增速不可比，不参加排名。得分相同的并列同一名次。' +
        '未参加排名的单位：微小镇（上年基数40低于100，增速不可比）。',
    );
  });

  it('changes with the configuration', () => {
    const text = describeRankingMethod(
      {
        criteria: [{ kind: 'timeliness', weight: 3 }],
        normalisation: 'rank',
        minimumBase: 0,
        tieTolerance: 0.5,
      },
      [],
    );
    expect(text).toContain('数据报送及时率（权重100%）');
    expect(text).toContain('按名次折算为0—100分');
    expect(text).toContain('得分相差不超过0.5分的并列同一名次');
    expect(text).toContain('全部单位均参加排名');
    expect(text).not.toContain('基数低于');
  });
});

describe('describeRankingMethodEn', () => {
  it('says in English, sentence for sentence, what the Chinese method text says', () => {
    expect(
      describeRankingMethodEn(method, [
        { unitName: '微小镇', reasonEn: 'base last year 40 below 100: growth not comparable' },
      ]),
    ).toBe(
      'Method: the score combines progress against expected progress (weight 50%), growth on its own base last year (weight 25%), reporting on time (weight 25%). ' +
        'Each criterion is first scaled to 0–100 between the lowest (0) and the highest (100), then weighted and summed. ' +
        'Every criterion compares a unit with itself (progress against expected progress, growth against its own base last year), never raw totals, so a small unit or one with a high base is not penalised. ' +
        'A unit whose base last year is below 100 has no comparable growth and is not ranked. Equal scores share a place. ' +
        'Not ranked: 微小镇 (base last year 40 below 100: growth not comparable).',
    );
  });

  it('changes with the configuration, as the Chinese does', () => {
    const text = describeRankingMethodEn(
      {
        criteria: [{ kind: 'timeliness', weight: 3 }],
        normalisation: 'rank',
        minimumBase: 0,
        tieTolerance: 0.5,
      },
      [],
    );
    expect(text).toContain('reporting on time (weight 100%)');
    expect(text).toContain('into 0–100 points by rank');
    expect(text).toContain('Scores within 0.5 points of each other share a place');
    expect(text).toContain('Every unit is ranked');
    expect(text).not.toContain('base last year is below');
  });
});
