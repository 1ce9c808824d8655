/** Branded identifiers, so that a unit id is never passed where a target id is expected. */
type Brand<T, B extends string> = T & { readonly __brand: B };

export type UnitId = Brand<string, 'UnitId'>;
export type IndicatorId = Brand<string, 'IndicatorId'>;
export type PlanId = Brand<string, 'PlanId'>;
export type PlanNodeId = Brand<string, 'PlanNodeId'>;
export type TargetId = Brand<string, 'TargetId'>;

export const asUnitId = (s: string) => s as UnitId;
export const asIndicatorId = (s: string) => s as IndicatorId;
export const asPlanNodeId = (s: string) => s as PlanNodeId;
export const asTargetId = (s: string) => s as TargetId;
