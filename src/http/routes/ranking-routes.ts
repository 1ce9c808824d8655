/** The ranking route: 晒比 of a plan's towns or departments, the method written beside it. */
import { Type } from 'typebox';
import { ErrorBody, IdString } from '../../contract/common.ts';
import { RankingQuery, RankingView } from '../../contract/ranking.ts';
import type { RankingCriterionKind, RankingMethod } from '../../core/ranking.ts';
import { defaultRankingMethods } from '../../services/ranking-service.ts';
import type { Services } from '../services.ts';
import type { Api } from './api.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 422: ErrorBody };

/** The method asked for in the query, over the scope's default. */
function methodOf(query: RankingQuery): RankingMethod {
  const base = defaultRankingMethods[query.scope];
  const criteria =
    query.weights === undefined
      ? base.criteria
      : query.weights
          .split(',')
          .filter((w) => w !== '')
          .map((w) => {
            const [kind, weight] = w.split(':');
            return { kind: kind as RankingCriterionKind, weight: Number(weight) };
          });
  return {
    criteria,
    normalisation: query.normalisation ?? base.normalisation,
    minimumBase: query.minimumBase ?? base.minimumBase,
    tieTolerance: query.tieTolerance ?? base.tieTolerance,
  };
}

export function registerRankingRoutes(api: Api, services: Services): void {
  api.get(
    '/plans/:id/ranking',
    {
      config: { isPublicRead: true },
      schema: {
        tags: ['plan'],
        summary: '晒比排名 Fair ranking of towns or departments, with its method in words',
        description:
          'Each unit is measured against itself: its targets’ progress over 序时 (departments: the targets of the tasks they lead), growth against its own base (when growthIndicator names an indicator), reporting on time, blockers closed by their deadline. The method text is generated from the configuration given in the query.',
        params: Type.Object({ id: IdString }),
        querystring: RankingQuery,
        response: { 200: RankingView, ...errors },
      },
    },
    async (request) => {
      const r = await services.rankings.getRanking(request.params.id, {
        scope: request.query.scope,
        ...(request.query.asOf === undefined ? {} : { asOf: request.query.asOf }),
        method: methodOf(request.query),
        growthIndicatorCode: request.query.growthIndicator ?? null,
      });
      // The schema's arrays are mutable; the service's are not.
      return {
        ...r,
        method: { ...r.method, criteria: [...r.method.criteria] },
        rows: r.rows.map((row) => ({ ...row, parts: { ...row.parts } })),
        excluded: [...r.excluded],
        inputs: [...r.inputs],
      };
    },
  );
}
