/**
 * The district summary of key projects: counts by stage, the year's investment against plan
 * and 序时 by kind, level and town (approved actuals only), and active blockers by age.
 * Two grouped queries answer it; what is added up here are their groups, never the rows.
 */
import { blockerAgeDays, isBlockerActive } from '../core/blocker.ts';
import { computeExpectedProgress } from '../core/expected-progress.ts';
import { addDays } from '../core/period.ts';
import { projectKinds, projectLevels, projectStages } from '../core/project.ts';
import {
  findUnitNames,
  latestPlanYear,
  sumBlockerGroups,
  sumProjectGroups,
  type ProjectGroupTotals,
} from '../store/project-summary-repository.ts';
import type { ServiceDeps } from './ports.ts';

interface GroupSum {
  key: string | null;
  planYuan: number;
  actualYuan: number;
  projects: number;
}

/** The groups added up by one key, in the order of `order` (unknown keys after, by key). */
function foldBy(
  groups: readonly ProjectGroupTotals[],
  keyOf: (g: ProjectGroupTotals) => string | null,
  order: readonly (string | null)[] = [],
): GroupSum[] {
  const sums = new Map<string | null, GroupSum>();
  for (const g of groups) {
    const key = keyOf(g);
    const sum = sums.get(key) ?? { key, planYuan: 0, actualYuan: 0, projects: 0 };
    sum.planYuan += g.planYuan;
    sum.actualYuan += g.actualYuan;
    sum.projects += g.projects;
    sums.set(key, sum);
  }
  const rank = (key: string | null) => {
    const i = order.indexOf(key);
    return i < 0 ? order.length : i;
  };
  return [...sums.values()].sort(
    (a, b) => rank(a.key) - rank(b.key) || String(a.key ?? '').localeCompare(String(b.key ?? '')),
  );
}

export function createProjectSummaryService(deps: ServiceDeps) {
  const { db } = deps.database;

  /** The summary of a year; without one, of the latest year the registry has plans for, else this year. */
  async function getDistrictSummary(requestedYear?: number) {
    const today = deps.clock.today();
    const year = requestedYear ?? (await latestPlanYear(db)) ?? Number(today.slice(0, 4));
    const through = `${today.slice(0, 4)}${today.slice(5, 7)}`;
    const throughPeriodId = Number(today.slice(0, 4)) > year ? `${year}12` : through;
    const [groups, blockerGroups] = await Promise.all([
      sumProjectGroups(db, year, throughPeriodId),
      sumBlockerGroups(db, today, [addDays(today, -30), addDays(today, -90)]),
    ]);
    const byTown = foldBy(groups, (g) => g.townUnitId, [null]);
    const townNames = await findUnitNames(
      db,
      byTown.map((g) => g.key).filter((k): k is string => k !== null),
    );
    const named = (sums: readonly GroupSum[], nameOf: (key: string) => string | undefined) =>
      sums.map((g) => ({ ...g, name: g.key === null ? null : (nameOf(g.key) ?? g.key) }));
    const stageCounts = foldBy(groups, (g) => g.stage, projectStages).map((g) => ({
      stage: g.key as string,
      count: g.projects,
    }));
    const planYuan = groups.reduce((a, g) => a + g.planYuan, 0);
    const actualYuan = groups.reduce((a, g) => a + g.actualYuan, 0);

    const active = blockerGroups.filter((g) => isBlockerActive(g.state));
    const sumOf = (
      rows: typeof blockerGroups,
      pick: (g: (typeof blockerGroups)[number]) => number,
    ) => rows.reduce((a, g) => a + pick(g), 0);
    const activeCount = sumOf(active, (g) => g.blockers);
    const within30 = sumOf(active, (g) => g.raisedOnOrAfter[0] ?? 0);
    const within90 = sumOf(active, (g) => g.raisedOnOrAfter[1] ?? 0);
    const units = new Map<string, (typeof blockerGroups)[number][]>();
    for (const g of blockerGroups) units.set(g.unit.code, [...(units.get(g.unit.code) ?? []), g]);
    return {
      year,
      asOf: today,
      stageCounts,
      total: {
        planYuan,
        actualYuan,
        shareOfPlan: planYuan > 0 ? actualYuan / planYuan : null,
        expectedShare: computeExpectedProgress(today, year),
      },
      byKind: named(
        foldBy(groups, (g) => g.kind, projectKinds),
        (k) => k,
      ),
      byLevel: named(
        foldBy(groups, (g) => g.level, projectLevels),
        (k) => k,
      ),
      byTown: named(byTown, (id) => townNames.get(id)),
      blockers: {
        active: activeCount,
        overdue: sumOf(active, (g) => g.overdue),
        ageDays: {
          upTo30: within30,
          from31To90: within90 - within30,
          over90: activeCount - within90,
        },
        // 卡点 age and on-time 销号 per solving unit, for the 旬调度 and 月通报.
        byUnit: [...units.values()].map((rows) => {
          const open = rows.filter((g) => isBlockerActive(g.state));
          const oldest = open
            .map((g) => g.oldestRaisedOn)
            .filter((d): d is string => d !== null)
            .sort()[0];
          const closed = sumOf(rows, (g) => g.closed);
          const closedOnTime = sumOf(rows, (g) => g.closedOnTime);
          return {
            unit: rows[0]!.unit,
            active: sumOf(open, (g) => g.blockers),
            overdue: sumOf(open, (g) => g.overdue),
            oldestActiveAgeDays: oldest === undefined ? null : blockerAgeDays(oldest, null, today),
            closed,
            closedOnTime,
            onTimeClosureRate: closed > 0 ? closedOnTime / closed : null,
          };
        }),
      },
    };
  }

  return { getDistrictSummary };
}
