/**
 * Routes of key projects: the registry (list, one project, create, edit), the office's list
 * in and out, monthly investment and its review, and blockers.
 */
import { Type } from 'typebox';
import {
  CodeString,
  ErrorBody,
  IdString,
  PeriodIdString,
  RejectedRowsBody,
} from '../../contract/common.ts';
import { defaultGanttPageSize, maxGanttPageSize } from '../../core/milestone.ts';
import {
  BaselineBody,
  DistrictSummary,
  GanttView,
  MilestonesBody,
  MilestoneView,
  BlockerBody,
  BlockerMoveBody,
  BlockerView,
  ProjectCreateBody,
  InvestmentActualBody,
  InvestmentPlanBody,
  InvestmentReviewBody,
  InvestmentReviewResult,
  ProjectDetail,
  ProjectExportQuery,
  ProjectInvestmentView,
  ProjectImportBody,
  ProjectImportResult,
  ProjectListQuery,
  ProjectPatchBody,
  ProjectView,
} from '../../contract/project.ts';
import type { Clock } from '../../services/ports.ts';
import type { Services } from '../services.ts';
import { actorOf, requirePermission } from '../auth.ts';
import { attachmentDisposition, xlsxMediaType } from '../download.ts';
import type { Api } from './api.ts';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const CodeParams = Type.Object({ code: CodeString('project code') });
const MonthParams = Type.Object({
  code: CodeString('project code'),
  periodId: PeriodIdString(),
});

// The project service checks the scope (the project's responsible unit) itself.
export function registerProjectRoutes(api: Api, services: Services, deps: { clock: Clock }): void {
  const thisYear = () => Number(deps.clock.today().slice(0, 4));
  // Registered before /projects/:code so that the static path wins.
  api.get(
    '/projects/export.xlsx',
    {
      schema: {
        tags: ['project'],
        summary: '导出项目清单 The project list as the office keeps it (.xlsx)',
        querystring: ProjectExportQuery,
        produces: [xlsxMediaType],
        response: { 200: Type.Unknown({ description: 'the workbook' }), ...errors },
      },
    },
    async (request, reply) => {
      const today = deps.clock.today();
      const year = request.query.year ?? thisYear();
      const month = Number(today.slice(5, 7));
      const throughMonth =
        request.query.throughMonth ?? (year < thisYear() ? 12 : Math.max(1, month - 1));
      const content = await services.projects.exportProjects({
        year,
        throughMonth,
        title: `${year}年重点项目清单`,
      });
      return reply
        .header('content-type', xlsxMediaType)
        .header(
          'content-disposition',
          attachmentDisposition(`${year}年重点项目清单.xlsx`, `projects-${year}.xlsx`),
        )
        .send(content);
    },
  );
  api.post(
    '/projects/import',
    {
      preHandler: requirePermission('project.write'),
      schema: {
        tags: ['project'],
        summary:
          "导入项目清单 Import the office's project list (.xlsx), all or nothing; dryRun shows what changes",
        description:
          'Every bad cell is listed in details.problems (RowProblem[]: the sheet row, column, value, rule, reason) and nothing is imported: 422 IMPORT_REJECTED, or 403 OUT_OF_SCOPE when a project belongs to a unit outside yours.',
        body: ProjectImportBody,
        response: {
          200: ProjectImportResult,
          ...errors,
          403: RejectedRowsBody,
          422: RejectedRowsBody,
        },
      },
    },
    (request) =>
      services.projects.importProjects(
        {
          fileName: request.body.fileName,
          content: Buffer.from(request.body.contentBase64, 'base64'),
          year: request.body.year ?? thisYear(),
          dryRun: request.body.dryRun ?? false,
        },
        actorOf(request),
      ),
  );
  api.get(
    '/projects',
    {
      schema: {
        tags: ['project'],
        summary: '重点项目清单 Key projects, filtered by stage, kind, level, unit, town or text',
        querystring: ProjectListQuery,
        response: { 200: Type.Array(ProjectView) },
      },
    },
    (request) => services.projects.listProjects(request.query),
  );
  api.get(
    '/projects/:code',
    {
      schema: {
        tags: ['project'],
        summary: '项目详情 One project with its links to the plan',
        params: CodeParams,
        response: { 200: ProjectDetail, ...errors },
      },
    },
    (request) => services.projects.getProject(request.params.code),
  );
  api.post(
    '/projects',
    {
      preHandler: requirePermission('project.write'),
      schema: {
        tags: ['project'],
        summary: '登记项目 Register a project',
        body: ProjectCreateBody,
        response: { 200: ProjectDetail, ...errors },
      },
    },
    (request) => services.projects.createProject(request.body, actorOf(request)),
  );
  api.patch(
    '/projects/:code',
    {
      preHandler: requirePermission('project.write'),
      schema: {
        tags: ['project'],
        summary: '修改项目 Edit a project (the version the editor saw)',
        params: CodeParams,
        body: ProjectPatchBody,
        response: { 200: ProjectDetail, ...errors },
      },
    },
    (request) => {
      const { reason, ...patch } = request.body;
      return services.projects.updateProject(request.params.code, patch, actorOf(request), reason);
    },
  );
  api.get(
    '/projects/:code/investment',
    {
      schema: {
        tags: ['project'],
        summary: '项目投资 Monthly plan and actuals of a year, completion against plan and 序时',
        params: CodeParams,
        querystring: Type.Object({
          year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
        }),
        response: { 200: ProjectInvestmentView, ...errors },
      },
    },
    (request) => services.projects.getInvestment(request.params.code, request.query.year),
  );
  api.put(
    '/projects/:code/investment-plan',
    {
      preHandler: requirePermission('project.write'),
      schema: {
        tags: ['project'],
        summary: '月度计划投资 Set a year’s monthly plan (or split the annual plan evenly)',
        params: CodeParams,
        body: InvestmentPlanBody,
        response: { 200: ProjectInvestmentView, ...errors },
      },
    },
    (request) =>
      services.projects.setMonthlyPlan(request.params.code, request.body, actorOf(request)),
  );
  api.put(
    '/projects/:code/investment/:periodId',
    {
      preHandler: requirePermission('project.write'),
      schema: {
        tags: ['project'],
        summary: '填报月度完成投资 Report a month’s actual (draft, or submitted for review)',
        params: MonthParams,
        body: InvestmentActualBody,
        response: {
          200: Type.Object({ state: Type.String(), version: Type.Number() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const saved = await services.projects.reportActual(
        request.params.code,
        request.params.periodId,
        request.body,
        actorOf(request),
      );
      return { state: saved.state, version: saved.version };
    },
  );
  api.post(
    '/projects/:code/investment/:periodId/review',
    {
      preHandler: requirePermission('observation.review'),
      schema: {
        tags: ['project'],
        summary:
          '审核月度完成投资 Approve (lock) or return a month; an approved month feeds the indicator',
        params: MonthParams,
        body: InvestmentReviewBody,
        response: { 200: InvestmentReviewResult, ...errors },
      },
    },
    (request) =>
      services.projects.reviewActual(
        request.params.code,
        request.params.periodId,
        request.body,
        actorOf(request),
      ),
  );
  api.post(
    '/projects/stage-counts/:periodId',
    {
      preHandler: requirePermission('observation.review'),
      schema: {
        tags: ['project'],
        summary:
          '统计新开工、竣工项目 Count a finished month’s new starts and completions of a region’s key projects into their indicators',
        params: Type.Object({ periodId: PeriodIdString() }),
        body: Type.Object({ unitCode: CodeString('region code') }, { additionalProperties: false }),
        response: {
          200: Type.Array(
            Type.Object({
              event: Type.String(),
              indicatorCode: Type.String(),
              status: Type.String(),
              value: Type.Optional(Type.Number()),
              reason: Type.Optional(Type.String()),
            }),
          ),
          ...errors,
        },
      },
    },
    (request) =>
      services.projects.syncStageCounts(
        request.params.periodId,
        request.body.unitCode,
        actorOf(request),
      ),
  );
  api.get(
    '/projects/:code/blockers',
    {
      schema: {
        tags: ['project'],
        summary: '项目卡点 A project’s blockers with state, level, age',
        params: CodeParams,
        response: { 200: Type.Array(BlockerView), ...errors },
      },
    },
    (request) => services.projects.listBlockers(request.params.code),
  );
  api.post(
    '/projects/:code/blockers',
    {
      preHandler: requirePermission('project.write'),
      schema: {
        tags: ['project'],
        summary:
          '提出卡点 Raise a blocker: type, description, the unit that must solve it, due date',
        params: CodeParams,
        body: BlockerBody,
        response: { 200: BlockerView, ...errors },
      },
    },
    (request) =>
      services.projects.raiseBlocker(request.params.code, request.body, actorOf(request)),
  );
  const IdParams = Type.Object({ id: IdString });
  for (const [suffix, action, summary] of [
    [
      'state',
      'project.write',
      '办理卡点 Work on, resolve (待销号, with evidence), or — whoever raised it — close out or reopen',
    ],
    ['review', 'observation.review', '审核员销号或重新打开 A reviewer closes out or reopens'],
  ] as const)
    api.post(
      `/blockers/:id/${suffix}`,
      {
        preHandler: requirePermission(action),
        schema: {
          tags: ['project'],
          summary,
          params: IdParams,
          body: BlockerMoveBody,
          response: { 200: BlockerView, ...errors },
        },
      },
      (request) => services.projects.moveBlocker(request.params.id, request.body, actorOf(request)),
    );
  api.get(
    '/projects/gantt.xlsx',
    {
      schema: {
        tags: ['project'],
        summary: '导出甘特图 The Gantt of a unit’s or a town’s projects (.xlsx, A4 landscape)',
        querystring: Type.Object({
          unitCode: Type.Optional(CodeString('unit code')),
          townCode: Type.Optional(CodeString('town code')),
        }),
        produces: [xlsxMediaType],
        response: { 200: Type.Unknown({ description: 'the workbook' }), ...errors },
      },
    },
    async (request, reply) =>
      reply
        .header('content-type', xlsxMediaType)
        .header('content-disposition', attachmentDisposition('重点项目甘特图.xlsx', 'gantt.xlsx'))
        .send(await services.projects.exportGantt(request.query)),
  );
  api.get(
    '/projects/gantt',
    {
      schema: {
        tags: ['project'],
        summary:
          '甘特图数据 A page of the Gantt rows of a unit’s (and below) or a town’s projects, by code, with the total and today',
        querystring: Type.Object({
          unitCode: Type.Optional(CodeString('unit code')),
          townCode: Type.Optional(CodeString('town code')),
          limit: Type.Optional(
            Type.Integer({
              minimum: 1,
              maximum: maxGanttPageSize,
              description: `rows per page (default ${defaultGanttPageSize})`,
            }),
          ),
          offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000_000 })),
        }),
        response: { 200: GanttView, ...errors },
      },
    },
    (request) => services.projects.getGantt(request.query),
  );
  api.get(
    '/projects/:code/milestones',
    {
      schema: {
        tags: ['project'],
        summary: '项目节点 Milestones with baseline, slip and light',
        params: CodeParams,
        response: { 200: Type.Array(MilestoneView), ...errors },
      },
    },
    (request) => services.projects.getMilestones(request.params.code),
  );
  api.put(
    '/projects/:code/milestones',
    {
      preHandler: requirePermission('project.write'),
      schema: {
        tags: ['project'],
        summary: '修改节点 Planned, forecast and actual dates (the baseline does not move)',
        params: CodeParams,
        body: MilestonesBody,
        response: { 200: Type.Array(MilestoneView), ...errors },
      },
    },
    (request) =>
      services.projects.setMilestones(
        request.params.code,
        request.body.milestones,
        actorOf(request),
      ),
  );
  api.post(
    '/projects/:code/baseline',
    {
      preHandler: requirePermission('plan.adopt'),
      schema: {
        tags: ['project'],
        summary: '核定基线 Approve the baseline (a re-baselining needs a reason)',
        params: CodeParams,
        body: BaselineBody,
        response: { 200: Type.Array(MilestoneView), ...errors },
      },
    },
    (request) =>
      services.projects.approveBaseline(
        request.params.code,
        request.body.reason ?? '',
        actorOf(request),
      ),
  );
  api.get(
    '/projects/summary',
    {
      schema: {
        tags: ['project'],
        summary:
          '全区汇总 District summary: stage counts, investment against plan and 序时 by kind, level and town, blockers by age',
        querystring: Type.Object({
          year: Type.Optional(Type.Integer({ minimum: 2000, maximum: 2100 })),
        }),
        response: { 200: DistrictSummary, ...errors },
      },
    },
    (request) => services.projects.getDistrictSummary(request.query.year),
  );
}
