/** Schemas of the ranking route: the 晒比 of a plan's towns or departments, with its method. */
import { Type, type Static } from 'typebox';
import { CodeString, Nullable } from './common.ts';

const criterionKinds = [
  'completion-vs-expected',
  'growth-vs-own-base',
  'timeliness',
  'blockers-on-time',
] as const;

export const RankingQuery = Type.Object({
  scope: Type.Union([Type.Literal('towns'), Type.Literal('departments')], {
    description: 'towns (乡镇街道) or departments (部门)',
  }),
  asOf: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  weights: Type.Optional(
    Type.String({
      maxLength: 200,
      pattern: `^(?:(?:${criterionKinds.join('|')}):(?:0|[1-9][0-9]?|100)(?:\\.[0-9]{1,2})?,?)+$`,
      description:
        'criteria and weights, e.g. completion-vs-expected:60,timeliness:40 (default per scope)',
    }),
  ),
  normalisation: Type.Optional(Type.Union([Type.Literal('min-max'), Type.Literal('rank')])),
  minimumBase: Type.Optional(Type.Number({ minimum: 0, maximum: 1e15 })),
  tieTolerance: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
  growthIndicator: Type.Optional(CodeString('indicator whose growth against own base counts')),
});
export type RankingQuery = Static<typeof RankingQuery>;

const Parts = Type.Record(Type.String(), Type.Number());

export const RankingView = Type.Object({
  scope: Type.String(),
  asOf: Type.String(),
  dataThrough: Nullable(Type.String()),
  growthIndicatorCode: Nullable(Type.String()),
  method: Type.Object({
    criteria: Type.Array(Type.Object({ kind: Type.String(), weight: Type.Number() })),
    normalisation: Type.String(),
    minimumBase: Type.Number(),
    tieTolerance: Type.Number(),
  }),
  /** 排名方法: generated from the method, printed next to the table. */
  methodText: Type.String(),
  /** The same method in English. */
  methodTextEn: Type.String(),
  rows: Type.Array(
    Type.Object({
      place: Type.Number(),
      unitCode: Type.String(),
      unitName: Type.String(),
      score: Type.Number(),
      parts: Parts,
    }),
  ),
  excluded: Type.Array(
    Type.Object({
      unitCode: Type.String(),
      unitName: Type.String(),
      reason: Type.String(),
      reasonEn: Type.String(),
    }),
  ),
  inputs: Type.Array(
    Type.Object({
      unitCode: Type.String(),
      unitName: Type.String(),
      completionVsExpected: Nullable(Type.Number()),
      growthPercent: Nullable(Type.Number()),
      base: Nullable(Type.Number()),
      timeliness: Nullable(Type.Number()),
      blockersOnTime: Nullable(Type.Number()),
    }),
  ),
});
