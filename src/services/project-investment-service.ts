/**
 * Key projects' investment: the monthly plan, the owner's monthly actuals (draft →
 * submitted → approved, locked; or returned), and the indicator they feed. Once every
 * project line of a month is approved, their sum is written — by this trusted internal
 * caller, through the one write path — as the district's observation of the investment
 * indicator (区级重点项目完成投资), so the plan's target on it is assessed from projects
 * (decision 0007).
 */
import { changedMeanwhile, DomainError } from '../core/domain-error.ts';
import { convertQuantity } from '../core/measure-unit.ts';
import { authorize } from '../core/permission.ts';
import { parsePeriod, yearOfPeriod } from '../core/period.ts';
import {
  computeInvestmentProgress,
  splitAnnualPlan,
  type InvestmentLine,
  type InvestmentProgress,
} from '../core/project-investment.ts';
import { recordChange } from '../store/audit-log.ts';
import { latestPlanYear } from '../store/project-summary-repository.ts';
import { createRegistryRepository } from '../store/registry-repository.ts';
import {
  findInvestmentLine,
  findProjectByCode,
  findProjectYear,
  findTopRegion,
  listInvestmentLines,
  saveInvestmentLine,
  summarizeInvestmentMonth,
  upsertProjectYear,
} from '../store/project-repository.ts';
import type { ProjectInvestmentTable } from '../store/schema.ts';
import { createObservationService } from './observation-service.ts';
import { systemActor, type Actor, type ServiceDeps } from './ports.ts';

/** The indicator projects' approved actuals are the observations of, unless configured. */
export const defaultInvestmentIndicatorCode = 'KEY_PROJECT_INVESTMENT';

/** What became of the indicator's value for a month after a review. */
export type IndicatorSync =
  | { readonly status: 'written'; readonly periodId: string; readonly value: number }
  | {
      readonly status: 'waiting';
      readonly periodId: string;
      readonly approved: number;
      readonly lines: number;
    }
  | { readonly status: 'refused'; readonly periodId: string; readonly reason: string }
  | { readonly status: 'no-indicator'; readonly periodId: string };

export interface ProjectInvestmentView {
  readonly year: number;
  readonly lines: (InvestmentLine & { version: number })[];
  readonly progress: InvestmentProgress;
}

const monthOf = (periodId: string) => {
  let type: string;
  try {
    type = parsePeriod(periodId).type;
  } catch {
    type = '';
  }
  if (type !== 'month')
    throw new DomainError(
      'INVALID_PERIOD',
      `项目投资按月填报，期间“${periodId}”不是月份`,
      `project investment is reported by month; ${periodId} is not a month`,
    );
  return { periodId, year: Number(periodId.slice(0, 4)) };
};

export function createProjectInvestmentService(
  deps: ServiceDeps,
  indicatorCode = defaultInvestmentIndicatorCode,
) {
  const { db } = deps.database;
  const registry = createRegistryRepository(db);
  const observations = createObservationService(deps);

  async function requireProject(code: string) {
    const project = await findProjectByCode(db, code);
    if (!project)
      throw new DomainError('NOT_FOUND', `找不到项目“${code}”`, `Project ${code} not found`);
    return project;
  }

  /** A project's year (without one: the latest year the registry has plans for, else this year). */
  async function getInvestment(
    code: string,
    requestedYear?: number,
  ): Promise<ProjectInvestmentView> {
    const project = await requireProject(code);
    const year =
      requestedYear ?? (await latestPlanYear(db)) ?? Number(deps.clock.today().slice(0, 4));
    const [rows, yearRow] = await Promise.all([
      listInvestmentLines(db, project.id, year),
      findProjectYear(db, project.id, year),
    ]);
    const lines = rows.map((r) => ({
      periodId: r.period_id,
      planYuan: r.plan_yuan,
      actualYuan: r.actual_yuan,
      state: r.state,
      version: r.version,
    }));
    return {
      year,
      lines,
      progress: computeInvestmentProgress(
        lines,
        year,
        deps.clock.today(),
        yearRow?.plan_yuan ?? null,
      ),
    };
  }

  /** Sets a year's monthly plan: twelve amounts, or the annual plan split evenly. */
  async function setMonthlyPlan(
    code: string,
    input: { year: number; annualYuan?: number; monthsYuan?: readonly number[] },
    actor: Actor,
  ): Promise<ProjectInvestmentView> {
    authorize(actor, 'project.write');
    const project = await requireProject(code);
    authorize(actor, 'project.write', [project.unit_path]);
    const months =
      input.monthsYuan !== undefined
        ? input.monthsYuan.map((planYuan, i) => ({
            periodId: `${input.year}${String(i + 1).padStart(2, '0')}`,
            planYuan,
          }))
        : input.annualYuan !== undefined
          ? splitAnnualPlan(input.annualYuan, input.year)
          : null;
    if (months === null || months.length !== 12)
      throw new DomainError(
        'VALIDATION_FAILED',
        '请给出年度计划投资或12个月的计划投资',
        'give the annual plan or twelve monthly amounts',
      );
    await db.transaction().execute(async (trx) => {
      const existing = new Map(
        (await listInvestmentLines(trx, project.id, input.year)).map((l) => [l.period_id, l]),
      );
      for (const m of months) {
        const before = existing.get(m.periodId);
        await saveInvestmentLine(trx, {
          project_id: project.id,
          period_id: m.periodId,
          year: input.year,
          plan_yuan: m.planYuan,
          actual_yuan: before?.actual_yuan ?? null,
          state: before?.state ?? 'draft',
          version: before?.version ?? 0,
          updated_at: deps.clock.now(),
          updated_by: actor.id,
        });
      }
      // The year's plan is the sum of its months from now on.
      const year = await findProjectYear(trx, project.id, input.year);
      await upsertProjectYear(trx, {
        project_id: project.id,
        year: input.year,
        plan_yuan: months.reduce((a, m) => a + m.planYuan, 0),
        listed_actual_yuan: year?.listed_actual_yuan ?? null,
        listed_through_month: year?.listed_through_month ?? null,
        updated_at: deps.clock.now(),
      });
      await recordChange(trx, deps.clock, actor, {
        action: 'project.plan-investment',
        entity: 'project',
        entityId: project.id,
        oldValue: [...existing.values()].map((l) => [l.period_id, l.plan_yuan]),
        newValue: months.map((m) => [m.periodId, m.planYuan]),
      });
    });
    return getInvestment(code, input.year);
  }

  /**
   * The owner's actual for a month, as a draft or submitted for review. An approved month is
   * locked; a stale version answers CONFLICT with what is stored.
   */
  async function reportActual(
    code: string,
    periodId: string,
    input: { actualYuan: number; version: number; submit?: boolean },
    actor: Actor,
  ): Promise<ProjectInvestmentTable> {
    authorize(actor, 'project.write');
    const { year } = monthOf(periodId);
    const project = await requireProject(code);
    authorize(actor, 'project.write', [project.unit_path]);
    if (!(input.actualYuan >= 0))
      throw new DomainError(
        'VALIDATION_FAILED',
        '完成投资不能为负数',
        'the actual cannot be negative',
      );
    return db.transaction().execute(async (trx) => {
      const before = await findInvestmentLine(trx, project.id, periodId);
      if (before?.state === 'approved')
        throw new DomainError(
          'PERIOD_LOCKED',
          '该月完成投资已审核锁定',
          'this month is approved and locked',
          { details: { current: before } },
        );
      if ((before?.version ?? 0) !== input.version)
        throw changedMeanwhile({ zh: '该月数据', en: 'this month was' }, before ?? null);
      const after: ProjectInvestmentTable = {
        project_id: project.id,
        period_id: periodId,
        year,
        plan_yuan: before?.plan_yuan ?? null,
        actual_yuan: input.actualYuan,
        state: input.submit ? 'submitted' : 'draft',
        version: (before?.version ?? 0) + 1,
        updated_at: deps.clock.now(),
        updated_by: actor.id,
      };
      await saveInvestmentLine(trx, after);
      await recordChange(trx, deps.clock, actor, {
        action: input.submit ? 'project.submit-actual' : 'project.save-actual',
        entity: 'project_investment',
        entityId: `${project.id}/${periodId}`,
        oldValue: before ?? null,
        newValue: after,
      });
      return after;
    });
  }

  /**
   * A reviewer approves (locks) or returns a submitted month. After an approval, the month's
   * sum goes to the indicator once every project line of the month is approved.
   */
  async function reviewActual(
    code: string,
    periodId: string,
    input: { decision: 'approve' | 'return'; reason?: string },
    actor: Actor,
  ): Promise<{ state: ProjectInvestmentTable['state']; indicator: IndicatorSync | null }> {
    authorize(actor, 'observation.review');
    monthOf(periodId);
    const project = await requireProject(code);
    authorize(actor, 'observation.review', [project.unit_path]);
    const state = await db.transaction().execute(async (trx) => {
      const before = await findInvestmentLine(trx, project.id, periodId);
      if (before?.state !== 'submitted')
        throw new DomainError(
          'INVALID_TRANSITION',
          '只能审核已报送的月份',
          'only a submitted month can be reviewed',
          { details: { state: before?.state ?? null } },
        );
      if (input.decision === 'return' && !input.reason)
        throw new DomainError('VALIDATION_FAILED', '退回须说明理由', 'a return needs a reason');
      const after: ProjectInvestmentTable = {
        ...before,
        state: input.decision === 'approve' ? 'approved' : 'returned',
        version: before.version + 1,
        updated_at: deps.clock.now(),
        updated_by: actor.id,
      };
      await saveInvestmentLine(trx, after);
      await recordChange(trx, deps.clock, actor, {
        action: `project.${input.decision}-actual`,
        entity: 'project_investment',
        entityId: `${project.id}/${periodId}`,
        oldValue: before,
        newValue: after,
        reason: input.reason ?? '',
      });
      return after.state;
    });
    return {
      state,
      indicator: state === 'approved' ? await syncIndicatorMonth(periodId, actor) : null,
    };
  }

  /**
   * Writes the month's approved project sum as the district's value of the indicator, when
   * every project line of the month is approved; otherwise says how many it waits for.
   */
  async function syncIndicatorMonth(periodId: string, actor: Actor): Promise<IndicatorSync> {
    const [indicator, district, month] = await Promise.all([
      registry.findIndicatorByCode(indicatorCode),
      findTopRegion(db),
      summarizeInvestmentMonth(db, yearOfPeriod(parsePeriod(periodId)), periodId),
    ]);
    if (!indicator || !district) return { status: 'no-indicator', periodId };
    if (month.approved < month.lines)
      return { status: 'waiting', periodId, approved: month.approved, lines: month.lines };
    const sumYuan = month.approvedActualYuan;
    const value = convertQuantity(sumYuan, '元', indicator.unit);
    const written = await observations.writeObservations(
      [{ indicatorCode: indicator.code, unitCode: district.code, periodId, value }],
      { ...systemActor, id: `system:projects(${actor.id})`, requestId: actor.requestId },
      {
        reason: `${month.approved}个重点项目已审核的完成投资之和`,
        provenance: {
          source: 'project',
          state: 'approved',
          comment: `重点项目汇总（${month.approved}个项目）`,
        },
      },
    );
    if (!written.ok)
      return {
        status: 'refused',
        periodId,
        reason: written.problems.map((p) => p.reason).join('；'),
      };
    return { status: 'written', periodId, value };
  }

  return { getInvestment, setMonthlyPlan, reportActual, reviewActual, syncIndicatorMonth };
}
