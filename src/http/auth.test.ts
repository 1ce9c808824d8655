import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles, type Action, type Role } from '../core/permission.ts';
import { extractPlan } from '../extract/extract-plan.ts';
import { systemActor } from '../services/ports.ts';
import { createTestDatabase, testEngine, type TestDatabase } from '../store/test-database.ts';
import { buildApp, buildServices, type AppDeps, type LantuApp, type Services } from './app.ts';
import { csrfHeaderName, sessionCookieName } from './auth.ts';
import { buildTestAppDeps, countRows, seedDistrict } from './test-app.ts';
import { loginAs, logIn, testPassword, type SessionHeaders } from './test-session.ts';

const planText = '某街道2026年工作计划\n一、主要目标\n（一）稳增长\n1. 新增就业岗位1000个以上。\n';

/**
 * Units of the test tree: district D with streets T (where every request acts) and
 * T2 (the "outside" scope), and a department DEP; indicator JOBS, and a plan of T whose
 * one task T leads.
 */
async function seedRegistry(services: Services, database: TestDatabase) {
  await seedDistrict(services, [
    { code: 'T', kind: 'region' },
    { code: 'T2', kind: 'region' },
    { code: 'DEP', kind: 'department' },
  ]);
  const { planId } = await services.plans.importPlan(
    extractPlan(planText),
    { unitCode: 'T', sourceDocument: 'plan.txt', text: planText },
    systemActor,
  );
  const tree = await services.plans.getPlanTree(planId);
  const task = tree.nodes[0]?.children[0]?.children[0];
  const targetId = task?.targets[0]?.id;
  if (!task || !targetId) throw new Error('the seed plan has no task with a target');
  // Street T leads the task, so that its reporters file the task's progress.
  const { id: unitId } = await database.db
    .selectFrom('unit')
    .select('id')
    .where('code', '=', 'T')
    .executeTakeFirstOrThrow();
  await database.db.deleteFrom('plan_node_unit').where('node_id', '=', task.id).execute();
  await database.db
    .insertInto('plan_node_unit')
    .values({ node_id: task.id, unit_id: unitId, role: 'lead', is_suggested: 0 })
    .execute();
  return { planId, targetId, taskId: task.id };
}

/** One write route of the matrix: who may call it, and a valid request for it. */
interface WriteCase {
  readonly method: 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  readonly route: string;
  readonly permission: Action;
  /** Whether the route acts on a unit (T); if not, any user with the grant passes. */
  readonly isScoped: boolean;
  readonly allowed: readonly Role[];
  /** Brings the state back (e.g. the plan to draft) and builds a request valid for it. */
  readonly request: (
    n: number,
  ) => Promise<{ url: string; payload: object; headers?: Record<string, string> }>;
  /** What a passing write must show beyond a 2xx status (an upload job that is done, not rejected). */
  readonly expectPassed?: (response: InjectResponse) => void;
  /** How the route refuses a caller outside its scope, when not with 403 OUT_OF_SCOPE. */
  readonly expectOutOfScope?: (response: InjectResponse) => void;
}

type InjectResponse = Awaited<ReturnType<LantuApp['inject']>>;

/** The office's project list (.xlsx, base64) with one project of street T. */
let projectListTemplate: Buffer | undefined;
const projectListXlsx = () => {
  if (!projectListTemplate) throw new Error('the project list is built in beforeAll');
  return projectListTemplate.toString('base64');
};

/** A dekad of its own for the n-th request (36 a year from 2001). */
const dekadOf = (n: number) =>
  `${2001 + Math.floor(n / 36)}${String(1 + (Math.floor(n / 3) % 12)).padStart(2, '0')}D${1 + (n % 3)}`;

/** The CSV upload of one value of JOBS for street T. */
const uploadCsv = (periodId: string, value: number) =>
  Buffer.from(`单位编码,指标编码,期间编码,本期数值\nT,JOBS,${periodId},${value}\n`).toString(
    'base64',
  );

describe(`authorization on ${testEngine}`, () => {
  let database: TestDatabase;
  let deps: AppDeps;
  let services: Services;
  let app: LantuApp;
  let planId: string;
  let targetId: string;
  /** The seed plan's task, led by street T. */
  let taskId: string;
  /** A progress report of task T with one piece of evidence, for the reads of evidence. */
  let progressId: string;
  let attachmentId: string;
  /** `${role}-in` is bound to street T, `${role}-out` to street T2. */
  const sessions = new Map<string, SessionHeaders>();
  const headersOf = (name: string) => {
    const found = sessions.get(name);
    if (!found) throw new Error(`no session for ${name}`);
    return found;
  };

  const setPlanDraft = (id: string) =>
    database.db.updateTable('plan').set({ status: 'draft' }).where('id', '=', id).execute();
  const currentTarget = () =>
    database.db
      .selectFrom('target')
      .selectAll()
      .where('id', '=', targetId)
      .executeTakeFirstOrThrow();
  const auditCount = () => countRows(database, 'audit_log');

  /** The value of JOBS for street T in a period, if any. */
  const storedValue = (periodId: string) =>
    database.db
      .selectFrom('observation')
      .innerJoin('unit', 'unit.id', 'observation.unit_id')
      .innerJoin('indicator', 'indicator.id', 'observation.indicator_id')
      .select(['observation.indicator_num', 'observation.unit_num', 'observation.version'])
      .where('unit.code', '=', 'T')
      .where('indicator.code', '=', 'JOBS')
      .where('observation.period_id', '=', periodId)
      .executeTakeFirst();
  /** Puts JOBS for street T in a period into a state, entering the value first if there is none. */
  const seedValue = async (periodId: string, state: 'draft' | 'submitted' | 'approved') => {
    if (!(await storedValue(periodId))) {
      const saved = await services.collection.saveEntries(
        [{ unit: 'T', indicator: 'JOBS', period: periodId, value: 1, version: 0 }],
        systemActor,
      );
      if (!saved.ok) throw new Error(`cannot seed ${periodId}: ${JSON.stringify(saved.problems)}`);
    }
    const found = await storedValue(periodId);
    if (!found) throw new Error(`no value for ${periodId}`);
    await database.db
      .updateTable('observation_cell')
      .set({ state })
      .where('indicator_num', '=', found.indicator_num)
      .where('unit_num', '=', found.unit_num)
      .where('period_id', '=', periodId)
      .execute();
  };
  /** The update of the task for a month, if any. */
  const storedProgress = (periodId: string) =>
    database.db
      .selectFrom('task_progress')
      .select(['id', 'version'])
      .where('node_id', '=', taskId)
      .where('period_id', '=', periodId)
      .executeTakeFirst();

  /** Street T's project PT, registered on first use; its current row. */
  const projectPT = async () => {
    const found = await database.db
      .selectFrom('project')
      .selectAll()
      .where('code', '=', 'PT')
      .executeTakeFirst();
    if (found) return found;
    await services.projects.createProject(
      {
        code: 'PT',
        name: '街道T的项目',
        kind: 'livelihood',
        level: 'district',
        stage: 'preparation',
        unitCode: 'T',
      },
      systemActor,
    );
    return database.db
      .selectFrom('project')
      .selectAll()
      .where('code', '=', 'PT')
      .executeTakeFirstOrThrow();
  };
  /** PT's line of a month, put back into a state (inserted when there is none). */
  const resetProjectMonth = async (periodId: string, state: 'draft' | 'submitted') => {
    const project = await projectPT();
    const row = {
      project_id: project.id,
      period_id: periodId,
      year: Number(periodId.slice(0, 4)),
      plan_yuan: null,
      actual_yuan: 100,
      state,
      version: 1,
      updated_at: '2025-10-15T02:00:00.000Z',
      updated_by: 'test',
    };
    await database.db
      .deleteFrom('project_investment')
      .where('project_id', '=', project.id)
      .where('period_id', '=', periodId)
      .execute();
    await database.db.insertInto('project_investment').values(row).execute();
    return row;
  };

  const cases: WriteCase[] = [
    {
      method: 'POST',
      route: '/api/units',
      permission: 'unit.write',
      isScoped: true,
      allowed: ['admin', 'planner'],
      request: (n) =>
        Promise.resolve({
          url: '/api/units',
          payload: {
            code: `C${n}`,
            name: `社区${n}`,
            kind: 'region',
            level: 'community',
            parentCode: 'T',
          },
        }),
    },
    {
      method: 'PATCH',
      route: '/api/units/:code',
      permission: 'unit.write',
      isScoped: true,
      allowed: ['admin', 'planner'],
      request: (n) => Promise.resolve({ url: '/api/units/T', payload: { name: `街道T-${n}` } }),
    },
    {
      method: 'POST',
      route: '/api/categories',
      permission: 'unit.write',
      isScoped: false,
      allowed: ['admin', 'planner'],
      request: (n) =>
        Promise.resolve({
          url: '/api/categories',
          payload: { code: `CAT${n}`, name: `跑道${n}`, parentCode: 'SYSTEM' },
        }),
    },
    {
      method: 'POST',
      route: '/api/indicators',
      permission: 'indicator.write',
      isScoped: false,
      allowed: ['admin', 'planner'],
      request: (n) =>
        Promise.resolve({
          url: '/api/indicators',
          payload: {
            code: `IND${n}`,
            name: `指标${n}`,
            unit: '个',
            kind: 'kpi',
            measure: 'flow',
            direction: 'higher',
            cadence: 'month',
          },
        }),
    },
    {
      method: 'PATCH',
      route: '/api/indicators/:code',
      permission: 'indicator.write',
      isScoped: false,
      allowed: ['admin', 'planner'],
      request: (n) =>
        Promise.resolve({ url: '/api/indicators/JOBS', payload: { source: `来源${n}` } }),
    },
    {
      method: 'POST',
      route: '/api/observations/batch',
      permission: 'observation.write',
      isScoped: true,
      allowed: ['admin', 'reporter'],
      request: (n) =>
        Promise.resolve({
          url: '/api/observations/batch',
          payload: {
            rows: [{ indicatorCode: 'JOBS', unitCode: 'T', periodId: '202503', value: n }],
          },
        }),
    },
    {
      method: 'POST',
      route: '/api/plans/import',
      permission: 'plan.write',
      isScoped: true,
      allowed: ['admin', 'planner'],
      request: () =>
        Promise.resolve({
          url: '/api/plans/import',
          payload: {
            fileName: 'plan-2027.txt',
            contentBase64: Buffer.from(planText).toString('base64'),
            unitCode: 'T',
            year: 2027,
          },
        }),
    },
    {
      method: 'POST',
      route: '/api/plans/:id/status',
      permission: 'plan.adopt',
      isScoped: true,
      allowed: ['admin', 'planner'],
      request: async () => {
        await setPlanDraft(planId);
        return { url: `/api/plans/${planId}/status`, payload: { status: 'adopted' } };
      },
    },
    {
      method: 'POST',
      route: '/api/plans/:id/documents',
      permission: 'plan.write',
      isScoped: true,
      allowed: ['admin', 'planner'],
      request: () =>
        Promise.resolve({
          url: `/api/plans/${planId}/documents`,
          payload: { kind: 'execution-report' },
        }),
    },
    {
      method: 'PUT',
      route: '/api/warning-rules',
      permission: 'plan.write',
      isScoped: false,
      allowed: ['admin', 'planner'],
      request: (n) =>
        Promise.resolve({
          url: '/api/warning-rules',
          payload: {
            name: `规则${n}`,
            severity: 'warning',
            indicatorCodes: ['JOBS'],
            unitCodes: [],
            pendingPeriods: 1,
            condition: { kind: 'threshold', direction: 'below', bound: 0, hysteresis: 0 },
            isEnabled: true,
          },
        }),
    },
    {
      method: 'POST',
      route: '/api/plans/:id/warnings/evaluate',
      permission: 'plan.write',
      isScoped: true,
      allowed: ['admin', 'planner'],
      request: () =>
        Promise.resolve({ url: `/api/plans/${planId}/warnings/evaluate`, payload: {} }),
    },
    {
      method: 'POST',
      route: '/api/warnings/:id/steps',
      permission: 'plan.write',
      isScoped: false,
      allowed: ['admin', 'planner'],
      request: async (n) => {
        const rule = await services.warnings.saveRule(
          {
            id: 'auth-rule',
            name: '授权测试规则',
            severity: 'info',
            indicatorCodes: [],
            unitCodes: [],
            pendingPeriods: 1,
            condition: { kind: 'missing', daysOverdue: 10_000 },
            isEnabled: false,
          },
          systemActor,
        );
        const id = `auth-warning-${n}`;
        await database.db
          .insertInto('warning')
          .values({
            id,
            rule_id: rule.id,
            subject_key: id,
            unit_code: null,
            indicator_code: null,
            target_id: null,
            severity: 'info',
            state: 'open',
            message: '测试',
            message_en: 'test',
            since_period_id: null,
            assigned_unit_code: null,
            deadline: null,
            note: '',
            raised_at: '2025-10-15T02:00:00.000Z',
            updated_at: '2025-10-15T02:00:00.000Z',
            resolved_at: null,
          })
          .execute();
        return { url: `/api/warnings/${id}/steps`, payload: { action: 'acknowledge' } };
      },
    },
    {
      method: 'PATCH',
      route: '/api/targets/:id',
      permission: 'plan.write',
      isScoped: true,
      allowed: ['admin', 'planner'],
      request: async (n) => {
        await setPlanDraft(planId);
        const { version } = await currentTarget();
        return { url: `/api/targets/${targetId}`, payload: { version, value: 1000 + n } };
      },
    },
    {
      method: 'PUT',
      route: '/api/plans/:id/nodes/:nodeId/units',
      permission: 'plan.write',
      isScoped: true,
      allowed: ['admin', 'planner'],
      request: async () => {
        await setPlanDraft(planId);
        const current = await database.db
          .selectFrom('plan_node_unit')
          .innerJoin('unit', 'unit.id', 'plan_node_unit.unit_id')
          .select(['unit.code', 'plan_node_unit.role'])
          .where('plan_node_unit.node_id', '=', taskId)
          .execute();
        const codes = (role: string) => current.filter((u) => u.role === role).map((u) => u.code);
        return {
          url: `/api/plans/${planId}/nodes/${taskId}/units`,
          payload: { lead: ['T'], co: [], expected: { lead: codes('lead'), co: codes('co') } },
        };
      },
    },
    {
      method: 'POST',
      route: '/api/targets/:id/indicator',
      permission: 'plan.write',
      isScoped: true,
      allowed: ['admin', 'planner'],
      request: async (n) => {
        await setPlanDraft(planId);
        const { version } = await currentTarget();
        return {
          url: `/api/targets/${targetId}/indicator`,
          payload: {
            version,
            code: `NEW${n}`,
            name: `新指标${n}`,
            unit: '个',
            kind: 'kpi',
            measure: 'flow',
            direction: 'higher',
            cadence: 'month',
          },
        };
      },
    },
    {
      method: 'PUT',
      route: '/api/settings/light-thresholds',
      permission: 'plan.write',
      isScoped: false,
      allowed: ['admin', 'planner'],
      request: async (n) => {
        const { version } = await services.plans.getLightThresholds();
        return {
          url: '/api/settings/light-thresholds',
          payload: { version, flowYellowPoints: 10 + (n % 5) },
        };
      },
    },
    {
      method: 'POST',
      route: '/api/users',
      permission: 'user.manage',
      isScoped: true,
      allowed: ['admin'],
      request: (n) =>
        Promise.resolve({
          url: '/api/users',
          payload: {
            username: `new-${n}`,
            password: testPassword,
            roles: ['reporter'],
            unitCodes: ['T'],
          },
        }),
    },
    {
      method: 'PATCH',
      route: '/api/users/:username',
      permission: 'user.manage',
      isScoped: true,
      allowed: ['admin'],
      request: (n) =>
        Promise.resolve({ url: '/api/users/subject', payload: { displayName: `填报员${n}` } }),
    },
    {
      method: 'PUT',
      route: '/api/collection/entries',
      permission: 'observation.write',
      isScoped: true,
      allowed: ['admin', 'reporter'],
      request: async (n) => ({
        url: '/api/collection/entries',
        payload: {
          entries: [
            {
              unit: 'T',
              indicator: 'JOBS',
              period: '202407',
              value: n,
              version: (await storedValue('202407'))?.version ?? 0,
            },
          ],
        },
      }),
    },
    {
      method: 'POST',
      route: '/api/collection/submit',
      permission: 'observation.write',
      isScoped: true,
      allowed: ['admin', 'reporter'],
      request: async () => {
        await seedValue('202408', 'draft');
        return { url: '/api/collection/submit', payload: { unit: 'T', period: '202408' } };
      },
    },
    {
      method: 'POST',
      route: '/api/collection/drafts/delete',
      permission: 'observation.write',
      isScoped: true,
      allowed: ['admin', 'reporter'],
      request: async () => {
        await seedValue('202403', 'draft');
        return { url: '/api/collection/drafts/delete', payload: { unit: 'T', period: '202403' } };
      },
    },
    {
      method: 'POST',
      route: '/api/collection/upload',
      permission: 'observation.write',
      isScoped: true,
      allowed: ['admin', 'reporter'],
      request: (n) =>
        Promise.resolve({
          url: '/api/collection/upload?wait=true',
          payload: { fileName: `upload-${n}.csv`, contentBase64: uploadCsv('202406', n) },
        }),
      expectPassed: (response) =>
        expect(response.json<unknown>()).toMatchObject({ status: 'done', result: { written: 1 } }),
      // An upload answers every refusal, scope included, as a rejected job listing each bad
      // cell (issue 5: all or nothing, every bad cell named), so 200 with nothing written.
      expectOutOfScope: (response) => {
        expect(response.statusCode).toBe(200);
        const job = response.json<{ status: string; written: number; problems: object[] }>();
        expect(job).toMatchObject({ status: 'rejected', written: 0, result: null });
        expect(job.problems).toEqual([
          expect.objectContaining({ row: 2, column: 'A', value: 'T', rule: 'out-of-scope' }),
        ]);
      },
    },
    {
      method: 'POST',
      route: '/api/collection/upload/file',
      permission: 'observation.write',
      isScoped: true,
      allowed: ['admin', 'reporter'],
      request: (n) =>
        Promise.resolve({
          url: `/api/collection/upload/file?wait=true&fileName=upload-file-${n}.csv`,
          payload: Buffer.from(uploadCsv('202407', n), 'base64'),
          headers: { 'content-type': 'application/octet-stream' },
        }),
      expectPassed: (response) =>
        expect(response.json<unknown>()).toMatchObject({ status: 'done', result: { written: 1 } }),
      expectOutOfScope: (response) => {
        expect(response.statusCode).toBe(200);
        const job = response.json<{ status: string; written: number; problems: object[] }>();
        expect(job).toMatchObject({ status: 'rejected', written: 0, result: null });
        expect(job.problems).toEqual([
          expect.objectContaining({ row: 2, column: 'A', value: 'T', rule: 'out-of-scope' }),
        ]);
      },
    },
    {
      method: 'POST',
      route: '/api/collection/review',
      permission: 'observation.review',
      isScoped: true,
      allowed: ['admin', 'reviewer'],
      request: async () => {
        await seedValue('202409', 'submitted');
        return {
          url: '/api/collection/review',
          payload: { unit: 'T', period: '202409', decision: 'approve' },
        };
      },
    },
    {
      method: 'POST',
      route: '/api/collection/reopen',
      permission: 'observation.review',
      isScoped: true,
      allowed: ['admin', 'reviewer'],
      request: async (n) => {
        await seedValue('202410', 'approved');
        return {
          url: '/api/collection/reopen',
          payload: { unit: 'T', period: '202410', reason: `更正${n}` },
        };
      },
    },
    {
      method: 'PUT',
      route: '/api/collection/due-rules',
      permission: 'indicator.write',
      isScoped: false,
      allowed: ['admin', 'planner'],
      request: (n) =>
        Promise.resolve({
          url: '/api/collection/due-rules',
          payload: { rules: { month: n % 28 } },
        }),
    },
    {
      method: 'PUT',
      route: '/api/collection/rules/:indicatorCode',
      permission: 'indicator.write',
      isScoped: false,
      allowed: ['admin', 'planner'],
      request: (n) =>
        Promise.resolve({
          url: '/api/collection/rules/JOBS',
          // Bounds no value of this file comes near, so the other cases' entries still pass.
          payload: { minValue: 0, maxValue: 1_000_000 + n, maxYoyChangePct: null },
        }),
    },
    {
      method: 'PUT',
      route: '/api/collection/assignments/:unitCode',
      permission: 'indicator.write',
      isScoped: true,
      allowed: ['admin', 'planner'],
      request: (n) =>
        Promise.resolve({
          url: '/api/collection/assignments/T',
          payload: { indicatorCodes: ['JOBS'], reason: `分工${n}` },
        }),
    },
    {
      method: 'POST',
      route: '/api/tasks/:nodeId/progress',
      permission: 'task-progress.write',
      isScoped: true,
      allowed: ['admin', 'reporter'],
      request: async (n) => ({
        url: `/api/tasks/${taskId}/progress`,
        payload: {
          period: '202509',
          narrative: `第${n}次进展`,
          percentComplete: n % 100,
          version: (await storedProgress('202509'))?.version ?? 0,
        },
      }),
    },
    {
      method: 'POST',
      route: '/api/tasks/progress/:id/review',
      permission: 'task-progress.review',
      isScoped: true,
      allowed: ['admin', 'planner', 'reviewer'],
      request: async () => {
        const found = await storedProgress('202508');
        if (found)
          await database.db
            .updateTable('task_progress')
            .set({ state: 'submitted' })
            .where('id', '=', found.id)
            .execute();
        const { id } =
          found ??
          (await services.collection.saveProgress(
            taskId,
            {
              period: '202508',
              narrative: '按计划推进',
              percentComplete: 50,
              version: 0,
              submit: true,
            },
            systemActor,
          ));
        return { url: `/api/tasks/progress/${id}/review`, payload: { decision: 'accept' } };
      },
    },
    {
      method: 'POST',
      route: '/api/projects',
      permission: 'project.write',
      isScoped: true,
      allowed: ['admin', 'planner', 'reporter'],
      request: (n) =>
        Promise.resolve({
          url: '/api/projects',
          payload: {
            code: `P${n}`,
            name: `项目${n}`,
            kind: 'infrastructure',
            level: 'district',
            stage: 'preparation',
            unitCode: 'T',
          },
        }),
    },
    {
      method: 'PATCH',
      route: '/api/projects/:code',
      permission: 'project.write',
      isScoped: true,
      allowed: ['admin', 'planner', 'reporter'],
      request: async (n) => {
        const { version } = await projectPT();
        return { url: '/api/projects/PT', payload: { version, progressNote: `进展${n}` } };
      },
    },
    {
      method: 'POST',
      route: '/api/projects/import',
      permission: 'project.write',
      isScoped: true,
      allowed: ['admin', 'planner', 'reporter'],
      request: () =>
        Promise.resolve({
          url: '/api/projects/import',
          payload: { fileName: 'projects.xlsx', contentBase64: projectListXlsx(), dryRun: true },
        }),
    },
    {
      method: 'PUT',
      route: '/api/projects/:code/investment-plan',
      permission: 'project.write',
      isScoped: true,
      allowed: ['admin', 'planner', 'reporter'],
      request: async (n) => {
        await projectPT();
        return {
          url: '/api/projects/PT/investment-plan',
          payload: { year: 2025, annualYuan: 1200 * n },
        };
      },
    },
    {
      method: 'PUT',
      route: '/api/projects/:code/investment/:periodId',
      permission: 'project.write',
      isScoped: true,
      allowed: ['admin', 'planner', 'reporter'],
      request: async (n) => {
        const { version } = await resetProjectMonth('202509', 'draft');
        return {
          url: '/api/projects/PT/investment/202509',
          payload: { actualYuan: n, version },
        };
      },
    },
    {
      method: 'POST',
      route: '/api/projects/stage-counts/:periodId',
      permission: 'observation.review',
      isScoped: true,
      allowed: ['admin', 'reviewer'],
      request: () =>
        Promise.resolve({ url: '/api/projects/stage-counts/202001', payload: { unitCode: 'T' } }),
    },
    {
      method: 'POST',
      route: '/api/projects/:code/investment/:periodId/review',
      permission: 'observation.review',
      isScoped: true,
      allowed: ['admin', 'reviewer'],
      request: async () => {
        await resetProjectMonth('202508', 'submitted');
        return {
          url: '/api/projects/PT/investment/202508/review',
          payload: { decision: 'approve' },
        };
      },
    },
    {
      method: 'POST',
      route: '/api/projects/:code/blockers',
      permission: 'project.write',
      isScoped: true,
      allowed: ['admin', 'planner', 'reporter'],
      request: async (n) => {
        await projectPT();
        return {
          url: '/api/projects/PT/blockers',
          payload: { type: 'land', description: `卡点${n}`, unitCode: 'T', dueDate: '2025-11-30' },
        };
      },
    },
    {
      method: 'POST',
      route: '/api/blockers/:id/state',
      permission: 'project.write',
      isScoped: true,
      allowed: ['admin', 'planner', 'reporter'],
      request: async (n) => {
        await projectPT();
        const raised = await services.projects.raiseBlocker(
          'PT',
          { type: 'funds', description: `资金${n}`, unitCode: 'T', dueDate: '2025-11-30' },
          systemActor,
        );
        return {
          url: `/api/blockers/${raised.id}/state`,
          payload: { to: 'in-progress', version: raised.version },
        };
      },
    },
    {
      method: 'POST',
      route: '/api/blockers/:id/review',
      permission: 'observation.review',
      isScoped: true,
      allowed: ['admin', 'reviewer'],
      request: async (n) => {
        await projectPT();
        const raised = await services.projects.raiseBlocker(
          'PT',
          { type: 'approvals', description: `手续${n}`, unitCode: 'T', dueDate: '2025-11-30' },
          systemActor,
        );
        const resolved = await services.projects.moveBlocker(
          raised.id,
          { to: 'resolved', version: raised.version, evidence: '已办结' },
          systemActor,
        );
        return {
          url: `/api/blockers/${raised.id}/review`,
          payload: { to: 'closed', version: resolved.version },
        };
      },
    },
    {
      method: 'PUT',
      route: '/api/projects/:code/milestones',
      permission: 'project.write',
      isScoped: true,
      allowed: ['admin', 'planner', 'reporter'],
      request: async (n) => {
        await projectPT();
        return {
          url: '/api/projects/PT/milestones',
          payload: { milestones: [{ node: 'start', plannedDate: `2025-09-${10 + (n % 20)}` }] },
        };
      },
    },
    {
      method: 'POST',
      route: '/api/projects/:code/baseline',
      permission: 'plan.adopt',
      isScoped: true,
      allowed: ['admin', 'planner'],
      request: async (n) => {
        await projectPT();
        return { url: '/api/projects/PT/baseline', payload: { reason: `基线${n}` } };
      },
    },
    {
      method: 'POST',
      route: '/api/dispatch/:periodId/meeting',
      permission: 'plan.adopt',
      isScoped: true,
      allowed: ['admin', 'planner'],
      // Each request records the meeting of its own dekad for street T.
      request: (n) =>
        Promise.resolve({
          url: `/api/dispatch/${dekadOf(n)}/meeting`,
          payload: { scopeCode: 'T', heldOn: '2025-10-11', chair: '主持人', version: 0 },
        }),
    },
    {
      method: 'POST',
      route: '/api/dispatch/items/:id/state',
      permission: 'project.write',
      isScoped: true,
      allowed: ['admin', 'planner', 'reporter'],
      request: async (n) => {
        const meeting = await services.projects.recordMeeting(
          dekadOf(1000 + n),
          {
            scopeCode: 'T',
            heldOn: '2025-10-11',
            chair: '主持人',
            version: 0,
            decisions: [
              { kind: 'follow-up', text: `事项${n}`, unitCode: 'T', deadline: '2025-10-20' },
            ],
          },
          systemActor,
        );
        const item = meeting.decisions[0]!;
        return {
          url: `/api/dispatch/items/${item.id}/state`,
          payload: { state: 'done', note: '已办结', version: item.version },
        };
      },
    },
    {
      method: 'POST',
      route: '/api/comments',
      permission: 'comment.write',
      isScoped: true,
      allowed: ['admin', 'planner', 'reviewer', 'reporter'],
      request: (n) =>
        Promise.resolve({
          url: '/api/comments',
          payload: { subjectKind: 'target', subjectId: targetId, body: `意见${n}` },
        }),
    },
    {
      method: 'POST',
      route: '/api/tasks/progress/:id/attachments',
      permission: 'task-progress.write',
      isScoped: true,
      allowed: ['admin', 'reporter'],
      request: () =>
        Promise.resolve({
          url: `/api/tasks/progress/${progressId}/attachments`,
          payload: {
            attachments: [
              { fileName: '佐证.pdf', contentBase64: Buffer.from('%PDF-1.4\n').toString('base64') },
            ],
          },
        }),
    },
  ];
  /** Reachable without a session: logging in and out. */
  const sessionRoutes = ['POST /api/session', 'DELETE /api/session'];
  /** Writes to the caller's own data, open to any session (notification-routes.test.ts). */
  const ownDataRoutes = ['POST /api/notifications/read'];

  beforeAll(async () => {
    database = await createTestDatabase();
    deps = buildTestAppDeps(database, 'm');
    services = buildServices(deps);
    ({ planId, targetId, taskId } = await seedRegistry(services, database));
    ({ id: progressId } = await services.collection.saveProgress(
      taskId,
      { period: '202506', narrative: '已开工', percentComplete: 20, version: 0 },
      systemActor,
    ));
    const evidence = await services.comments.attachToProgress(
      progressId,
      [{ fileName: '开工.pdf', contentBase64: Buffer.from('%PDF-1.4\n').toString('base64') }],
      systemActor,
    );
    attachmentId = evidence.attachments[0]!.id;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('项目清单');
    sheet.addRow(['序号', '项目名称', '项目类别', '责任单位']);
    sheet.addRow([1, '街道T的道路', '基础设施', 'T']);
    projectListTemplate = Buffer.from(await workbook.xlsx.writeBuffer());
    app = await buildApp(deps);
    await services.accounts.createUser(
      { username: 'subject', password: testPassword, roles: ['reporter'], unitCodes: ['T'] },
      systemActor,
    );
    for (const role of roles) {
      sessions.set(
        `${role}-in`,
        await loginAs(app, deps, role, { unitCodes: ['T'], username: `${role}-in` }),
      );
      sessions.set(
        `${role}-out`,
        await loginAs(app, deps, role, { unitCodes: ['T2'], username: `${role}-out` }),
      );
    }
  });
  afterAll(async () => {
    await app.close();
    await database.dispose();
  });

  it('knows every write route of the app, so that a new one cannot be left out of the matrix', () => {
    const routes = app.lantuWriteRoutes.map((r) => `${r.method} ${r.url}`).sort();
    expect(routes).toEqual(
      [...cases.map((c) => `${c.method} ${c.route}`), ...sessionRoutes, ...ownDataRoutes].sort(),
    );
    for (const c of cases)
      expect(app.lantuWriteRoutes).toContainEqual(
        expect.objectContaining({ method: c.method, url: c.route, permission: c.permission }),
      );
  });

  it.each(cases)(
    'answers $method $route 401 without a session, before validating the body',
    async ({ method, route }) => {
      const url = route.replace(/:[A-Za-z]+/g, 'x');
      const response = await app.inject({ method, url, payload: { unexpected: true } });
      expect(response.statusCode).toBe(401);
    },
  );

  const principals = [
    { name: 'no session', role: null, scope: null },
    ...roles.flatMap((role) => [
      { name: `${role} inside its scope`, role, scope: 'in' as const },
      { name: `${role} outside its scope`, role, scope: 'out' as const },
    ]),
  ];
  let counter = 0;

  describe.each(cases)('$method $route', (writeCase) => {
    it.each(principals)('answers $name as the grant table says', async ({ role, scope }) => {
      const { url, payload, headers } = await writeCase.request(++counter);
      const response = await app.inject({
        method: writeCase.method,
        url,
        payload,
        headers: { ...headers, ...(role === null ? {} : headersOf(`${role}-${scope}`)) },
      });
      if (role === null) {
        expect(response.statusCode).toBe(401);
        expect(response.json<unknown>()).toMatchObject({ code: 'UNAUTHENTICATED' });
      } else if (!writeCase.allowed.includes(role)) {
        expect(response.statusCode).toBe(403);
        expect(response.json<unknown>()).toMatchObject({ code: 'FORBIDDEN' });
      } else if (writeCase.isScoped && scope === 'out') {
        if (writeCase.expectOutOfScope) writeCase.expectOutOfScope(response);
        else {
          expect(response.statusCode, response.body).toBe(403);
          expect(response.json<unknown>()).toMatchObject({ code: 'OUT_OF_SCOPE' });
        }
      } else {
        expect(response.statusCode, response.body).toBeGreaterThanOrEqual(200);
        expect(response.statusCode, response.body).toBeLessThan(300);
        writeCase.expectPassed?.(response);
      }
    });
  });

  it('records the logged-in user as the actor, whatever an x-lantu-actor header claims', async () => {
    const response = await app.inject({
      method: 'PATCH',
      url: '/api/indicators/JOBS',
      payload: { source: '统计局' },
      headers: { ...headersOf('planner-in'), 'x-lantu-actor': 'someone-else' },
    });
    expect(response.statusCode).toBe(200);
    const [latest] = await services.audit.list({ entity: 'indicator', limit: 1 });
    expect(latest?.actor).toBe('planner-in');
  });

  it('rejects a batch with one row outside the reporter’s units as a whole, naming the row', async () => {
    const before = await auditCount();
    const response = await app.inject({
      method: 'POST',
      url: '/api/observations/batch',
      payload: {
        rows: [
          { indicatorCode: 'JOBS', unitCode: 'T', periodId: '202504', value: 1 },
          { indicatorCode: 'JOBS', unitCode: 'T2', periodId: '202504', value: 2 },
        ],
      },
      headers: headersOf('reporter-in'),
    });
    expect(response.statusCode).toBe(403);
    expect(response.json<unknown>()).toMatchObject({
      code: 'OUT_OF_SCOPE',
      details: { problems: [{ row: 2, field: 'unitCode', value: 'T2' }] },
    });
    const written = await database.db
      .selectFrom('observation')
      .select('id')
      .where('period_id', '=', '202504')
      .execute();
    expect(written).toEqual([]);
    expect(await auditCount()).toBe(before);
  });

  it('keeps a department reporter from writing a street’s figures, and the reverse', async () => {
    const department = await loginAs(app, deps, 'reporter', { unitCodes: ['DEP'] });
    const write = (unitCode: string, headers: SessionHeaders) =>
      app.inject({
        method: 'POST',
        url: '/api/observations/batch',
        payload: { rows: [{ indicatorCode: 'JOBS', unitCode, periodId: '202505', value: 3 }] },
        headers,
      });
    expect((await write('T', department)).statusCode).toBe(403);
    expect((await write('DEP', headersOf('reporter-in'))).statusCode).toBe(403);
    expect((await write('DEP', department)).statusCode).toBe(200);
  });

  describe('two users editing the same target', () => {
    it('answers the second 409 with the current value and overwrites nothing', async () => {
      await setPlanDraft(planId);
      const { version } = await currentTarget();
      const other = await loginAs(app, deps, 'planner', { unitCodes: ['T'] });
      const edit = (value: number, headers: SessionHeaders) =>
        app.inject({
          method: 'PATCH',
          url: `/api/targets/${targetId}`,
          payload: { version, value },
          headers,
        });
      const first = await edit(2000, headersOf('planner-in'));
      expect(first.statusCode).toBe(200);
      const second = await edit(3000, other);
      expect(second.statusCode).toBe(409);
      expect(second.json<unknown>()).toMatchObject({
        code: 'CONFLICT',
        details: { current: { value: 2000, version: version + 1 } },
      });
      expect(await currentTarget()).toMatchObject({ value: 2000, version: version + 1 });
    });

    it('lets exactly one of two simultaneous edits of the same version through', async () => {
      await setPlanDraft(planId);
      const { version } = await currentTarget();
      const other = await loginAs(app, deps, 'planner', { unitCodes: ['T'] });
      const responses = await Promise.all(
        [
          [4000, headersOf('planner-in')],
          [5000, other],
        ].map(([value, headers]) =>
          app.inject({
            method: 'PATCH',
            url: `/api/targets/${targetId}`,
            payload: { version, value },
            headers: headers as SessionHeaders,
          }),
        ),
      );
      expect(responses.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      const winner = responses.find((r) => r.statusCode === 200)?.json<{ version: number }>();
      const target = await currentTarget();
      expect(target.version).toBe(version + 1);
      expect(winner?.version).toBe(version + 1);
    });
  });

  describe('the audit log', () => {
    it('has no route that writes, edits or deletes it', async () => {
      expect(app.lantuWriteRoutes.filter((r) => r.url.includes('audit'))).toEqual([]);
      const before = await auditCount();
      for (const method of ['POST', 'PUT', 'PATCH', 'DELETE'] as const)
        for (const url of ['/api/audit', '/api/audit/1']) {
          const response = await app.inject({
            method,
            url,
            payload: {},
            headers: headersOf('admin-in'),
          });
          expect(response.statusCode, `${method} ${url}`).toBe(404);
        }
      expect(await auditCount()).toBe(before);
    });
  });

  describe('session fixation', () => {
    it('does not accept a cookie value the client chose as a session', async () => {
      const planted = { cookie: `${sessionCookieName}=attacker-chosen-value` };
      const session = await app.inject({ method: 'GET', url: '/api/session', headers: planted });
      expect(session.json<unknown>()).toMatchObject({ user: null, csrfToken: null });
      const write = await app.inject({
        method: 'POST',
        url: '/api/categories',
        payload: { code: 'FIX', name: '固定', parentCode: null },
        headers: { ...planted, [csrfHeaderName]: 'anything' },
      });
      expect(write.statusCode).toBe(401);
    });

    it('issues a new session id at login and ends the one the browser held', async () => {
      const planted = await logIn(app, 'viewer-in');
      const login = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username: 'planner-in', password: testPassword },
        headers: { cookie: planted.cookie },
      });
      expect(login.statusCode).toBe(200);
      const issued = login.cookies.find((c) => c.name === sessionCookieName);
      expect(`${sessionCookieName}=${issued?.value}`).not.toBe(planted.cookie);
      const old = await app.inject({ method: 'GET', url: '/api/session', headers: planted });
      expect(old.json<unknown>()).toMatchObject({ user: null });
    });
  });

  describe('CSRF', () => {
    const write = (headers: Record<string, string>) =>
      app.inject({
        method: 'PATCH',
        url: '/api/indicators/JOBS',
        payload: { source: 'csrf' },
        headers,
      });

    it('refuses a write with a valid cookie but no or a wrong x-csrf-token', async () => {
      const { cookie, [csrfHeaderName]: token } = headersOf('planner-in');
      const missing = await write({ cookie });
      expect(missing.statusCode).toBe(403);
      expect(missing.json<unknown>()).toMatchObject({
        code: 'FORBIDDEN',
        message: expect.stringMatching(/CSRF/),
      });
      expect((await write({ cookie, [csrfHeaderName]: `${token.slice(1)}x` })).statusCode).toBe(
        403,
      );
      expect(
        (await write({ cookie, [csrfHeaderName]: headersOf('admin-in')[csrfHeaderName] }))
          .statusCode,
      ).toBe(403);
      expect((await write({ cookie, [csrfHeaderName]: token })).statusCode).toBe(200);
    });

    it('refuses a logout without the token, and ends the session with it', async () => {
      const headers = await logIn(app, 'viewer-in');
      const refused = await app.inject({
        method: 'DELETE',
        url: '/api/session',
        headers: { cookie: headers.cookie },
      });
      expect(refused.statusCode).toBe(403);
      const done = await app.inject({ method: 'DELETE', url: '/api/session', headers });
      expect(done.statusCode).toBe(204);
      const after = await app.inject({ method: 'GET', url: '/api/session', headers });
      expect(after.json<unknown>()).toMatchObject({ user: null });
    });
  });

  describe('login', () => {
    it('sets an httpOnly, SameSite=Strict cookie on path /, Secure only on https', async () => {
      const login = await app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username: 'viewer-in', password: testPassword },
      });
      const cookie = login.cookies.find((c) => c.name === sessionCookieName);
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/' });
      expect(cookie?.secure).toBeUndefined();
      expect(login.json<unknown>()).toMatchObject({
        user: { username: 'viewer-in', roles: ['viewer'], units: [{ code: 'T' }] },
        csrfToken: expect.any(String),
      });
      const secureApp = await buildApp({ ...deps, auth: { secureCookies: true } });
      const secure = await secureApp.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username: 'viewer-in', password: testPassword },
      });
      expect(secure.cookies.find((c) => c.name === sessionCookieName)?.secure).toBe(true);
      await secureApp.close();
    });

    it('answers 429 with a Chinese and English retry time after 5 failed logins for a username', async () => {
      await services.accounts.createUser(
        { username: 'victim', password: testPassword, roles: ['viewer'] },
        systemActor,
      );
      const attempt = (password: string) =>
        app.inject({
          method: 'POST',
          url: '/api/session',
          payload: { username: 'victim', password },
          remoteAddress: '192.0.2.7',
        });
      for (let i = 0; i < 5; i += 1) expect((await attempt('wrong-password')).statusCode).toBe(401);
      const limited = await attempt(testPassword);
      expect(limited.statusCode).toBe(429);
      expect(limited.headers['retry-after']).toBe('900');
      expect(limited.json<unknown>()).toMatchObject({
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/后重试/),
        messageEn: expect.stringMatching(/retry after/),
      });
    });
  });

  it('ignores X-Forwarded-For unless behind a trusted proxy (LANTU_TRUST_PROXY)', async () => {
    await services.accounts.createUser(
      { username: 'proxied', password: testPassword, roles: ['viewer'] },
      systemActor,
    );
    const attempt = (target: LantuApp, forwardedFor: string, password = 'wrong-password') =>
      target.inject({
        method: 'POST',
        url: '/api/session',
        payload: { username: 'proxied', password },
        remoteAddress: '192.0.2.50',
        headers: { 'x-forwarded-for': forwardedFor },
      });
    // Without a trusted proxy a new X-Forwarded-For per guess does not make a new address.
    for (let i = 0; i < 5; i += 1)
      expect((await attempt(app, `198.51.100.${i}`)).statusCode).toBe(401);
    expect((await attempt(app, '198.51.100.99', testPassword)).statusCode).toBe(429);
    // Behind a trusted proxy the forwarded address is the client's: another client still logs in.
    const proxied = await buildApp({ ...deps, trustProxy: true });
    try {
      expect((await attempt(proxied, '203.0.113.9', testPassword)).statusCode).toBe(200);
    } finally {
      await proxied.close();
    }
  });

  describe('reads', () => {
    /** One read route of the API and a request for it; a signed-in caller gets `okStatus`. */
    interface ReadCase {
      readonly route: string;
      readonly url: () => string;
      /** Answers without a session whatever the setting (health, the session itself). */
      readonly isOpen?: boolean;
      /** Part of the public cockpit (LANTU_PUBLIC_READ=1). */
      readonly isPublic?: boolean;
      /** Only roles that hold this action read it. */
      readonly permission?: Action;
      readonly okStatus?: number;
      /** Only callers whose units hold the unit asked for (the templates one fills in). */
      readonly isScoped?: boolean;
    }
    const readCases: ReadCase[] = [
      { route: '/api/health', url: () => '/api/health', isOpen: true },
      { route: '/api/session', url: () => '/api/session', isOpen: true },
      { route: '/api/plans', url: () => '/api/plans', isPublic: true },
      { route: '/api/plans/:id', url: () => `/api/plans/${planId}`, isPublic: true },
      {
        route: '/api/plans/:id/headlines',
        url: () => `/api/plans/${planId}/headlines`,
        isPublic: true,
      },
      {
        route: '/api/plans/:id/summary',
        url: () => `/api/plans/${planId}/summary`,
        isPublic: true,
      },
      {
        route: '/api/plans/:id/ranking',
        url: () => `/api/plans/${planId}/ranking?scope=towns`,
        isPublic: true,
      },
      { route: '/api/targets/:id', url: () => `/api/targets/${targetId}`, isPublic: true },
      { route: '/api/units', url: () => '/api/units', isPublic: true },
      { route: '/api/categories', url: () => '/api/categories', isPublic: true },
      { route: '/api/indicators', url: () => '/api/indicators', isPublic: true },
      {
        route: '/api/indicators/:code/series',
        url: () => '/api/indicators/JOBS/series?unit=T',
        isPublic: true,
      },
      {
        route: '/api/indicators/:code/breakdown',
        url: () => '/api/indicators/JOBS/breakdown?unit=D&period=202503',
        isPublic: true,
      },
      {
        route: '/api/collection/timeliness',
        url: () => '/api/collection/timeliness?year=2025',
        isPublic: true,
      },
      { route: '/api/audit', url: () => '/api/audit' },
      { route: '/api/notifications', url: () => '/api/notifications' },
      { route: '/api/documents', url: () => '/api/documents' },
      {
        route: '/api/documents/:id/:format',
        url: () => '/api/documents/no-such-document/docx',
        okStatus: 404,
      },
      { route: '/api/warning-rules', url: () => '/api/warning-rules' },
      { route: '/api/warnings', url: () => '/api/warnings' },
      { route: '/api/projects', url: () => '/api/projects' },
      { route: '/api/projects/summary', url: () => '/api/projects/summary' },
      { route: '/api/projects/gantt', url: () => '/api/projects/gantt' },
      { route: '/api/projects/gantt.xlsx', url: () => '/api/projects/gantt.xlsx' },
      { route: '/api/projects/export.xlsx', url: () => '/api/projects/export.xlsx' },
      { route: '/api/dispatch/:periodId', url: () => '/api/dispatch/202510D2' },
      {
        route: '/api/dispatch/:periodId/export.xlsx',
        url: () => '/api/dispatch/202510D2/export.xlsx',
      },
      { route: '/api/projects/:code', url: () => '/api/projects/NO-SUCH', okStatus: 404 },
      {
        route: '/api/projects/:code/investment',
        url: () => '/api/projects/NO-SUCH/investment',
        okStatus: 404,
      },
      {
        route: '/api/projects/:code/blockers',
        url: () => '/api/projects/NO-SUCH/blockers',
        okStatus: 404,
      },
      {
        route: '/api/projects/:code/milestones',
        url: () => '/api/projects/NO-SUCH/milestones',
        okStatus: 404,
      },
      { route: '/api/plans/:id/changes', url: () => `/api/plans/${planId}/changes` },
      { route: '/api/settings/light-thresholds', url: () => '/api/settings/light-thresholds' },
      { route: '/api/users', url: () => '/api/users', permission: 'user.manage' },
      { route: '/api/collection/form', url: () => '/api/collection/form?unit=T&period=202503' },
      {
        route: '/api/collection/upload/:jobId',
        url: () => '/api/collection/upload/no-such-job',
        okStatus: 404,
      },
      {
        route: '/api/collection/template.xlsx',
        url: () => '/api/collection/template.xlsx?unit=T&period=202503',
        isScoped: true,
      },
      {
        route: '/api/collection/template.csv',
        url: () => '/api/collection/template.csv?unit=T&period=202503',
        isScoped: true,
      },
      { route: '/api/collection/status', url: () => '/api/collection/status?period=202503' },
      { route: '/api/collection/review-queue', url: () => '/api/collection/review-queue' },
      { route: '/api/collection/overdue', url: () => '/api/collection/overdue' },
      { route: '/api/collection/todo', url: () => '/api/collection/todo' },
      { route: '/api/collection/due-rules', url: () => '/api/collection/due-rules' },
      {
        route: '/api/collection/assignments/:unitCode',
        url: () => '/api/collection/assignments/T',
      },
      { route: '/api/tasks/:nodeId/progress', url: () => `/api/tasks/${taskId}/progress` },
      { route: '/api/plans/:id/progress', url: () => `/api/plans/${planId}/progress` },
      {
        route: '/api/comments',
        url: () => `/api/comments?subjectKind=task&subjectId=${taskId}`,
      },
      {
        route: '/api/tasks/progress/:id/attachments',
        url: () => `/api/tasks/progress/${progressId}/attachments`,
      },
      { route: '/api/attachments/:id', url: () => `/api/attachments/${attachmentId}` },
    ];

    it('knows every read route of the app, so that a new one cannot be left out of the matrix', () => {
      const routes = app.lantuReadRoutes.filter((r) => !r.url.startsWith('/api/docs'));
      expect(routes.map((r) => r.url).sort()).toEqual(readCases.map((c) => c.route).sort());
      for (const c of readCases)
        expect(routes).toContainEqual({
          url: c.route,
          isPublicRead: c.isPublic === true,
          permission: c.permission ?? null,
        });
    });

    describe.each([false, true])('with LANTU_PUBLIC_READ=%s', (publicRead) => {
      let target: LantuApp;
      beforeAll(async () => {
        target = await buildApp({ ...deps, auth: { publicRead } });
      });
      afterAll(async () => {
        await target.close();
      });

      it.each(readCases)(
        'answers GET $route without a session only when it is open or public',
        async (c) => {
          const response = await target.inject({ method: 'GET', url: c.url() });
          const isReadable = c.isOpen === true || (publicRead && c.isPublic === true);
          if (isReadable) expect(response.statusCode, response.body).toBe(200);
          else {
            expect(response.statusCode).toBe(401);
            expect(response.json<unknown>()).toMatchObject({ code: 'UNAUTHENTICATED' });
          }
        },
      );

      it(`${publicRead ? 'serves' : 'does not serve'} the API docs without a session`, async () => {
        const response = await target.inject({ method: 'GET', url: '/api/docs/json' });
        expect(response.statusCode).toBe(publicRead ? 200 : 401);
      });
    });

    it('answers an unknown /api path 401 without a session, 404 with one', async () => {
      expect((await app.inject({ method: 'GET', url: '/api/nothing' })).statusCode).toBe(401);
      const withSession = await app.inject({
        method: 'GET',
        url: '/api/nothing',
        headers: headersOf('viewer-in'),
      });
      expect(withSession.statusCode).toBe(404);
    });

    describe.each(readCases)('GET $route', (c) => {
      it.each(principals.filter((p) => p.role !== null))(
        'answers $name as the grant table says',
        async ({ role, scope }) => {
          const response = await app.inject({
            method: 'GET',
            url: c.url(),
            headers: headersOf(`${role}-${scope}`),
          });
          if (c.permission && role !== 'admin') {
            expect(response.statusCode).toBe(403);
            expect(response.json<unknown>()).toMatchObject({ code: 'FORBIDDEN' });
          } else if (c.isScoped && scope === 'out') {
            expect(response.statusCode).toBe(403);
            expect(response.json<unknown>()).toMatchObject({ code: 'OUT_OF_SCOPE' });
          } else expect(response.statusCode, response.body).toBe(c.okStatus ?? 200);
        },
      );
    });

    it('shows the public cockpit a target without its audit trail or values not approved', async () => {
      const jobs = await database.db
        .selectFrom('indicator')
        .select('id')
        .where('code', '=', 'JOBS')
        .executeTakeFirstOrThrow();
      await database.db
        .updateTable('target')
        .set({ indicator_id: jobs.id })
        .where('id', '=', targetId)
        .execute();
      // The seed plan is of 2026; an edit gives the target an audit trail.
      await seedValue('202601', 'approved');
      await seedValue('202602', 'draft');
      await setPlanDraft(planId);
      const edited = await app.inject({
        method: 'PATCH',
        url: `/api/targets/${targetId}`,
        headers: headersOf('planner-in'),
        payload: { version: (await currentTarget()).version, value: 1200 },
      });
      expect(edited.statusCode, edited.body).toBe(200);
      const open = await buildApp({ ...deps, auth: { publicRead: true } });
      try {
        const url = `/api/targets/${targetId}`;
        type Detail = { audit: unknown[]; observations: { periodId: string; state: string }[] };
        const anonymous = (await open.inject({ method: 'GET', url })).json<Detail>();
        const signedIn = (
          await open.inject({ method: 'GET', url, headers: headersOf('planner-in') })
        ).json<Detail>();
        expect(signedIn.audit.length).toBeGreaterThan(0);
        // Drafts count for nobody: the target's data is what its light was judged on.
        expect(signedIn.observations.map((o) => `${o.periodId}:${o.state}`)).toEqual([
          '202601:approved',
        ]);
        expect(anonymous.audit).toEqual([]);
        expect(anonymous.observations).toEqual(signedIn.observations);
      } finally {
        await open.close();
      }
    });
  });
});
