/** Routes of warnings: rules, evaluation, the inbox and its steps. */
import { IdString } from '../../contract/common.ts';
import { Type, type Static } from 'typebox';
import type { FastifyRequest } from 'fastify';
import { ErrorBody } from '../../contract/common.ts';
import {
  EvaluationResult,
  WarningRuleBody,
  WarningRuleView,
  WarningStepBody,
  WarningView,
} from '../../contract/warning.ts';
import type { WarningRule } from '../../core/warning-rules.ts';
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

/** A rule as the API shows it (mutable arrays for the schema's type). */
const toRuleView = (rule: WarningRule): WarningRuleView => ({
  ...rule,
  indicatorCodes: [...rule.indicatorCodes],
  unitCodes: [...rule.unitCodes],
});

export function registerWarningRoutes(api: Api, services: Services): void {
  const planScope = (request: FastifyRequest) =>
    services.accounts.findPlanScope((request.params as Static<typeof IdParams>).id);

  api.get(
    '/warning-rules',
    {
      schema: {
        tags: ['warning'],
        summary: '预警规则 Warning rules',
        response: { 200: Type.Array(WarningRuleView) },
      },
    },
    async () => (await services.warnings.listRules()).map(toRuleView),
  );
  api.put(
    '/warning-rules',
    {
      schema: {
        tags: ['warning'],
        summary: '新建或修改预警规则 Create or update a warning rule',
        body: WarningRuleBody,
        response: { 200: WarningRuleView, ...errors },
      },
      preHandler: requirePermission('plan.write'),
    },
    async (request) => toRuleView(await services.warnings.saveRule(request.body, actorOf(request))),
  );
  api.post(
    '/plans/:id/warnings/evaluate',
    {
      schema: {
        tags: ['warning'],
        summary: '按计划评估全部预警规则 Evaluate every rule for a plan',
        params: IdParams,
        response: { 200: EvaluationResult, ...errors },
      },
      preHandler: requirePermission('plan.write', planScope),
    },
    (request) => services.warnings.evaluate(request.params.id, actorOf(request)),
  );
  api.get(
    '/warnings',
    {
      schema: {
        tags: ['warning'],
        summary: '预警收件箱 The warnings inbox, newest first',
        querystring: Type.Object({
          state: Type.Optional(
            Type.Union([
              Type.Literal('open'),
              Type.Literal('acknowledged'),
              Type.Literal('assigned'),
              Type.Literal('resolved'),
            ]),
          ),
        }),
        response: { 200: Type.Array(WarningView) },
      },
    },
    (request) => services.warnings.list(request.query),
  );
  api.post(
    '/warnings/:id/steps',
    {
      schema: {
        tags: ['warning'],
        summary: '签收、交办或办结预警 Acknowledge, assign or resolve a warning',
        params: IdParams,
        body: WarningStepBody,
        response: { 200: WarningView, ...errors },
      },
      preHandler: requirePermission('plan.write'),
    },
    async (request) => {
      const updated = await services.warnings.act(
        request.params.id,
        request.body,
        actorOf(request),
      );
      if (!updated) throw new Error('the warning just updated is missing');
      return updated;
    },
  );
}
