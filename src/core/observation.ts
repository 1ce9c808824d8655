/**
 * Observations: the value of an indicator for a unit and a period, with where it
 * came from and how far through review it is.
 */
/** `project`: the approved sum of key projects' monthly actuals (decision 0007). */
export const observationSources = [
  'document',
  'simulated',
  'entered',
  'import',
  'sensor',
  'project',
] as const;
export type ObservationSource = (typeof observationSources)[number];

export type ObservationState = 'draft' | 'submitted' | 'approved' | 'returned';

export interface ObservationInput {
  readonly indicatorCode: string;
  readonly unitCode: string;
  readonly periodId: string;
  readonly value: number;
  readonly source?: ObservationSource;
  readonly sourceRef?: string;
  /** The writer's explanation, which the entry rules ask of an unusual value. */
  readonly comment?: string;
}
