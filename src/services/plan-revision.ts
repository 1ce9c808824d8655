/**
 * Storing an extracted plan: a new plan becomes a draft; a revision of a plan already there
 * (same unit and year) is compared with it target by target and applied as that diff, keeping
 * every target a planner edited. The diff is computed before anything is written, so a dry
 * run is the same computation without the writes. Last year's results in the document become
 * observations of the year under review.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DomainError } from '../core/domain-error.ts';
import type { ObservationInput } from '../core/observation.ts';
import { authorize } from '../core/permission.ts';
import type { ExtractedNode, ExtractedPlan, PlacedFigure } from '../extract/extracted-plan.ts';
import { achievementValue, baseUnitOf, inferTarget } from '../extract/target-inference.ts';
import { suggestLeadUnits } from '../extract/suggest-lead-units.ts';
import { recordChange } from '../store/audit-log.ts';
import type { Database, PlanTable, TargetTable, UnitTable } from '../store/schema.ts';
import { createObservationService } from './observation-service.ts';
import type { PlanContext } from './plan-context.ts';
import type { Actor } from './ports.ts';

export interface TargetChange {
  readonly key: string;
  readonly metric: string;
  readonly nodeKey: string;
  readonly before: { value: number | null; unit: string; comparator: string } | null;
  readonly after: { value: number | null; unit: string; comparator: string } | null;
}

export interface ImportResult {
  readonly planId: string;
  readonly isNew: boolean;
  readonly nodes: number;
  readonly targets: number;
  readonly observations: number;
  readonly added: TargetChange[];
  readonly changed: TargetChange[];
  readonly removed: TargetChange[];
  /** Targets the revision would change but the planner had edited: kept as edited. */
  readonly keptEdits: TargetChange[];
  readonly skippedAchievements: number;
}

export interface ImportOptions {
  readonly unitCode: string;
  readonly sourceDocument: string;
  readonly text: string;
  readonly year?: number;
  /** Computes and returns the diff without writing anything. */
  readonly dryRun?: boolean;
}

/** Identity of a target across re-imports: its node, its metric, and its order among equals. */
function targetKeys(figures: readonly { nodeKey: string | null; metric: string }[]): string[] {
  const seen = new Map<string, number>();
  return figures.map((f) => {
    const base = `${f.nodeKey ?? ''}|${f.metric}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}

function flattenNodes(
  nodes: readonly ExtractedNode[],
  parentKey: string | null = null,
): { node: ExtractedNode; parentKey: string | null }[] {
  return nodes.flatMap((node) => [{ node, parentKey }, ...flattenNodes(node.children, node.key)]);
}

const summary = (t: Pick<TargetTable, 'value' | 'unit' | 'comparator'>) => ({
  value: t.value,
  unit: t.unit,
  comparator: t.comparator,
});

/** The fields of a target a revision may change; a planner's edit keeps them. */
type RevisedFields = Pick<
  TargetTable,
  'value' | 'value_max' | 'unit' | 'comparator' | 'sign' | 'source_text' | 'source_offset'
>;

/** What a revision does to the stored targets, before any of it is written. */
interface TargetDiff {
  readonly added: { change: TargetChange; figure: PlacedFigure }[];
  readonly changed: { change: TargetChange; before: TargetTable; revised: RevisedFields }[];
  readonly removed: { change: TargetChange; before: TargetTable }[];
  readonly keptEdits: TargetChange[];
}

/**
 * Compares the document's target figures with the stored targets by key. A figure whose node
 * is neither stored nor in the document is passed over, as it has nowhere to hang.
 */
function diffTargets(
  figures: readonly PlacedFigure[],
  stored: { targets: readonly TargetTable[]; nodeKeyById: ReadonlyMap<string, string> },
  nodeKeys: ReadonlySet<string>,
): TargetDiff {
  const keys = targetKeys(figures);
  const storedKeys = targetKeys(
    stored.targets.map((t) => ({
      nodeKey: stored.nodeKeyById.get(t.node_id) ?? '',
      metric: t.metric,
    })),
  );
  const storedByKey = new Map<string, TargetTable>();
  stored.targets.forEach((t, i) => storedByKey.set(storedKeys[i] ?? t.id, t));
  const diff: TargetDiff = { added: [], changed: [], removed: [], keptEdits: [] };
  const seen = new Set<string>();
  for (const [i, figure] of figures.entries()) {
    const key = keys[i] ?? '';
    seen.add(key);
    const nodeKey = figure.nodeKey ?? '';
    if (!nodeKeys.has(nodeKey)) continue;
    const revised: RevisedFields = {
      value: figure.value,
      value_max: figure.valueMax ?? null,
      unit: baseUnitOf(figure.unit),
      comparator: figure.comparator,
      sign: figure.sign,
      source_text: figure.text,
      source_offset: figure.offset,
    };
    const before = storedByKey.get(key);
    const base = { key, metric: figure.metric, nodeKey };
    if (!before) {
      diff.added.push({ change: { ...base, before: null, after: summary(revised) }, figure });
      continue;
    }
    const isDifferent =
      before.value !== revised.value ||
      before.value_max !== revised.value_max ||
      before.unit !== revised.unit ||
      before.comparator !== revised.comparator ||
      before.sign !== revised.sign;
    if (!isDifferent) continue;
    const change = { ...base, before: summary(before), after: summary(revised) };
    if (before.is_edited === 1) diff.keptEdits.push(change);
    else diff.changed.push({ change, before, revised });
  }
  for (const [key, before] of storedByKey) {
    if (seen.has(key)) continue;
    const change = {
      key,
      metric: before.metric,
      nodeKey: stored.nodeKeyById.get(before.node_id) ?? '',
      before: summary(before),
      after: null,
    };
    if (before.is_edited === 1) diff.keptEdits.push(change);
    else diff.removed.push({ change, before });
  }
  return diff;
}

export function createPlanRevision(context: PlanContext) {
  const { deps, db, plans, registry } = context;
  const observations = createObservationService(deps);

  /** The unit a plan is imported into, checked against the actor's grant and scope. */
  async function unitToImportInto(unitCode: string, actor: Actor): Promise<UnitTable> {
    const unit = await registry.findUnitByCode(unitCode);
    if (!unit)
      throw new DomainError('NOT_FOUND', `找不到单位“${unitCode}”`, `Unit ${unitCode} not found`);
    authorize(actor, 'plan.write', [unit.path]);
    return unit;
  }

  /**
   * Imports an extracted plan as a draft, or — when a plan of the same unit and year
   * exists — applies the revision as a diff that keeps the planner's edits.
   */
  async function importPlan(
    extracted: ExtractedPlan,
    options: ImportOptions,
    actor: Actor,
  ): Promise<ImportResult> {
    authorize(actor, 'plan.write');
    const year = options.year ?? extracted.planYear;
    if (year === null || year === undefined)
      throw new DomainError(
        'VALIDATION_FAILED',
        '无法从文件标题识别计划年度，请用 --year 指定',
        'could not read the plan year from the title; give it with --year',
      );
    const unit = await unitToImportInto(options.unitCode, actor);
    const [indicatorRows, units] = await Promise.all([
      registry.listIndicators(),
      registry.listUnits(),
    ]);
    const linkable = indicatorRows.map((i) => ({
      id: i.id,
      code: i.code,
      name: i.name,
      aliases: JSON.parse(i.aliases) as string[],
      unit: i.unit,
    }));
    const flat = flattenNodes(extracted.nodes);
    const figures = extracted.figures.filter((f) => f.kind === 'target' && f.nodeKey !== null);
    const hash = createHash('sha256').update(options.text).digest('hex');

    /** Reads what is stored and compares; the same reads whether or not the diff is written. */
    const compare = async (executor: Kysely<Database>) => {
      const existing = await plans.findPlanOf(unit.id, year, executor);
      if (existing && existing.status !== 'draft')
        throw new DomainError(
          'INVALID_TRANSITION',
          '计划已通过，需先退回草案才能导入修订版',
          'the plan is adopted; reopen it as a draft before importing a revision',
        );
      const oldNodes = existing ? await plans.listNodes(existing.id, executor) : [];
      const oldTargets = existing ? await plans.listTargets(existing.id, executor) : [];
      const nodeKeys = new Set([...oldNodes.map((n) => n.key), ...flat.map((f) => f.node.key)]);
      const diff = diffTargets(
        figures,
        { targets: oldTargets, nodeKeyById: new Map(oldNodes.map((n) => [n.id, n.key])) },
        nodeKeys,
      );
      return { existing, oldNodes, diff };
    };
    const resultOf = (planId: string, isNew: boolean, diff: TargetDiff) => ({
      planId,
      isNew,
      nodes: flat.length,
      targets: figures.length,
      added: diff.added.map((a) => a.change),
      changed: diff.changed.map((c) => c.change),
      removed: diff.removed.map((r) => r.change),
      keptEdits: diff.keptEdits,
    });

    if (options.dryRun) {
      const { existing, diff } = await compare(db);
      return {
        ...resultOf(existing?.id ?? deps.ids.next(), !existing, diff),
        observations: 0,
        skippedAchievements: 0,
      };
    }

    const result = await db.transaction().execute(async (trx) => {
      const { existing, oldNodes, diff } = await compare(trx);
      const planId = existing
        ? await revisePlan(trx, existing, extracted.title, options.sourceDocument, hash)
        : await createPlan(trx, unit, year, extracted.title, options.sourceDocument, hash, actor);
      const nodeIdByKey = await storeNodes(trx, planId, flat, oldNodes, units);
      await applyDiff(
        trx,
        diff,
        { planId, unitId: unit.id, year, linkable, nodeIdByKey },
        actor,
        options.sourceDocument,
      );
      const outcome = resultOf(planId, !existing, diff);
      if (existing)
        await recordChange(trx, deps.clock, actor, {
          action: 'plan.reimport',
          entity: 'plan',
          entityId: planId,
          oldValue: { sourceHash: existing.source_hash },
          newValue: {
            sourceHash: hash,
            added: outcome.added.length,
            changed: outcome.changed.length,
            removed: outcome.removed.length,
            keptEdits: outcome.keptEdits.length,
          },
        });
      return outcome;
    });

    const achievements = await writeAchievements(
      extracted,
      extracted.reviewYear ?? year - 1,
      { unitCode: unit.code, sourceDocument: options.sourceDocument, linkable },
      actor,
    );
    return { ...result, ...achievements };
  }

  async function createPlan(
    trx: Kysely<Database>,
    unit: UnitTable,
    year: number,
    title: string | null,
    sourceDocument: string,
    hash: string,
    actor: Actor,
  ): Promise<string> {
    const now = deps.clock.now();
    const row: PlanTable = {
      id: deps.ids.next(),
      unit_id: unit.id,
      year,
      title: title ?? `${unit.name}${year}年计划`,
      status: 'draft',
      source_document: sourceDocument,
      source_hash: hash,
      created_at: now,
      updated_at: now,
    };
    await plans.insertPlan(row, trx);
    await recordChange(trx, deps.clock, actor, {
      action: 'plan.import',
      entity: 'plan',
      entityId: row.id,
      oldValue: null,
      newValue: row,
    });
    return row.id;
  }

  async function revisePlan(
    trx: Kysely<Database>,
    existing: PlanTable,
    title: string | null,
    sourceDocument: string,
    hash: string,
  ): Promise<string> {
    await plans.updatePlan(
      existing.id,
      {
        source_document: sourceDocument,
        source_hash: hash,
        updated_at: deps.clock.now(),
        title: title ?? existing.title,
      },
      trx,
    );
    return existing.id;
  }

  /**
   * Upserts the nodes by key, so a revision lands on the same node ids; a new task gets the
   * lead units the keyword table suggests. Returns every node's id by key.
   */
  async function storeNodes(
    trx: Kysely<Database>,
    planId: string,
    flat: ReturnType<typeof flattenNodes>,
    oldNodes: readonly { id: string; key: string }[],
    units: readonly UnitTable[],
  ): Promise<Map<string, string>> {
    const departments = units.filter((u) => u.kind === 'department');
    const keywordTable = departments.map((d) => ({
      unitName: d.name,
      keywords: JSON.parse(d.keywords) as string[],
    }));
    const departmentByName = new Map(departments.map((d) => [d.name, d.id]));
    const nodeIdByKey = new Map(oldNodes.map((n) => [n.key, n.id]));
    for (const [order, { node, parentKey }] of flat.entries()) {
      const row = {
        plan_id: planId,
        parent_id: parentKey === null ? null : (nodeIdByKey.get(parentKey) ?? null),
        key: node.key,
        kind: node.kind,
        label: node.label,
        ordinal: node.ordinal,
        title: node.title,
        text: node.text,
        start_offset: node.start,
        end_offset: node.end,
        sort_order: order,
      };
      const id = nodeIdByKey.get(node.key);
      if (id) {
        await plans.updateNode(id, row, trx);
        continue;
      }
      const newId = deps.ids.next();
      nodeIdByKey.set(node.key, newId);
      await plans.insertNode({ id: newId, ...row }, trx);
      if (node.kind !== 'task') continue;
      const suggested = suggestLeadUnits(node.text, keywordTable, 3).flatMap((s, i) => {
        const unitId = departmentByName.get(s.unitName);
        return unitId
          ? [
              {
                node_id: newId,
                unit_id: unitId,
                role: i === 0 ? 'lead' : 'co',
                is_suggested: 1,
              } as const,
            ]
          : [];
      });
      await plans.insertNodeUnits(suggested, trx);
    }
    return nodeIdByKey;
  }

  async function applyDiff(
    trx: Kysely<Database>,
    diff: TargetDiff,
    plan: {
      planId: string;
      unitId: string;
      year: number;
      linkable: Parameters<typeof inferTarget>[1];
      nodeIdByKey: ReadonlyMap<string, string>;
    },
    actor: Actor,
    sourceDocument: string,
  ) {
    const now = deps.clock.now();
    for (const { figure, change } of diff.added) {
      const inferred = inferTarget(figure, plan.linkable, plan.year);
      await plans.insertTarget(
        {
          id: deps.ids.next(),
          plan_id: plan.planId,
          node_id: plan.nodeIdByKey.get(change.nodeKey) ?? '',
          kind: 'indicator',
          metric: figure.metric,
          indicator_id: inferred.indicatorId,
          suggested_indicator_id: inferred.suggestedIndicatorId,
          proposal: inferred.proposal ? JSON.stringify(inferred.proposal) : null,
          unit_id: plan.unitId,
          measure: inferred.measure,
          direction: inferred.direction,
          comparator: figure.comparator,
          value: figure.value,
          value_max: figure.valueMax ?? null,
          unit: inferred.unit,
          sign: figure.sign,
          is_aspirational: figure.isAspirational ? 1 : 0,
          due_period_id: inferred.duePeriodId,
          baseline: null,
          status: 'proposed',
          source_text: figure.text,
          source_offset: figure.offset,
          is_edited: 0,
          version: 1,
          updated_at: now,
        },
        trx,
      );
    }
    for (const { before, revised } of diff.changed) {
      const patch = { ...revised, version: before.version + 1, updated_at: now };
      await plans.updateTarget(before.id, patch, trx);
      await recordChange(trx, deps.clock, actor, {
        action: 'target.revise',
        entity: 'target',
        entityId: before.id,
        oldValue: before,
        newValue: { ...before, ...patch },
        reason: `修订版导入：${sourceDocument}`,
      });
    }
    for (const { before } of diff.removed) {
      await plans.deleteTarget(before.id, trx);
      await recordChange(trx, deps.clock, actor, {
        action: 'target.remove',
        entity: 'target',
        entityId: before.id,
        oldValue: before,
        newValue: null,
        reason: `修订版中已删除：${sourceDocument}`,
      });
    }
  }

  /**
   * Last year's results become observations of the year under review, where their metric
   * names a registry indicator (once per indicator); the rest are counted as skipped.
   */
  async function writeAchievements(
    extracted: ExtractedPlan,
    reviewYear: number,
    ctx: {
      unitCode: string;
      sourceDocument: string;
      linkable: Parameters<typeof achievementValue>[1];
    },
    actor: Actor,
  ): Promise<{ observations: number; skippedAchievements: number }> {
    const rows: ObservationInput[] = [];
    const taken = new Set<string>();
    let skipped = 0;
    for (const f of extracted.figures.filter((x) => x.kind === 'achievement')) {
      const found = achievementValue(f, ctx.linkable);
      if (!found || taken.has(found.indicatorCode)) {
        skipped += 1;
        continue;
      }
      taken.add(found.indicatorCode);
      rows.push({
        indicatorCode: found.indicatorCode,
        unitCode: ctx.unitCode,
        periodId: String(reviewYear),
        value: found.value,
        source: 'document',
        sourceRef: `${ctx.sourceDocument}#${f.offset}`,
      });
    }
    if (rows.length === 0) return { observations: 0, skippedAchievements: skipped };
    const outcome = await observations.writeObservations(rows, actor, {
      reason: `计划文件导入：${ctx.sourceDocument}`,
      provenance: {
        source: 'document',
        state: 'approved',
        comment: `计划文件：${ctx.sourceDocument}`,
      },
    });
    return outcome.ok
      ? { observations: outcome.written, skippedAchievements: skipped }
      : { observations: 0, skippedAchievements: skipped + rows.length };
  }

  return { importPlan };
}
