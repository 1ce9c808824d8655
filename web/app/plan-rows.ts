/** The plan tree as table rows (parts → groups → tasks → targets), and its filtering. */
import type { Light, LightCounts } from '../../src/contract/common.ts';
import type { PlanNodeView, PlanTree, TargetView } from '../../src/contract/plan.ts';
import { periodEndDate } from './format.ts';

/** A unit named on a plan node. */
export interface RowUnit {
  readonly code: string;
  readonly name: string;
}

/** One row of the plan table: a node, or a target under its node. */
export interface PlanRow {
  readonly key: string;
  readonly kind: 'part' | 'group' | 'task' | 'target';
  readonly label: string;
  readonly title: string;
  /** The target's light; null on node rows, which carry `lights`. */
  readonly light: Light | null;
  readonly lights: LightCounts | null;
  /** Lead and co-units of the node, or of the nearest node above a target. */
  readonly leadUnits: readonly RowUnit[];
  readonly coUnits: readonly RowUnit[];
  /** The key of the group the row sits in, if any. */
  readonly groupKey: string | null;
  readonly target: TargetView | null;
  readonly children?: PlanRow[];
}

/** A target with the nodes it hangs under. */
export interface TargetInContext {
  readonly target: TargetView;
  readonly node: PlanNodeView;
  readonly group: PlanNodeView | null;
  readonly part: PlanNodeView | null;
  readonly leadUnits: readonly RowUnit[];
  readonly coUnits: readonly RowUnit[];
}

/** Lights from worst to best, the order lists and legends use. */
export const lightOrder: readonly Light[] = ['red', 'yellow', 'green', 'done', 'none'];

const unitsOf = (node: PlanNodeView, role: 'lead' | 'co') =>
  node.units
    .filter((u) => (role === 'lead' ? u.role === 'lead' : u.role !== 'lead'))
    .map((u) => ({ code: u.code, name: u.name }));

/** Every target of a plan, in document order, with its task, group and part. */
export function flattenTargets(tree: Pick<PlanTree, 'nodes'>): TargetInContext[] {
  const out: TargetInContext[] = [];
  const walk = (
    nodes: readonly PlanNodeView[],
    ctx: { group: PlanNodeView | null; part: PlanNodeView | null; lead: RowUnit[]; co: RowUnit[] },
  ) => {
    for (const node of nodes) {
      const lead = unitsOf(node, 'lead');
      const co = unitsOf(node, 'co');
      const here = {
        group: node.kind === 'group' ? node : ctx.group,
        part: node.kind === 'part' ? node : ctx.part,
        lead: lead.length > 0 ? lead : ctx.lead,
        co: lead.length > 0 || co.length > 0 ? co : ctx.co,
      };
      for (const target of node.targets)
        out.push({
          target,
          node,
          group: here.group,
          part: here.part,
          leadUnits: here.lead,
          coUnits: here.co,
        });
      walk(node.children, here);
    }
  };
  walk(tree.nodes, { group: null, part: null, lead: [], co: [] });
  return out;
}

/** Builds the table rows of a plan tree; a node's targets come before its child nodes. */
export function toPlanRows(tree: Pick<PlanTree, 'nodes'>): PlanRow[] {
  const build = (
    node: PlanNodeView,
    ctx: { groupKey: string | null; lead: RowUnit[]; co: RowUnit[] },
  ): PlanRow => {
    const lead = unitsOf(node, 'lead');
    const co = unitsOf(node, 'co');
    const here = {
      groupKey: node.kind === 'group' ? node.key : ctx.groupKey,
      lead: lead.length > 0 ? lead : ctx.lead,
      co: lead.length > 0 || co.length > 0 ? co : ctx.co,
    };
    const children: PlanRow[] = [
      ...node.targets.map((target): PlanRow => ({
        key: `target:${target.id}`,
        kind: 'target',
        label: '',
        title: target.metric,
        light: target.assessment.light,
        lights: null,
        leadUnits: here.lead,
        coUnits: here.co,
        groupKey: here.groupKey,
        target,
      })),
      ...node.children.map((child) => build(child, here)),
    ];
    return {
      key: `node:${node.id}`,
      kind: node.kind,
      label: node.label,
      title: node.title,
      light: null,
      lights: node.lights,
      leadUnits: here.lead,
      coUnits: here.co,
      groupKey: here.groupKey,
      target: null,
      ...(children.length > 0 ? { children } : {}),
    };
  };
  return tree.nodes.map((n) => build(n, { groupKey: null, lead: [], co: [] }));
}

/** What the plan table is filtered by; an empty field does not filter. */
export interface PlanFilter {
  readonly unitCode?: string | null;
  readonly lights?: readonly Light[];
  readonly groupKey?: string | null;
  readonly search?: string;
}

/** Whether any field of the filter is set. */
export function isFilterActive(f: PlanFilter): boolean {
  return Boolean(f.unitCode || (f.lights && f.lights.length > 0) || f.groupKey || f.search?.trim());
}

const textOf = (row: PlanRow) =>
  [row.label, row.title, row.target?.sourceText ?? '', row.target?.indicator?.name ?? '']
    .join(' ')
    .toLowerCase();

/**
 * Keeps the target rows that pass the filter and the nodes above them. The search matches a
 * target's own words or those of any node above it, so searching a task's title shows all of
 * its targets. Without a filter the rows come back unchanged, nodes without targets included.
 */
export function filterPlanRows(rows: readonly PlanRow[], filter: PlanFilter): PlanRow[] {
  if (!isFilterActive(filter)) return [...rows];
  const needle = filter.search?.trim().toLowerCase() ?? '';
  const lights = filter.lights && filter.lights.length > 0 ? new Set(filter.lights) : null;
  const passes = (row: PlanRow, ancestorText: string) => {
    if (lights && (row.light === null || !lights.has(row.light))) return false;
    if (filter.groupKey && row.groupKey !== filter.groupKey) return false;
    if (
      filter.unitCode &&
      !row.leadUnits.some((u) => u.code === filter.unitCode) &&
      !row.coUnits.some((u) => u.code === filter.unitCode)
    )
      return false;
    if (needle && !(ancestorText + ' ' + textOf(row)).includes(needle)) return false;
    return true;
  };
  const walk = (list: readonly PlanRow[], ancestorText: string): PlanRow[] => {
    const out: PlanRow[] = [];
    for (const row of list) {
      if (row.kind === 'target') {
        if (passes(row, ancestorText)) out.push(row);
        continue;
      }
      const kept = walk(row.children ?? [], ancestorText + ' ' + textOf(row));
      if (kept.length > 0) out.push({ ...row, children: kept });
    }
    return out;
  };
  return walk(rows, '');
}

/** The keys of every row that has children: what "expand all" opens. */
export function collectExpandableKeys(rows: readonly PlanRow[]): string[] {
  const keys: string[] = [];
  const walk = (list: readonly PlanRow[]) => {
    for (const row of list)
      if (row.children && row.children.length > 0) {
        keys.push(row.key);
        walk(row.children);
      }
  };
  walk(rows);
  return keys;
}

/** Every row in display order with its depth: the rows an export writes. */
export function flattenRows(rows: readonly PlanRow[]): { row: PlanRow; depth: number }[] {
  const out: { row: PlanRow; depth: number }[] = [];
  const walk = (list: readonly PlanRow[], depth: number) => {
    for (const row of list) {
      out.push({ row, depth });
      walk(row.children ?? [], depth + 1);
    }
  };
  walk(rows, 0);
  return out;
}

/** Counts the target rows in a list of rows. */
export function countTargets(rows: readonly PlanRow[]): number {
  return flattenRows(rows).filter((r) => r.row.kind === 'target').length;
}

/** Counts lights over a list of targets. */
export function countLights(targets: readonly { assessment: { light: Light } }[]): LightCounts {
  const counts: LightCounts = { green: 0, yellow: 0, red: 0, done: 0, none: 0 };
  for (const t of targets) counts[t.assessment.light] += 1;
  return counts;
}

/** The lagging (red, then yellow) targets, the furthest behind first. */
export function laggingTargets(targets: readonly TargetInContext[]): TargetInContext[] {
  const rank = (l: Light) => (l === 'red' ? 0 : 1);
  return targets
    .filter((t) => t.target.assessment.light === 'red' || t.target.assessment.light === 'yellow')
    .sort(
      (a, b) =>
        rank(a.target.assessment.light) - rank(b.target.assessment.light) ||
        (b.target.assessment.gapPoints ?? 0) - (a.target.assessment.gapPoints ?? 0),
    );
}

/** A target that is not yet done, with the last day it is due. */
export interface Deadline {
  readonly item: TargetInContext;
  readonly dueDate: string;
  /** Days from the as-of date to the due date; negative when overdue. */
  readonly daysLeft: number;
}

/** Targets not yet done, soonest due first. */
export function upcomingDeadlines(
  targets: readonly TargetInContext[],
  asOf: string,
  limit = 8,
): Deadline[] {
  const day = (iso: string) => Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
  const out: Deadline[] = [];
  for (const item of targets) {
    if (item.target.assessment.light === 'done') continue;
    const dueDate = periodEndDate(item.target.duePeriodId);
    if (!dueDate) continue;
    out.push({ item, dueDate, daysLeft: Math.round((day(dueDate) - day(asOf)) / 86_400_000) });
  }
  const rank = (l: Light) => lightOrder.indexOf(l);
  return out
    .sort(
      (a, b) =>
        a.dueDate.localeCompare(b.dueDate) ||
        rank(a.item.target.assessment.light) - rank(b.item.target.assessment.light),
    )
    .slice(0, limit);
}
