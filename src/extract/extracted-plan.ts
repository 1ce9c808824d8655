import type { FigureItem } from './figure-item.ts';

/** Level of a node in a plan document: 一、 part, (一) group, 1. numbered task. */
export type PlanNodeKind = 'part' | 'group' | 'task';

/**
 * A node of the plan tree read from a document, before it is stored as a `PlanNode`.
 * Offsets are UTF-16 code units into the document text the tree was read from.
 */
export interface ExtractedNode {
  /** Stable path of labels: `'一'`, `'二'`, `'二/(一)'`, `'二/(一)/1'`. */
  key: string;
  kind: PlanNodeKind;
  /** The label as a canonical string: `'一'`, `'(一)'`, `'1'`. */
  label: string;
  /** The label as a number: 1 for 一, (一) and 1. */
  ordinal: number;
  /** For a task the lead phrase before the first 。; for a part or group its heading sentence. */
  title: string;
  /** Source text of the node's own paragraph(s), from its heading to its first child. */
  text: string;
  /** Start of the node's heading in the document. */
  start: number;
  /** End (exclusive) of the node's whole span, children included. */
  end: number;
  children: ExtractedNode[];
}

/** A figure found in a plan document, with the innermost node whose span holds it. */
export type PlacedFigure = FigureItem & { nodeKey: string | null };

/**
 * What Lantu reads from a plan document: the title block, the plan tree, the figures placed
 * in it, and warnings for the planner to review before adopting the plan.
 */
export interface ExtractedPlan {
  title: string | null;
  issuer: string | null;
  /** The year the plan is for (2025 in "2024年…执行情况及2025年计划草案"). */
  planYear: number | null;
  /** The year under review (2024 in the same title). */
  reviewYear: number | null;
  nodes: ExtractedNode[];
  figures: PlacedFigure[];
  warnings: string[];
}
