import { describe, expect, it } from 'vitest';
import { buildDocumentTarget } from './document-target.fixture.ts';
import { buildMonthlyBulletin, type BulletinInput } from './monthly-bulletin.ts';

const rates = (due: number, present: number, onTime: number) => ({
  due,
  present,
  onTime,
  completeness: due === 0 ? null : present / due,
  timeliness: due === 0 ? null : onTime / due,
});

const input = (overrides: Partial<BulletinInput> = {}): BulletinInput => ({
  unitName: '沙坪坝区',
  year: 2025,
  dataThrough: '2025-06-30',
  dataPartial: false,
  asOf: '2025-07-20',
  targets: [
    buildDocumentTarget({ lastYearSameSpan: 400 }),
    buildDocumentTarget({
      metric: '城镇新增就业',
      indicatorName: '城镇新增就业人数',
      value: 3,
      unit: '万人',
      comparedUnit: '人',
      leadUnits: ['区人力社保局'],
      assessment: {
        light: 'green',
        actual: 16_500,
        shareOfTarget: 0.55,
        expectedShare: 0.5,
        gapPoints: -5,
        reason: { zh: '1—6月完成55%' },
      },
    }),
    buildDocumentTarget({
      metric: '第一产业增加值',
      indicatorName: '第一产业增加值增速',
      measure: 'growth',
      value: 4,
      unit: '%',
      comparedUnit: '%',
      leadUnits: ['区农业农村委'],
      assessment: {
        light: 'red',
        actual: 2.5,
        shareOfTarget: null,
        expectedShare: null,
        gapPoints: 1.5,
        reason: { zh: '上半年增长2.5%，目标增长4%，低1.5个百分点' },
        asOfPeriodId: '2025Q2',
      },
    }),
    buildDocumentTarget({
      metric: '耕地保有量',
      assessment: { light: 'none', actual: null, asOfPeriodId: null, standing: 'annual-pending' },
    }),
  ],
  timeliness: {
    overall: rates(40, 38, 35),
    units: [
      { unitName: '井口镇', ...rates(20, 20, 19) },
      { unitName: '歌乐山街道', ...rates(20, 18, 16) },
      { unitName: '未派任务单位', ...rates(0, 0, 0) },
    ],
  },
  ...overrides,
});

describe('buildMonthlyBulletin', () => {
  const bulletin = buildMonthlyBulletin(input());

  it('names the month the data runs to and states 数据截至', () => {
    expect(bulletin.title).toBe('沙坪坝区2025年1—6月计划执行情况通报');
    expect(bulletin.dataThroughText).toBe('数据截至2025年6月30日（已审核数据）');
  });

  it('says when a sum at 数据截至 is partial', () => {
    expect(buildMonthlyBulletin(input({ dataPartial: true })).dataThroughText).toBe(
      '数据截至2025年6月30日（部分汇总数据未审核完毕）',
    );
  });

  it('lists only targets with a figure as headline indicators, with 1—N月累计, 同比 and 序时', () => {
    expect(bulletin.headline).toEqual([
      {
        metric: '新增公共停车泊位',
        target: '1000个以上',
        span: '1—6月累计',
        cumulative: '420个',
        // 420 against 400 in the same months of last year: +5%.
        yearOnYear: '增长5.0%',
        shareOfTarget: '42.0%',
        expected: '50.0%',
        progress: '落后序时进度8.0个百分点',
        light: 'yellow',
      },
      {
        metric: '城镇新增就业人数',
        target: '3万人以上',
        span: '1—6月累计',
        cumulative: '1.65万人',
        yearOnYear: '—',
        shareOfTarget: '55.0%',
        expected: '50.0%',
        progress: '快于序时进度5.0个百分点',
        light: 'green',
      },
      {
        metric: '第一产业增加值增速',
        target: '增长4%以上',
        span: '上半年',
        cumulative: '增长2.5%',
        yearOnYear: '增长2.5%',
        shareOfTarget: '—',
        expected: '—',
        progress: '严重滞后',
        light: 'red',
      },
    ]);
  });

  it('lists lagging targets with the reason their assessment gives and their lead units', () => {
    expect(bulletin.lagging).toEqual([
      {
        metric: '新增公共停车泊位',
        task: '26.大力推动缓堵促畅',
        leadUnits: '区住房城乡建委',
        light: 'yellow',
        reason: '1—6月完成42%，序时进度50%，落后8个百分点',
      },
      {
        metric: '第一产业增加值增速',
        task: '26.大力推动缓堵促畅',
        leadUnits: '区农业农村委',
        light: 'red',
        reason: '上半年增长2.5%，目标增长4%，低1.5个百分点',
      },
    ]);
  });

  it('counts the lights of the targets with a figure', () => {
    expect(bulletin.summary).toBe(
      '纳入监测的3项目标中，已完成0项，进度正常1项，滞后1项，严重滞后1项。',
    );
  });

  it('states timeliness overall and lists units lowest first, leaving out units with nothing due', () => {
    expect(bulletin.timelinessSummary).toBe(
      '应报40项，已报38项，按时报送35项，完整率95.0%，及时率87.5%。',
    );
    expect(bulletin.timeliness.map((u) => [u.unitName, u.timeliness])).toEqual([
      ['歌乐山街道', '80.0%'],
      ['井口镇', '95.0%'],
    ]);
  });

  it('carries the 晒比 with its method text when given one, and none otherwise', () => {
    expect(bulletin.ranking).toBeNull();
    const ranked = buildMonthlyBulletin(
      input({
        ranking: {
          rows: [{ place: 1, unitCode: 'A', unitName: '井口镇', score: 87.25, parts: {} }],
          excluded: [],
          methodText: '排名方法：……',
          methodTextEn: 'Method: …',
        },
      }),
    );
    expect(ranked.ranking).toEqual({
      rows: [{ place: 1, unitName: '井口镇', score: '87.3' }],
      methodText: '排名方法：……',
    });
  });

  it('says so when no figure counts yet', () => {
    const empty = buildMonthlyBulletin(input({ dataThrough: null, targets: [] }));
    expect(empty.dataThroughText).toBe('数据截至：尚无已审核的数据');
    expect(empty.headline).toEqual([]);
  });
});
