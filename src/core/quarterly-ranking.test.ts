import { describe, expect, it } from 'vitest';
import { buildQuarterlyRanking, quarterOf } from './quarterly-ranking.ts';
import { computeRanking, type RankingMethod } from './ranking.ts';

const method: RankingMethod = {
  criteria: [{ kind: 'timeliness', weight: 1 }],
  normalisation: 'min-max',
  minimumBase: 0,
  tieTolerance: 0,
};
const unit = (unitCode: string, timeliness: number | null) => ({
  unitCode,
  unitName: `${unitCode}街道`,
  completionVsExpected: null,
  growthPercent: null,
  base: null,
  timeliness,
  blockersOnTime: null,
});

describe('the 季晒比', () => {
  it('names the quarter 数据截至 falls in', () => {
    expect([quarterOf('2025-03-31'), quarterOf('2025-09-30'), quarterOf('2025-10-31')]).toEqual([
      1, 3, 4,
    ]);
    expect(quarterOf(null)).toBe(0);
  });

  it('prints each ranking with its method under it, and who was left out', () => {
    const towns = computeRanking([unit('A', 0.9), unit('B', 0.8), unit('C', null)], method);
    const departments = computeRanking([], method);
    const blocks = buildQuarterlyRanking({
      unitName: '沙坪坝区',
      year: 2025,
      dataThrough: '2025-09-30',
      dataPartial: true,
      towns,
      departments,
    });
    const texts = blocks.map((b) =>
      'text' in b ? b.text : b.rows.map((r) => r.join('|')).join('/'),
    );
    expect(texts[0]).toBe('沙坪坝区2025年第三季度晒比通报');
    expect(texts[1]).toBe('数据截至2025年9月30日（部分汇总数据未审核完毕）');
    expect(texts[2]).toContain('本期对3个镇街、0个部门开展晒比');
    expect(texts[2]).toContain('镇街综合得分第一名为A街道');
    expect(texts).toContain('1|A街道|100.0/2|B街道|0.0');
    expect(texts).toContain(towns.methodText);
    expect(towns.methodText).toContain('C街道（缺少“数据报送及时率”数据）');
    expect(texts).toContain('本期无可排名的单位。');
  });
});
