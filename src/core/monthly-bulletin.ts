/**
 * The 月通报 as a view model: headline indicators (1—N月累计, 同比, 序时), the targets that
 * lag with the reason their assessment gives, and timeliness of reporting — every figure
 * worded once (wording.ts), from the data at a stated 数据截至. Renderers only lay it out.
 */
import type { DocumentTarget } from './document-target.ts';
import {
  describeActual,
  describeTargetValue,
  isLagging,
  yearOnYearPercent,
} from './document-target.ts';
import type { Light } from './light-thresholds.ts';
import type { Ranking } from './ranking.ts';
import type { TimelinessRates } from './timeliness.ts';
import {
  describeChange,
  describeCumulative,
  describeDate,
  describeGapToExpected,
  formatDecimal,
  formatShare,
} from './wording.ts';

export interface BulletinInput {
  readonly unitName: string;
  readonly year: number;
  /** 数据截至: the end of the last period whose figures count (YYYY-MM-DD), or null with none. */
  readonly dataThrough: string | null;
  readonly dataPartial: boolean;
  readonly asOf: string;
  readonly targets: readonly DocumentTarget[];
  readonly timeliness: {
    readonly overall: TimelinessRates;
    readonly units: readonly ({ readonly unitName: string } & TimelinessRates)[];
  };
  /** The 晒比 of towns, when the bulletin carries one. */
  readonly ranking?: Ranking;
}

export interface BulletinHeadlineRow {
  readonly metric: string;
  readonly target: string;
  readonly span: string;
  readonly cumulative: string;
  readonly yearOnYear: string;
  readonly shareOfTarget: string;
  readonly expected: string;
  readonly progress: string;
  readonly light: Light;
}

export interface BulletinLaggingRow {
  readonly metric: string;
  readonly task: string;
  readonly leadUnits: string;
  readonly light: Light;
  readonly reason: string;
}

export interface BulletinTimelinessRow {
  readonly unitName: string;
  readonly due: number;
  readonly completeness: string;
  readonly timeliness: string;
}

export interface MonthlyBulletin {
  readonly title: string;
  readonly issuer: string;
  /** "数据截至2025年9月30日（已审核数据）". */
  readonly dataThroughText: string;
  readonly dataThrough: string | null;
  readonly summary: string;
  readonly headline: readonly BulletinHeadlineRow[];
  readonly lagging: readonly BulletinLaggingRow[];
  readonly timelinessSummary: string;
  /** Units by timeliness, lowest first. */
  readonly timeliness: readonly BulletinTimelinessRow[];
  /** 镇街晒比: places, scores and the method in words; null without one. */
  readonly ranking: {
    readonly rows: readonly { place: number; unitName: string; score: string }[];
    readonly methodText: string;
  } | null;
}

const lightWords: Record<Light, string> = {
  green: '正常',
  yellow: '滞后',
  red: '严重滞后',
  done: '已完成',
  none: '无数据',
};

/**
 * The 数据截至 line every generated document carries under its title.
 * @example describeDataThrough('2025-09-30', false) // '数据截至2025年9月30日（已审核数据）'
 */
export const describeDataThrough = (through: string | null, partial: boolean): string =>
  through === null
    ? '数据截至：尚无已审核的数据'
    : `数据截至${describeDate(through)}（${partial ? '部分汇总数据未审核完毕' : '已审核数据'}）`;

/** The word for a light in a bulletin (正常/滞后/严重滞后/已完成/无数据). */
export const describeLight = (light: Light): string => lightWords[light];

const share = (value: number | null) => (value === null ? '—' : formatShare(value));

/**
 * Builds the 月通报 from the assessed targets and timeliness. The month is the one 数据截至
 * falls in; a target whose figure runs to an earlier period keeps its own span.
 * @example buildMonthlyBulletin(input).title // '沙坪坝区2025年1—9月计划执行情况通报'
 */
export function buildMonthlyBulletin(input: BulletinInput): MonthlyBulletin {
  const through = input.dataThrough;
  const monthSpan =
    through === null ? null : describeCumulative(through.slice(0, 7).replace('-', ''));
  const spanWords = monthSpan === null ? '' : monthSpan.replace('累计', '');
  const assessed = input.targets.filter(
    (t) => t.assessment.actual !== null && t.assessment.asOfPeriodId !== null,
  );
  const headline = assessed.map((t): BulletinHeadlineRow => {
    const actual = t.assessment.actual ?? 0;
    const yoy = yearOnYearPercent(t);
    return {
      metric: t.indicatorName ?? t.metric,
      target: describeTargetValue(t),
      span: describeCumulative(t.assessment.asOfPeriodId ?? ''),
      cumulative: describeActual(t.measure, actual, t.comparedUnit),
      yearOnYear: yoy === null ? '—' : describeChange(yoy),
      shareOfTarget: t.measure === 'growth' ? '—' : share(t.assessment.shareOfTarget),
      expected: share(t.assessment.expectedShare),
      progress:
        t.assessment.expectedShare !== null && t.assessment.gapPoints !== null
          ? describeGapToExpected(t.assessment.gapPoints)
          : describeLight(t.assessment.light),
      light: t.assessment.light,
    };
  });
  const lagging = input.targets.filter(isLagging).map((t): BulletinLaggingRow => ({
    metric: t.indicatorName ?? t.metric,
    task: t.nodeTitle,
    leadUnits: t.leadUnits.join('、') || '—',
    light: t.assessment.light,
    reason: t.assessment.reason.zh,
  }));
  const counts = { green: 0, yellow: 0, red: 0, done: 0, none: 0 } satisfies Record<Light, number>;
  for (const t of assessed) counts[t.assessment.light] += 1;
  const { overall } = input.timeliness;
  const units = [...input.timeliness.units]
    .filter((u) => u.due > 0)
    .sort(
      (a, b) => (a.timeliness ?? 0) - (b.timeliness ?? 0) || a.unitName.localeCompare(b.unitName),
    );
  return {
    title: `${input.unitName}${input.year}年${spanWords}计划执行情况通报`,
    issuer: input.unitName,
    dataThrough: through,
    dataThroughText: describeDataThrough(through, input.dataPartial),
    summary:
      `纳入监测的${assessed.length}项目标中，已完成${counts.done}项，进度正常${counts.green}项，` +
      `滞后${counts.yellow}项，严重滞后${counts.red}项。`,
    headline,
    lagging,
    timelinessSummary:
      overall.due === 0
        ? '本期无应报数据。'
        : `应报${overall.due}项，已报${overall.present}项，按时报送${overall.onTime}项，` +
          `完整率${share(overall.completeness)}，及时率${share(overall.timeliness)}。`,
    ranking: input.ranking
      ? {
          rows: input.ranking.rows.map((r) => ({
            place: r.place,
            unitName: r.unitName,
            score: formatDecimal(r.score, 1, true),
          })),
          methodText: input.ranking.methodText,
        }
      : null,
    timeliness: units.map((u) => ({
      unitName: u.unitName,
      due: u.due,
      completeness: share(u.completeness),
      timeliness: share(u.timeliness),
    })),
  };
}
