/** Routes of the registry: health, units, categories, indicators, series, observations, audit. */
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { DomainError } from '../../core/domain-error.ts';
import { bodyLimits } from '../body-limits.ts';
import { CodeString, ErrorBody, RejectedRowsBody } from '../../contract/common.ts';
import {
  AuditQuery,
  AuditRecord,
  Breakdown,
  BreakdownQuery,
  CategoryBody,
  CategoryView,
  Health,
  IndicatorBody,
  IndicatorPatch,
  IndicatorView,
  ObservationBatchBody,
  ObservationBatchResult,
  Series,
  SeriesQuery,
  UnitBody,
  UnitPatch,
  UnitView,
} from '../../contract/registry.ts';
import type { AppDeps, Services } from '../services.ts';
import type { Api } from './api.ts';
import { actorOf, requirePermission } from '../auth.ts';

const unitView = <T extends { keywords: readonly string[] }>(u: T) => ({
  ...u,
  keywords: [...u.keywords],
});
const indicatorView = <T extends { aliases: readonly string[]; categoryCodes: readonly string[] }>(
  i: T,
) => ({
  ...i,
  aliases: [...i.aliases],
  categoryCodes: [...i.categoryCodes],
});

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};

export function registerRegistryRoutes(api: Api, services: Services, deps: AppDeps): void {
  // Scope hooks run after validation, so the casts below read what the schema checked.
  // An unknown code gives no path: the service then answers NOT_FOUND.
  const pathOfUnit = async (code: string) =>
    (await services.accounts.findUnitPaths([code])).get(code) ?? null;
  /** A new unit is created within its parent; a top-level one needs the whole tree ('/'). */
  const parentScope = async (request: FastifyRequest) => {
    const { parentCode } = request.body as Static<typeof UnitBody>;
    return parentCode === null ? '/' : pathOfUnit(parentCode);
  };
  const unitScope = (request: FastifyRequest) =>
    pathOfUnit((request.params as { code: string }).code);

  api.get(
    '/health',
    { schema: { tags: ['system'], summary: '健康检查 Health', response: { 200: Health } } },
    () => ({
      status: 'ok' as const,
      engine: deps.database.engine,
      version: deps.version,
    }),
  );

  api.get(
    '/units',
    {
      config: { isPublicRead: true },
      schema: {
        tags: ['registry'],
        summary: '单位列表 Units',
        response: { 200: Type.Array(UnitView) },
      },
    },
    async () => (await services.registry.listUnits()).map(unitView),
  );
  api.post(
    '/units',
    {
      preHandler: requirePermission('unit.write', parentScope),
      schema: {
        tags: ['registry'],
        summary: '新增单位 Create a unit',
        body: UnitBody,
        response: { 201: UnitView, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(unitView(await services.registry.createUnit(request.body, actorOf(request)))),
  );
  api.patch(
    '/units/:code',
    {
      preHandler: requirePermission('unit.write', unitScope),
      schema: {
        tags: ['registry'],
        summary: '修改单位 Edit a unit',
        params: Type.Object({ code: CodeString() }),
        body: UnitPatch,
        response: { 200: UnitView, ...errors },
      },
    },
    async (request) => {
      const { reason, ...patch } = request.body;
      return unitView(
        await services.registry.updateUnit(request.params.code, patch, actorOf(request), reason),
      );
    },
  );

  api.get(
    '/categories',
    {
      config: { isPublicRead: true },
      schema: {
        tags: ['registry'],
        summary: '指标分类 Categories (system → runway → sub-runway)',
        response: { 200: Type.Array(CategoryView) },
      },
    },
    () => services.registry.listCategories(),
  );
  api.post(
    '/categories',
    {
      preHandler: requirePermission('unit.write'),
      schema: {
        tags: ['registry'],
        summary: '新增分类 Create a category',
        body: CategoryBody,
        response: { 201: CategoryView, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await services.registry.createCategory(request.body, actorOf(request))),
  );

  api.get(
    '/indicators',
    {
      config: { isPublicRead: true },
      schema: {
        tags: ['registry'],
        summary: '指标库 Indicators',
        response: { 200: Type.Array(IndicatorView) },
      },
    },
    async () => (await services.registry.listIndicators()).map(indicatorView),
  );
  api.post(
    '/indicators',
    {
      preHandler: requirePermission('indicator.write'),
      schema: {
        tags: ['registry'],
        summary: '新增指标 Create an indicator',
        body: IndicatorBody,
        response: { 201: IndicatorView, ...errors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          indicatorView(await services.registry.createIndicator(request.body, actorOf(request))),
        ),
  );
  api.patch(
    '/indicators/:code',
    {
      preHandler: requirePermission('indicator.write'),
      schema: {
        tags: ['registry'],
        summary: '修改指标 Edit an indicator',
        params: Type.Object({ code: CodeString() }),
        body: IndicatorPatch,
        response: { 200: IndicatorView, ...errors },
      },
    },
    async (request) => {
      const { reason, ...patch } = request.body;
      return indicatorView(
        await services.registry.updateIndicator(
          request.params.code,
          patch,
          actorOf(request),
          reason,
        ),
      );
    },
  );
  api.get(
    '/indicators/:code/series',
    {
      config: { isPublicRead: true },
      schema: {
        tags: ['data'],
        summary: '指标序列 Series of an indicator for a unit, with the sum over its descendants',
        params: Type.Object({ code: CodeString() }),
        querystring: SeriesQuery,
        response: { 200: Series, ...errors },
      },
    },
    (request) =>
      services.observations.getSeries(request.params.code, request.query.unit, request.query),
  );
  api.get(
    '/indicators/:code/breakdown',
    {
      config: { isPublicRead: true },
      schema: {
        tags: ['data'],
        summary: '下级单位分解 Values of the child units for one period',
        params: Type.Object({ code: CodeString() }),
        querystring: BreakdownQuery,
        response: { 200: Breakdown, ...errors },
      },
    },
    (request) =>
      services.observations.getBreakdown(
        request.params.code,
        request.query.unit,
        request.query.period,
      ),
  );

  api.post(
    '/observations/batch',
    {
      bodyLimit: bodyLimits.batch,
      preHandler: requirePermission('observation.write'),
      schema: {
        tags: ['data'],
        summary: '批量写入观测值 Batch write of observations (all or nothing)',
        description:
          'Every bad row is reported in details.problems (RowProblem[]: row from 1, field, value, rule, reason) and nothing is written: 422 IMPORT_REJECTED, or 403 OUT_OF_SCOPE when rows are for units outside yours.',
        body: ObservationBatchBody,
        response: {
          200: ObservationBatchResult,
          ...errors,
          403: RejectedRowsBody,
          422: RejectedRowsBody,
        },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const result = await services.observations.writeObservations(request.body.rows, actor, {
        reason: request.body.reason ?? '',
      });
      if (!result.ok)
        throw new DomainError(
          'IMPORT_REJECTED',
          `有${result.problems.length}行数据有误，未写入任何数据；请按明细修改后重新提交`,
          `${result.problems.length} bad rows; nothing was written — fix them and resubmit`,
          { details: { problems: result.problems } },
        );
      return { written: result.written, inserted: result.inserted, updated: result.updated };
    },
  );

  api.get(
    '/audit',
    {
      schema: {
        tags: ['system'],
        summary: '审计日志 Audit log (read only)',
        querystring: AuditQuery,
        response: { 200: Type.Array(AuditRecord) },
      },
    },
    (request) => services.audit.list(request.query),
  );
}
