/**
 * A plan and its tree: parts (一、), groups ((一)) and numbered tasks (1.), each
 * keeping the source text it was read from.
 */
import type { PlanId, PlanNodeId, UnitId } from './ids.ts';

export type PlanStatus = 'draft' | 'adopted' | 'closed';
export type PlanNodeKind = 'part' | 'group' | 'task';

export interface Plan {
  readonly id: PlanId;
  readonly unitId: UnitId;
  readonly year: number;
  readonly title: string;
  readonly status: PlanStatus;
  readonly sourceDocument: string;
}

export interface PlanNode {
  readonly id: PlanNodeId;
  readonly planId: PlanId;
  readonly parentId: PlanNodeId | null;
  /** Stable path within the plan ('二/(一)/1'), so a re-import finds the same node. */
  readonly key: string;
  readonly kind: PlanNodeKind;
  readonly label: string;
  readonly ordinal: number;
  readonly title: string;
  readonly text: string;
}

const transitions: Record<PlanStatus, readonly PlanStatus[]> = {
  draft: ['adopted'],
  adopted: ['closed', 'draft'],
  closed: [],
};

/** Whether a plan may move from one status to another (a reviewer may reopen an adopted plan to draft). */
export const canTransitionPlan = (from: PlanStatus, to: PlanStatus): boolean =>
  transitions[from].includes(to);
