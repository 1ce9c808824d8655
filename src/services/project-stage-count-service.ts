/**
 * Counts of key projects by stage event (新开工项目, 竣工项目) written as the district's
 * observations of the matching indicators, through the one write path with provenance
 * `project` — the same way approved investment feeds 区级重点项目完成投资 (decision 0007).
 *
 * A month's count is written once the month is over: until then more projects may start in
 * it, and the observation, once written approved, is locked like any reviewed value.
 */
import { DomainError } from '../core/domain-error.ts';
import { parsePeriod } from '../core/period.ts';
import {
  countStageEvents,
  stageEvents,
  type StageCountProject,
  type StageEvent,
} from '../core/project-stage-count.ts';
import { authorize } from '../core/permission.ts';
import {
  findTopRegion,
  findUnitsByCode,
  listStageCountInputs,
} from '../store/project-repository.ts';
import { loadCollectionRegistry } from './collection-context.ts';
import { createObservationService } from './observation-service.ts';
import { systemActor, type Actor, type ServiceDeps } from './ports.ts';

/** The indicator each stage event is the observation of. */
export const stageCountIndicatorCodes: Readonly<Record<StageEvent, string>> = {
  'new-start': 'KEY_PROJECT_NEW_STARTS',
  completion: 'KEY_PROJECT_COMPLETIONS',
};

/** What became of one indicator's value for the month. */
export interface StageCountSync {
  readonly event: StageEvent;
  readonly indicatorCode: string;
  readonly status: 'written' | 'no-indicator' | 'refused';
  readonly value?: number;
  readonly reason?: string;
}

export function createProjectStageCountService(deps: ServiceDeps) {
  const { db } = deps.database;
  const observations = createObservationService(deps);

  /** The registry as the counting rule reads it: one entry per project with its nodes' actual dates. */
  async function readProjects(townPath?: string): Promise<StageCountProject[]> {
    const nodes = Object.values(stageEvents).map((e) => e.node);
    const rows = await listStageCountInputs(db, nodes, townPath);
    const byId = new Map<string, StageCountProject & { actualDates: Record<string, string> }>();
    for (const r of rows) {
      let p = byId.get(r.id);
      if (!p) {
        p = {
          kind: r.kind,
          stage: r.stage,
          startDate: r.start_date,
          finishDate: r.finish_date,
          actualDates: {},
        };
        byId.set(r.id, p);
      }
      if (r.node !== null && r.actual_date !== null) p.actualDates[r.node] = r.actual_date;
    }
    return [...byId.values()] as StageCountProject[];
  }

  /**
   * Writes the month's counts of new starts and completions as a region's approved values of
   * their indicators: the district counts every project, a town those located in it. Needs
   * `observation.review` on the region; refuses a month that is not over yet.
   */
  async function syncStageCounts(
    periodId: string,
    unitCode: string,
    actor: Actor,
  ): Promise<StageCountSync[]> {
    authorize(actor, 'observation.review');
    let period;
    try {
      period = parsePeriod(periodId);
    } catch {
      period = null;
    }
    if (period?.type !== 'month')
      throw new DomainError(
        'INVALID_PERIOD',
        `项目数量按月统计，期间“${periodId}”不是月份`,
        `project counts are made by month; ${periodId} is not a month`,
      );
    if (period.end >= deps.clock.today())
      throw new DomainError(
        'INVALID_PERIOD',
        `${periodId}尚未结束，月末后再统计新开工、竣工项目`,
        `${periodId} is not over; new starts and completions are counted after the month ends`,
      );
    const [region, top] = await Promise.all([
      findUnitsByCode(db, [unitCode]).then((m) => m.get(unitCode)),
      findTopRegion(db),
    ]);
    if (region?.kind !== 'region')
      throw new DomainError('NOT_FOUND', `没有行政区域“${unitCode}”`, `no region ${unitCode}`);
    authorize(actor, 'observation.review', [region.path]);
    const [projects, registry] = await Promise.all([
      // The district counts projects without a town too.
      readProjects(region.id === top?.id ? undefined : region.path),
      loadCollectionRegistry(db),
    ]);
    const present = new Set(
      Object.values(stageCountIndicatorCodes).filter((code) => registry.indicators.has(code)),
    );
    const results: StageCountSync[] = [];
    for (const event of Object.keys(stageEvents) as StageEvent[]) {
      const indicatorCode = stageCountIndicatorCodes[event];
      if (!present.has(indicatorCode)) {
        results.push({ event, indicatorCode, status: 'no-indicator' });
        continue;
      }
      const value = countStageEvents(projects, event, period);
      const written = await observations.writeObservations(
        [{ indicatorCode, unitCode, periodId, value }],
        { ...systemActor, id: `system:projects(${actor.id})`, requestId: actor.requestId },
        {
          reason: `重点项目登记册中${periodId}的${stageEvents[event].zh}`,
          provenance: {
            source: 'project',
            state: 'approved',
            comment: `重点项目统计（${stageEvents[event].zh}${value}个）`,
          },
        },
      );
      results.push(
        written.ok
          ? { event, indicatorCode, status: 'written', value }
          : {
              event,
              indicatorCode,
              status: 'refused',
              reason: written.problems.map((p) => p.reason).join('；'),
            },
      );
    }
    return results;
  }

  return { syncStageCounts, readStageCountProjects: readProjects };
}
