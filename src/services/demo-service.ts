/**
 * Loads the demo — Shapingba's units, an indicator registry and the 2025 plan
 * read from the seed report — into an empty database, plus simulated monthly
 * data marked as such. The data comes in as parsed JSON (examples/shapingba-2025/).
 */
import { convertQuantity } from '../core/measure-unit.ts';
import type { ObservationInput } from '../core/observation.ts';
import { addDays, parsePeriod } from '../core/period.ts';
import { computeDueDate, defaultDueRules } from '../core/timeliness.ts';
import type { LantuDatabase } from '../store/database.ts';
import { createRegistryRepository } from '../store/registry-repository.ts';
import { stampSimulatedSubmission } from '../store/timeliness-repository.ts';
import type { ExtractedPlan } from '../extract/extracted-plan.ts';
import { simulateDemoDispatch } from './demo-dispatch.ts';
import { simulateDemoObservations } from './demo-simulation.ts';
import { stageCountIndicatorCodes } from './project-stage-count-service.ts';
import type { ObservationService } from './observation-service.ts';
import { importPlanFrom } from './plan-import.ts';
import type { PlanService } from './plan-service.ts';
import type { ProjectService } from './project-service.ts';
import type { Actor } from './ports.ts';
import type { IndicatorInput, RegistryService, UnitInput } from './registry-service.ts';

export interface DemoData {
  readonly units: { units: readonly UnitInput[] };
  readonly indicators: {
    categories: readonly {
      code: string;
      name: string;
      nameEn?: string;
      parentCode: string | null;
    }[];
    indicators: readonly IndicatorInput[];
  };
  readonly plan: ExtractedPlan;
  readonly planDocument: string;
  /** The project office's list (examples/shapingba-2025/projects.xlsx, simulated), when there is one. */
  readonly projectList?: { readonly fileName: string; readonly content: Buffer };
}

export interface DemoServices {
  readonly registry: RegistryService;
  readonly plans: PlanService;
  readonly observations: ObservationService;
  /** When given, the simulated data also gets simulated submission dates, for timeliness. */
  readonly database?: LantuDatabase;
  /** When given with the data's project list, the demo's key projects are imported too. */
  readonly projects?: ProjectService;
}

export async function loadDemo(
  data: DemoData,
  services: DemoServices,
  actor: Actor,
  onProgress: (step: string) => void = () => {},
) {
  onProgress('units');
  for (const unit of data.units.units) await services.registry.createUnit(unit, actor);
  onProgress('indicators');
  for (const category of data.indicators.categories)
    await services.registry.createCategory(category, actor);
  for (const indicator of data.indicators.indicators)
    await services.registry.createIndicator(indicator, actor);

  onProgress('plan');
  const district = data.units.units.find((u) => u.kind === 'region' && u.parentCode === null);
  if (!district) throw new Error('the demo has no district');
  const imported = await importPlanFrom(
    services,
    { fileName: data.planDocument, extracted: data.plan, text: JSON.stringify(data.plan) },
    { unitCode: district.code },
    actor,
  );

  onProgress('simulated data');
  const tree = await services.plans.getPlanTree(imported.planId);
  const targets = new Map<string, number>();
  const visit = (nodes: typeof tree.nodes) => {
    for (const n of nodes) {
      for (const t of n.targets) {
        if (!t.indicator || t.value === null || targets.has(t.indicator.code)) continue;
        try {
          const value =
            t.measure === 'growth' ? t.value : convertQuantity(t.value, t.unit, t.indicator.unit);
          targets.set(t.indicator.code, value);
        } catch {
          // A target in another dimension than its indicator: the simulation picks its own scale.
        }
      }
      visit(n.children);
    }
  };
  visit(tree.nodes);
  const towns = data.units.units.filter(
    (u) => u.kind === 'region' && u.parentCode === district.code,
  );
  // The report's results for last year, as the importer recorded them: the simulation meets them.
  const lastYearResults = new Map<string, number>();
  for (const indicator of data.indicators.indicators) {
    const series = await services.observations.getSeries(indicator.code, district.code, {
      from: String(tree.year - 1),
      to: String(tree.year - 1),
    });
    const result = series.points.find(
      (p) => p.periodId === String(tree.year - 1) && p.source === 'document',
    );
    if (result?.own !== null && result?.own !== undefined)
      lastYearResults.set(indicator.code, result.own);
  }
  // Counts of new starts and completions are made from the project registry below, when the
  // demo has one: simulated figures there would contradict its own list.
  const countedFromProjects = new Set<string>(
    data.projectList && services.projects ? Object.values(stageCountIndicatorCodes) : [],
  );
  const throughMonth = 9;
  const rows = simulateDemoObservations({
    indicators: data.indicators.indicators
      .filter((i) => !countedFromProjects.has(i.code))
      .map((i) => ({ ...i, cadence: i.cadence })),
    districtCode: district.code,
    townCodes: towns.map((t) => t.code),
    targets,
    lastYearResults,
    year: tree.year,
    throughMonth,
    seed: 20250225,
  });
  const written = await services.observations.writeObservations(rows, actor, {
    reason: '演示数据（模拟） demo data (simulated)',
    provenance: { source: 'simulated', state: 'approved', comment: '演示数据（模拟）' },
  });
  if (!written.ok)
    throw new Error(`demo data rejected: ${JSON.stringify(written.problems.slice(0, 3))}`);
  if (services.database) await stampSubmissions(services.database, rows);
  if (data.projectList && services.projects) {
    onProgress('key projects');
    await services.projects.importProjects({ ...data.projectList, year: tree.year }, actor);
    // The months the simulation covers, counted from the registry just imported.
    for (let month = 1; month <= throughMonth; month++)
      await services.projects.syncStageCounts(
        `${tree.year}${String(month).padStart(2, '0')}`,
        district.code,
        actor,
      );
    onProgress('key projects: 旬调度 (simulated)');
    await simulateDemoDispatch(services.projects, actor);
  }
  return {
    planId: imported.planId,
    targets: imported.targets,
    observations: imported.observations + written.written,
  };
}

/**
 * Simulated submission dates: most units report a few days before the due day, about one
 * in eight (by a fixed hash of unit and period) a few days after, so that the timeliness
 * page has something true-to-life to show. One UPDATE per unit × period keeps it short.
 */
async function stampSubmissions(database: LantuDatabase, rows: readonly ObservationInput[]) {
  const units = await createRegistryRepository(database.db).listUnits();
  const idOf = new Map(units.map((u) => [u.code, u.id]));
  const cells = new Map<string, { unitId: string; periodId: string }>();
  for (const r of rows) {
    const unitId = idOf.get(r.unitCode);
    if (unitId) cells.set(`${unitId}|${r.periodId}`, { unitId, periodId: r.periodId });
  }
  await database.db.transaction().execute(async (trx) => {
    for (const [key, cell] of cells) {
      let hash = 0;
      for (const ch of key) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
      const due = computeDueDate(parsePeriod(cell.periodId), defaultDueRules);
      const offset = hash % 8 === 0 ? 1 + (hash % 9) : -1 - (hash % 6);
      const submittedOn = addDays(due, offset);
      await stampSimulatedSubmission(trx, cell, submittedOn);
    }
  });
}
