import type { ExtractedNode, ExtractedPlan, PlacedFigure } from './extracted-plan.ts';
import type { FigureItem } from './figure-item.ts';
import { extractFigures as extractFiguresDefault } from './figures.ts';
import { parsePlanStructure } from './structure.ts';

/** Finds the figures of a document text; `extractFigures` of figures.ts by default. */
export type FigureExtractor = (text: string, options: { planYear?: number }) => FigureItem[];

/**
 * Reads a plan document's text into an `ExtractedPlan`: its title block and tree
 * (`parsePlanStructure`), and its figures (`extractFigures`), each placed on the innermost
 * node whose span holds the figure's offset (`nodeKey` null outside the tree, e.g. in the
 * title block).
 * @example extractPlan(seed).figures.find((f) => f.numeral === '1000')?.nodeKey // '二/(九)/26'
 */
export function extractPlan(
  text: string,
  extractFigures: FigureExtractor = extractFiguresDefault,
): ExtractedPlan {
  const structure = parsePlanStructure(text);
  const figureOptions = structure.planYear === null ? {} : { planYear: structure.planYear };
  const figures: PlacedFigure[] = extractFigures(text, figureOptions).map((figure) => ({
    ...figure,
    nodeKey: findInnermostNode(structure.nodes, figure.offset)?.key ?? null,
  }));
  return {
    title: structure.title,
    issuer: structure.issuer,
    planYear: structure.planYear,
    reviewYear: structure.reviewYear,
    nodes: structure.nodes,
    figures,
    warnings: structure.warnings,
  };
}

/** The deepest node whose span [start, end) holds an offset, or null. */
export function findInnermostNode(
  nodes: readonly ExtractedNode[],
  offset: number,
): ExtractedNode | null {
  for (const node of nodes) {
    if (offset >= node.start && offset < node.end) {
      return findInnermostNode(node.children, offset) ?? node;
    }
  }
  return null;
}
