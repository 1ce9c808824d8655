/**
 * The one way a plan gets in: read the document (or take it already extracted, as the
 * demo ships it), extract it, and import it into the unit it belongs to. The HTTP route,
 * the CLI and the demo loader all call `importPlanFrom`, so a rule about importing — which
 * unit a plan belongs to, what the year is — is written once.
 */
import { DomainError } from '../core/domain-error.ts';
import { extractPlan } from '../extract/extract-plan.ts';
import type { ExtractedPlan } from '../extract/extracted-plan.ts';
import { readDocument, type DocumentText } from '../extract/read-document.ts';
import type { PlanService } from './plan-service.ts';
import type { ImportResult } from './plan-revision.ts';
import type { Actor } from './ports.ts';
import type { RegistryService } from './registry-service.ts';

/** A plan document as uploaded, or a plan extracted earlier (the demo's plan.json). */
export type PlanSource =
  | { readonly fileName: string; readonly bytes: Uint8Array }
  | { readonly fileName: string; readonly extracted: ExtractedPlan; readonly text: string };

export interface PlanImportOptions {
  /** The unit the plan belongs to; the top region when absent. */
  readonly unitCode?: string;
  /** The plan year when the title does not say it. */
  readonly year?: number;
  readonly dryRun?: boolean;
  /** Told once the document is read as text (the CLI reports its encoding and length). */
  readonly onRead?: (document: DocumentText) => void;
}

export interface PlanImportDeps {
  readonly plans: Pick<PlanService, 'importPlan'>;
  readonly registry: Pick<RegistryService, 'listUnits'>;
}

/** The region at the top of the hierarchy: where a district's plan belongs unless told otherwise. */
export async function defaultPlanUnit(registry: PlanImportDeps['registry']): Promise<string> {
  const units = await registry.listUnits();
  const top = units.find((u) => u.kind === 'region' && u.parentId === null) ?? units[0];
  if (!top)
    throw new DomainError(
      'NOT_FOUND',
      '数据库中没有单位，请先载入演示数据或添加单位',
      'no units yet; load the demo or add units first',
    );
  return top.code;
}

/** Reads, extracts and imports a plan; a revision of a plan already there comes back as a diff. */
export async function importPlanFrom(
  deps: PlanImportDeps,
  source: PlanSource,
  options: PlanImportOptions,
  actor: Actor,
): Promise<ImportResult> {
  let extracted: ExtractedPlan;
  let text: string;
  if ('bytes' in source) {
    const document = await readDocument(source.bytes, source.fileName);
    options.onRead?.(document);
    extracted = extractPlan(document.text);
    text = document.text;
  } else {
    extracted = source.extracted;
    text = source.text;
  }
  return deps.plans.importPlan(
    extracted,
    {
      unitCode: options.unitCode ?? (await defaultPlanUnit(deps.registry)),
      sourceDocument: source.fileName,
      text,
      year: options.year,
      dryRun: options.dryRun,
    },
    actor,
  );
}
