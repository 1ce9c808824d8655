/**
 * Who may do what: roles grant actions, scopes (unit paths, with everything below
 * them) limit where. A department reporter cannot write a town's figures, nor the reverse.
 */
import { DomainError } from './domain-error.ts';

export const roles = ['admin', 'planner', 'reviewer', 'reporter', 'viewer'] as const;
export type Role = (typeof roles)[number];

export const actions = [
  'unit.write',
  'indicator.write',
  'plan.write',
  'plan.adopt',
  'observation.write',
  'observation.review',
  'task-progress.write',
  'task-progress.review',
  'user.manage',
  'project.write',
  'comment.write',
  'comment.instruct',
] as const;
export type Action = (typeof actions)[number];

/** The default grant table; a deployment may pass its own. */
export const defaultGrants: Readonly<Record<Role, readonly Action[]>> = {
  admin: actions,
  planner: [
    'unit.write',
    'indicator.write',
    'plan.write',
    'plan.adopt',
    'task-progress.review',
    'project.write',
    'comment.write',
    // The planning office writes the leaders' 批示 into the system on their behalf.
    'comment.instruct',
  ],
  reviewer: ['observation.review', 'task-progress.review', 'comment.write'],
  // A project's owner reports through the responsible unit's reporters (DESIGN.md §1).
  reporter: ['observation.write', 'task-progress.write', 'project.write', 'comment.write'],
  viewer: [],
};

export interface Principal {
  readonly roles: readonly Role[];
  /** Unit paths ('/district/town/') the principal acts within, each with its descendants. */
  readonly scopePaths: readonly string[];
}

/** Whether the principal's roles grant the action (anywhere). */
export const hasGrant = (principal: Principal, action: Action, grants = defaultGrants): boolean =>
  principal.roles.some((role) => grants[role].includes(action));

/** Whether a unit lies within one of the principal's scopes. */
export const isInScope = (principal: Principal, unitPath: string): boolean =>
  principal.scopePaths.some((scope) => unitPath.startsWith(scope));

/** Whether the principal may take the action on a unit. */
export const can = (
  principal: Principal,
  action: Action,
  unitPath: string,
  grants = defaultGrants,
): boolean => hasGrant(principal, action, grants) && isInScope(principal, unitPath);

/** What each action lets a user do, in words for error messages. */
export const actionLabels: Readonly<Record<Action, { zh: string; en: string }>> = {
  'unit.write': { zh: '维护单位和指标分类', en: 'edit units and categories' },
  'indicator.write': { zh: '维护指标库', en: 'edit the indicator registry' },
  'plan.write': { zh: '导入和修改计划', en: 'import and edit plans' },
  'plan.adopt': { zh: '通过、退回或关闭计划', en: 'adopt, reopen or close plans' },
  'observation.write': { zh: '填报数据', en: 'enter data' },
  'observation.review': { zh: '审核数据', en: 'review data' },
  'task-progress.write': { zh: '填报任务进展', en: 'report task progress' },
  'task-progress.review': { zh: '审核任务进展', en: 'review task progress' },
  'user.manage': { zh: '管理用户', en: 'manage users' },
  'project.write': { zh: '维护重点项目', en: 'edit key projects' },
  'comment.write': { zh: '发表意见和回复', en: 'write comments and replies' },
  'comment.instruct': { zh: '录入领导批示', en: 'record a leader’s instruction (批示)' },
};

/**
 * Checks that the principal may take the action on every unit given (none: the
 * action is not tied to a unit); throws FORBIDDEN for a missing grant and
 * OUT_OF_SCOPE, listing the paths, for units outside every scope.
 */
export function authorize(
  principal: Principal,
  action: Action,
  unitPaths: readonly string[] = [],
  grants = defaultGrants,
): void {
  const label = actionLabels[action];
  if (!hasGrant(principal, action, grants))
    throw new DomainError(
      'FORBIDDEN',
      `当前账号的角色无权${label.zh}`,
      `your roles do not allow you to ${label.en}`,
      { details: { action } },
    );
  const outside = unitPaths.filter((p) => !isInScope(principal, p));
  if (outside.length > 0)
    throw new DomainError(
      'OUT_OF_SCOPE',
      `只能${label.zh}本单位及下级单位的内容`,
      `you may ${label.en} only within your units and below`,
      { details: { action, unitPaths: outside } },
    );
}
