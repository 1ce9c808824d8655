/**
 * Units: regions (district → town/street → community/grid) and departments,
 * in one hierarchy so that scopes and roll-ups follow the same tree.
 */
import type { UnitId } from './ids.ts';

export type UnitKind = 'region' | 'department';

export interface Unit {
  readonly id: UnitId;
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly kind: UnitKind;
  readonly level: string;
  readonly parentId: UnitId | null;
  /** '/district/town/' — every ancestor's id, then the unit's own. */
  readonly path: string;
  readonly keywords: readonly string[];
}

/** The path of a child under a parent's path. */
export const childPath = (parentPath: string | null, id: string): string =>
  `${parentPath ?? '/'}${id}/`;

/** Ancestor ids of a unit, nearest last, excluding the unit itself. */
export const ancestorIdsOf = (path: string): string[] =>
  path.split('/').filter(Boolean).slice(0, -1);
