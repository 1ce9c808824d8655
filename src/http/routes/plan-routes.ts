/** Routes of plans and targets: list, tree, summary, import, status, target edits. */
import { Type, type Static } from 'typebox';
import type { Clock } from '../../services/ports.ts';
import { bodyLimits } from '../body-limits.ts';
import { ErrorBody, IdString } from '../../contract/common.ts';
import { createResponseCache } from '../response-cache.ts';
import {
  AsOfQuery,
  ImportPlanBody,
  ImportResult,
  LightThresholdsBody,
  LightThresholdsView,
  NodeUnitsBody,
  NodeUnitsResult,
  PlanChanges,
  PlanListItem,
  PlanStatusBody,
  PlanHeadlines,
  PlanSummary,
  PlanTree,
  TargetDetail,
  TargetIndicatorBody,
  TargetPatch,
} from '../../contract/plan.ts';
import { importPlanFrom } from '../../services/plan-import.ts';
import type { FastifyRequest } from 'fastify';
import type { Services } from '../services.ts';
import { actorOf, requirePermission } from '../auth.ts';
import type { Api } from './api.ts';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const IdParams = Type.Object({ id: IdString });
const NodeParams = Type.Object({ id: IdString, nodeId: IdString });
const TargetResult = Type.Object({
  id: Type.String(),
  version: Type.Number(),
  status: Type.String(),
});

export function registerPlanRoutes(api: Api, services: Services, deps: { clock: Clock }): void {
  // The assessed tree is the cockpit's heaviest read: kept per plan, date and data version.
  const trees = createResponseCache();
  // The headline cards, per plan and data version (they read no clock).
  const headlines = createResponseCache();
  // Scope hooks run after validation, so the casts below read what the schema checked.
  const planScope = (request: FastifyRequest) =>
    services.accounts.findPlanScope((request.params as Static<typeof IdParams>).id);
  const targetScope = (request: FastifyRequest) =>
    services.accounts.findTargetScope((request.params as Static<typeof IdParams>).id);

  api.get(
    '/plans',
    {
      config: { isPublicRead: true },
      schema: {
        tags: ['plan'],
        summary: '计划列表 Plans',
        response: { 200: Type.Array(PlanListItem) },
      },
    },
    () => services.plans.listPlans(),
  );
  api.get(
    '/plans/:id',
    {
      config: { isPublicRead: true },
      schema: {
        tags: ['plan'],
        summary: '计划树及每个目标的评估 The plan tree, every target with its assessment',
        params: IdParams,
        querystring: AsOfQuery,
        response: { 200: PlanTree, ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { asOf } = request.query;
      // Every write appends an audit entry, so its newest seq names the data's version: two
      // app instances on one database both see a change. The date matters when asOf is absent.
      const version = await services.audit.latestSeq();
      const key = `${id}|${asOf ?? `today ${deps.clock.today()}`}|${version}`;
      return trees.send(request, reply, key, () => services.plans.getPlanTree(id, asOf));
    },
  );
  api.get(
    '/plans/:id/summary',
    {
      config: { isPublicRead: true },
      schema: {
        tags: ['plan'],
        summary: '红黄绿灯汇总 Counts by light, overall and by group',
        params: IdParams,
        querystring: AsOfQuery,
        response: { 200: PlanSummary, ...errors },
      },
    },
    (request) => services.plans.getSummary(request.params.id, request.query.asOf),
  );
  api.get(
    '/plans/:id/headlines',
    {
      config: { isPublicRead: true },
      schema: {
        tags: ['plan'],
        summary:
          "头条指标 The headline figures of the plan's unit (year to date, year on year), in one answer",
        params: IdParams,
        response: { 200: PlanHeadlines, ...errors },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const version = await services.audit.latestSeq();
      return headlines.send(request, reply, `${id}|${version}`, async () => {
        const found = await services.headlines.getPlanHeadlines(id);
        return {
          ...found,
          items: found.items.map(({ indicator, headline }) => ({
            indicator: {
              ...indicator,
              aliases: [...indicator.aliases],
              categoryCodes: [...indicator.categoryCodes],
            },
            headline: { ...headline, partialPeriods: [...headline.partialPeriods] },
          })),
        };
      });
    },
  );
  api.post(
    '/plans/:id/status',
    {
      preHandler: requirePermission('plan.adopt', planScope),
      schema: {
        tags: ['plan'],
        summary: '通过 / 退回 / 关闭计划 Adopt, reopen or close a plan',
        params: IdParams,
        body: PlanStatusBody,
        response: { 200: Type.Object({ id: Type.String(), status: Type.String() }), ...errors },
      },
    },
    async (request) => {
      const plan = await services.plans.setPlanStatus(
        request.params.id,
        request.body.status,
        actorOf(request),
        request.body.reason,
      );
      return { id: plan.id, status: plan.status };
    },
  );
  api.post(
    '/plans/import',
    {
      bodyLimit: bodyLimits.document,
      // The unit the plan belongs to is known once the import resolves it: the service checks scope.
      preHandler: requirePermission('plan.write'),
      schema: {
        tags: ['plan'],
        summary: '导入计划文件 Import a plan document (a revision shows what changed)',
        body: ImportPlanBody,
        response: { 200: ImportResult, ...errors },
      },
    },
    async (request) => {
      const { fileName, contentBase64, unitCode, year, dryRun } = request.body;
      return importPlanFrom(
        services,
        { fileName, bytes: Buffer.from(contentBase64, 'base64') },
        { unitCode, year, dryRun },
        actorOf(request),
      );
    },
  );
  api.get(
    '/targets/:id',
    {
      config: { isPublicRead: true },
      schema: {
        tags: ['plan'],
        summary: '目标详情 A target with its series, observations and audit trail',
        params: IdParams,
        querystring: AsOfQuery,
        response: { 200: TargetDetail, ...errors },
      },
    },
    async (request) => {
      const detail = await services.plans.getTargetDetail(request.params.id, request.query.asOf);
      // The public cockpit (no session) shows approved values only and no audit trail.
      if (request.session) return detail;
      return {
        ...detail,
        observations: detail.observations.filter((o) => o.state === 'approved'),
        audit: [],
      };
    },
  );
  api.patch(
    '/targets/:id',
    {
      preHandler: requirePermission('plan.write', targetScope),
      schema: {
        tags: ['plan'],
        summary: '修改、接受或否决目标 Edit, accept or reject a target',
        params: IdParams,
        body: TargetPatch,
        response: { 200: TargetResult, ...errors },
      },
    },
    async (request) => {
      const { reason, ...patch } = request.body;
      const after = await services.plans.updateTarget(
        request.params.id,
        patch,
        actorOf(request),
        reason,
      );
      return { id: after.id, version: after.version, status: after.status };
    },
  );
  api.get(
    '/plans/:id/changes',
    {
      schema: {
        tags: ['plan'],
        summary: '通过以来的变更 What changed in the plan since it was last adopted',
        params: IdParams,
        response: { 200: PlanChanges, ...errors },
      },
    },
    (request) => services.plans.getChangesSinceAdoption(request.params.id),
  );
  api.put(
    '/plans/:id/nodes/:nodeId/units',
    {
      preHandler: requirePermission('plan.write', planScope),
      schema: {
        tags: ['plan'],
        summary: '设置任务的牵头和配合单位 Set the lead and co units of a task',
        params: NodeParams,
        body: NodeUnitsBody,
        response: { 200: NodeUnitsResult, ...errors },
      },
    },
    (request) => {
      const { reason, ...units } = request.body;
      return services.plans.setNodeUnits(
        request.params.id,
        request.params.nodeId,
        units,
        actorOf(request),
        reason,
      );
    },
  );
  api.post(
    '/targets/:id/indicator',
    {
      preHandler: requirePermission('plan.write', targetScope),
      schema: {
        tags: ['plan'],
        summary: '按建议新建指标并关联 Create the proposed indicator and link the target to it',
        params: IdParams,
        body: TargetIndicatorBody,
        response: { 200: TargetResult, ...errors },
      },
    },
    async (request) => {
      const { reason, ...input } = request.body;
      const after = await services.plans.createIndicatorForTarget(
        request.params.id,
        input,
        actorOf(request),
        reason,
      );
      return { id: after.id, version: after.version, status: after.status };
    },
  );
  api.get(
    '/settings/light-thresholds',
    {
      schema: {
        tags: ['plan'],
        summary: '红黄绿灯阈值 The light thresholds in force',
        response: { 200: LightThresholdsView },
      },
    },
    () => services.plans.getLightThresholds(),
  );
  api.put(
    '/settings/light-thresholds',
    {
      preHandler: requirePermission('plan.write'),
      schema: {
        tags: ['plan'],
        summary: '设置红黄绿灯阈值 Set the light thresholds',
        body: LightThresholdsBody,
        response: { 200: LightThresholdsView, ...errors },
      },
    },
    (request) => {
      const { reason, ...patch } = request.body;
      return services.plans.setLightThresholds(patch, actorOf(request), reason);
    },
  );
}
