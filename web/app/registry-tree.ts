/** Trees of the registry for the side panels: categories with their indicators, and units. */
import type { CategoryView, IndicatorView, UnitView } from '../../src/contract/registry.ts';
import { pickLang, type Lang } from './i18n.ts';

/** A node of an antd Tree: a category (`cat:` key), an indicator (`ind:`) or a unit (`unit:`). */
export interface TreeItem {
  readonly key: string;
  readonly title: string;
  readonly isLeaf?: boolean;
  readonly children?: TreeItem[];
}

/** Key of the pseudo-category that holds indicators without a category. */
export const UNCATEGORISED = 'cat:__none__';

/**
 * The category tree (system → runway → sub-runway) with each indicator under every category
 * it sits in, filtered by a search over names and codes; empty categories are dropped.
 */
export function buildCategoryTree(
  categories: readonly CategoryView[],
  indicators: readonly IndicatorView[],
  opts: { lang: Lang; search?: string; uncategorisedTitle: string },
): TreeItem[] {
  const needle = opts.search?.trim().toLowerCase() ?? '';
  const matches = (i: IndicatorView) =>
    !needle ||
    [i.code, i.name, i.nameEn, ...i.aliases].some((s) => s.toLowerCase().includes(needle));
  const shown = indicators.filter(matches);
  const leaf = (i: IndicatorView, parent: string): TreeItem => ({
    key: `ind:${i.code}@${parent}`,
    title: pickLang(opts.lang, i.name, i.nameEn),
    isLeaf: true,
  });
  const childrenOf = new Map<string | null, CategoryView[]>();
  for (const c of categories) {
    const list = childrenOf.get(c.parentCode) ?? [];
    list.push(c);
    childrenOf.set(c.parentCode, list);
  }
  const known = new Set(categories.map((c) => c.code));
  const build = (c: CategoryView): TreeItem | null => {
    const kids = (childrenOf.get(c.code) ?? []).map(build).filter((x): x is TreeItem => x !== null);
    const own = shown.filter((i) => i.categoryCodes.includes(c.code)).map((i) => leaf(i, c.code));
    const children = [...kids, ...own];
    if (children.length === 0) return null;
    return { key: `cat:${c.code}`, title: pickLang(opts.lang, c.name, c.nameEn), children };
  };
  const roots = categories
    .filter((c) => c.parentCode === null || !known.has(c.parentCode))
    .map(build)
    .filter((x): x is TreeItem => x !== null);
  const orphans = shown.filter((i) => !i.categoryCodes.some((c) => known.has(c)));
  if (orphans.length > 0)
    roots.push({
      key: UNCATEGORISED,
      title: opts.uncategorisedTitle,
      children: orphans.map((i) => leaf(i, '__none__')),
    });
  return roots;
}

/** The indicator code of a tree key (`ind:CODE@category`), or null for a category. */
export function indicatorCodeOfKey(key: string): string | null {
  const m = /^ind:(.+)@[^@]*$/.exec(key);
  return m?.[1] ?? null;
}

/** The keys of the categories above every leaf of an indicator: what to expand to show it. */
export function ancestorKeysOf(tree: readonly TreeItem[], code: string): string[] {
  const out: string[] = [];
  const walk = (items: readonly TreeItem[], path: string[]) => {
    for (const item of items) {
      if (indicatorCodeOfKey(item.key) === code) out.push(...path);
      if (item.children) walk(item.children, [...path, item.key]);
    }
  };
  walk(tree, []);
  return [...new Set(out)];
}

/** The chain of units from the root down to a unit (for the drill-down breadcrumb). */
export function unitPath(units: readonly UnitView[], code: string): UnitView[] {
  const byId = new Map(units.map((u) => [u.id, u]));
  const path: UnitView[] = [];
  let u = units.find((x) => x.code === code);
  while (u) {
    path.unshift(u);
    u = u.parentId ? byId.get(u.parentId) : undefined;
  }
  return path;
}

/** The units as a tree: regions under their parents, then departments under their own root. */
export function buildUnitTree(
  units: readonly UnitView[],
  opts: { lang: Lang; regionsTitle: string; departmentsTitle: string },
): TreeItem[] {
  const ids = new Set(units.map((u) => u.id));
  const build = (u: UnitView): TreeItem => {
    const kids = units.filter((c) => c.parentId === u.id && c.kind === u.kind).map(build);
    return {
      key: `unit:${u.code}`,
      title: pickLang(opts.lang, u.name, u.nameEn),
      ...(kids.length > 0 ? { children: kids } : { isLeaf: true }),
    };
  };
  const rootsOf = (kind: UnitView['kind']) =>
    units
      .filter((u) => u.kind === kind)
      .filter(
        (u) =>
          u.parentId === null ||
          !ids.has(u.parentId) ||
          units.find((p) => p.id === u.parentId)?.kind !== kind,
      )
      .map(build);
  const out: TreeItem[] = [];
  const regions = rootsOf('region');
  const departments = rootsOf('department');
  if (regions.length > 0)
    out.push({ key: 'group:region', title: opts.regionsTitle, children: regions });
  if (departments.length > 0)
    out.push({ key: 'group:department', title: opts.departmentsTitle, children: departments });
  return out;
}

/** The default unit of the registry: the top region (the district). */
export function rootRegion(units: readonly UnitView[]): UnitView | null {
  return units.find((u) => u.kind === 'region' && u.parentId === null) ?? units[0] ?? null;
}
