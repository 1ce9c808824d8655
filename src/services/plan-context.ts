/**
 * What the parts of the plan service share: the repositories they ask, the assessment with
 * the planner's thresholds, and the reads and checks every part starts with (the plan or
 * target that must exist, the actor's grant and scope on the plan's unit, the draft lock).
 */
import type { Kysely } from 'kysely';
import { DomainError } from '../core/domain-error.ts';
import { authorize, type Action } from '../core/permission.ts';
import { createAuditLog, type AuditLog } from '../store/audit-log.ts';
import { createPlanRepository, type PlanRepository } from '../store/plan-repository.ts';
import { createRegistryRepository, type RegistryRepository } from '../store/registry-repository.ts';
import type { Database, PlanTable, TargetTable } from '../store/schema.ts';
import { createAssessmentService, type AssessmentService } from './assessment-service.ts';
import type { Actor, ServiceDeps } from './ports.ts';
import { createSettingsService, type SettingsService } from './settings-service.ts';

type PlanAssessment = Awaited<ReturnType<AssessmentService['assessPlan']>>;

export interface PlanContext {
  readonly deps: ServiceDeps;
  readonly db: Kysely<Database>;
  readonly plans: PlanRepository;
  readonly registry: RegistryRepository;
  readonly auditLog: AuditLog;
  readonly settings: SettingsService;
  /** Assesses a plan with the thresholds in force: a planner's setting overrides the deployment's. */
  readonly assessPlan: (planId: string, asOf?: string) => Promise<PlanAssessment>;
  /** The plan, or NOT_FOUND. */
  readonly getPlanRow: (planId: string, executor?: Kysely<Database>) => Promise<PlanTable>;
  /** The target, or NOT_FOUND. */
  readonly getTarget: (targetId: string, executor?: Kysely<Database>) => Promise<TargetTable>;
  /**
   * Checks the actor may take the action on a plan of the unit: the grant first (a role
   * that may not act learns nothing about what exists), then the unit's place in scope.
   */
  readonly authorizeOnUnit: (
    actor: Actor,
    action: Action,
    unitId: string,
    executor?: Kysely<Database>,
  ) => Promise<void>;
}

export function createPlanContext(deps: ServiceDeps): PlanContext {
  const { db } = deps.database;
  const plans = createPlanRepository(db);
  const registry = createRegistryRepository(db);
  const settings = createSettingsService(deps);
  return {
    deps,
    db,
    plans,
    registry,
    auditLog: createAuditLog(db, deps.clock),
    settings,
    assessPlan: async (planId, asOf) =>
      createAssessmentService({
        ...deps,
        thresholds: (await settings.getLightThresholds()).thresholds,
      }).assessPlan(planId, asOf),
    getPlanRow: async (planId, executor) => {
      const plan = await plans.findPlan(planId, executor);
      if (!plan)
        throw new DomainError('NOT_FOUND', `找不到计划“${planId}”`, `Plan ${planId} not found`);
      return plan;
    },
    getTarget: async (targetId, executor) => {
      const target = await plans.findTarget(targetId, executor);
      if (!target)
        throw new DomainError(
          'NOT_FOUND',
          `找不到目标“${targetId}”`,
          `Target ${targetId} not found`,
        );
      return target;
    },
    authorizeOnUnit: async (actor, action, unitId, executor) => {
      authorize(actor, action);
      const unit = await registry.findUnitById(unitId, executor);
      if (!unit) throw new Error(`plan unit ${unitId} is missing`);
      authorize(actor, action, [unit.path]);
    },
  };
}

/** Throws unless the plan is a draft: an adopted plan is reopened before it is edited. */
export function requireDraft(plan: { status: string }) {
  if (plan.status !== 'draft')
    throw new DomainError(
      'INVALID_TRANSITION',
      '计划已通过，修改须先退回草案',
      'the plan is adopted; reopen it as a draft to edit it',
    );
}
