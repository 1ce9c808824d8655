/**
 * The district summary of key projects: counts by stage, the year's investment against plan
 * and 序时 by kind, level and town (approved actuals only), and active blockers by age.
 */
import { blockerAgeDays } from '../core/blocker.ts';
import { computeExpectedProgress } from '../core/expected-progress.ts';
import { addDays } from '../core/period.ts';
import {
  countProjectsByStage,
  latestPlanYear,
  summarizeActiveBlockers,
  summarizeBlockersByUnit,
  sumInvestmentBy,
} from '../store/project-summary-repository.ts';
import type { ServiceDeps } from './ports.ts';

export function createProjectSummaryService(deps: ServiceDeps) {
  const { db } = deps.database;

  /** The summary of a year; without one, of the latest year the registry has plans for, else this year. */
  async function getDistrictSummary(requestedYear?: number) {
    const today = deps.clock.today();
    const year = requestedYear ?? (await latestPlanYear(db)) ?? Number(today.slice(0, 4));
    const through = `${today.slice(0, 4)}${today.slice(5, 7)}`;
    const throughPeriodId = Number(today.slice(0, 4)) > year ? `${year}12` : through;
    const [stages, byKind, byLevel, byTown, blockers, blockersByUnit] = await Promise.all([
      countProjectsByStage(db),
      sumInvestmentBy(db, year, throughPeriodId, 'kind'),
      sumInvestmentBy(db, year, throughPeriodId, 'level'),
      sumInvestmentBy(db, year, throughPeriodId, 'town'),
      summarizeActiveBlockers(db, [addDays(today, -30), addDays(today, -90)], today),
      summarizeBlockersByUnit(db, today),
    ]);
    const planYuan = byKind.reduce((a, g) => a + g.planYuan, 0);
    const actualYuan = byKind.reduce((a, g) => a + g.actualYuan, 0);
    const [within30 = 0, within90 = 0] = blockers.raisedOnOrAfter;
    return {
      year,
      asOf: today,
      stageCounts: stages,
      total: {
        planYuan,
        actualYuan,
        shareOfPlan: planYuan > 0 ? actualYuan / planYuan : null,
        expectedShare: computeExpectedProgress(today, year),
      },
      byKind,
      byLevel,
      byTown,
      blockers: {
        active: blockers.active,
        overdue: blockers.overdue,
        ageDays: {
          upTo30: within30,
          from31To90: within90 - within30,
          over90: blockers.active - within90,
        },
        // 卡点 age and on-time 销号 per solving unit, for the 旬调度 and 月通报.
        byUnit: blockersByUnit.map((u) => ({
          unit: { code: u.code, name: u.name },
          active: u.active,
          overdue: u.overdue,
          oldestActiveAgeDays:
            u.oldestActiveRaisedOn === null
              ? null
              : blockerAgeDays(u.oldestActiveRaisedOn, null, today),
          closed: u.closed,
          closedOnTime: u.closedOnTime,
          onTimeClosureRate: u.closed > 0 ? u.closedOnTime / u.closed : null,
        })),
      },
    };
  }

  return { getDistrictSummary };
}
