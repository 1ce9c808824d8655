/**
 * What a plan figure says as a target, read from the figure and its clause: the indicator it
 * links to, what kind of quantity it measures, which way is better, and when it falls due;
 * and what a figure of last year's results is worth as a value of a registry indicator.
 */
import type { Direction, Measure } from '../core/measure.ts';
import { convertQuantity, dimensionOf, splitMagnitude } from '../core/measure-unit.ts';
import type { PlacedFigure } from './extracted-plan.ts';
import {
  inferMeasure,
  linkIndicator,
  type IndicatorProposal,
  type LinkableIndicator,
} from './link-indicator.ts';

/** Figures are kept with their magnitude applied in base units ("3万人" → 30000 人). */
export const baseUnitOf = (unit: string) => (unit === '' ? '' : splitMagnitude(unit).base);

export interface InferredTarget {
  /** The registry indicator the metric names (by name or alias), else null. */
  readonly indicatorId: string | null;
  /** A similar indicator the planner may confirm, else null. */
  readonly suggestedIndicatorId: string | null;
  /** A new indicator to create when nothing in the registry fits. */
  readonly proposal: IndicatorProposal | null;
  readonly measure: Measure;
  readonly direction: Direction;
  /** The base unit the figure's value is in. */
  readonly unit: string;
  /** The period the target falls due: a later year the clause names ("2027年底"), else the plan year. */
  readonly duePeriodId: string;
}

/** Reads a plan figure as a target of the plan year. */
export function inferTarget(
  figure: PlacedFigure,
  registry: readonly LinkableIndicator[],
  planYear: number,
): InferredTarget {
  const link = linkIndicator(figure.metric, figure.unit, registry, { clause: figure.text });
  // A falling figure or an upper bound ("控制在…以内") is a target where lower is better.
  const isLower = figure.sign === -1 || figure.comparator === '<=' || figure.comparator === '<';
  const due = /(20\d\d)年(底|前|末)?/.exec(figure.text);
  return {
    indicatorId: link.match === 'exact' || link.match === 'alias' ? link.indicatorId : null,
    suggestedIndicatorId: link.match === 'close' ? link.indicatorId : null,
    proposal: link.proposal,
    measure: inferMeasure(figure.text, figure.unit),
    direction: isLower ? 'lower' : 'higher',
    unit: baseUnitOf(figure.unit),
    duePeriodId: due?.[1] && Number(due[1]) >= planYear ? due[1] : String(planYear),
  };
}

/**
 * A figure of last year's results as a value of the registry indicator its metric names, in
 * that indicator's unit; null when it names none, or its unit cannot be converted.
 */
export function achievementValue(
  figure: PlacedFigure,
  registry: readonly (LinkableIndicator & { readonly code: string })[],
): { indicatorCode: string; value: number } | null {
  const link = linkIndicator(figure.metric, figure.unit, registry, { clause: figure.text });
  if (link.match !== 'exact' && link.match !== 'alias') return null;
  const indicator = registry.find((i) => i.id === link.indicatorId);
  if (!indicator) return null;
  const unit = baseUnitOf(figure.unit);
  const value = figure.sign * figure.value;
  if (unit === indicator.unit) return { indicatorCode: indicator.code, value };
  if (dimensionOf(unit) === undefined || dimensionOf(unit) !== dimensionOf(indicator.unit))
    return null;
  return {
    indicatorCode: indicator.code,
    value: convertQuantity(value, unit, indicator.unit),
  };
}
