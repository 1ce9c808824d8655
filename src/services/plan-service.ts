/**
 * Plans: importing a plan document into a draft (and re-importing a revision as a
 * diff that keeps the planner's edits), reading the tree with every target's
 * assessment, editing targets, and adopting the plan.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { DomainError } from '../core/domain-error.ts';
import type { Light } from '../core/light-thresholds.ts';
import { convertQuantity, dimensionOf, splitMagnitude } from '../core/measure-unit.ts';
import type { ObservationInput } from '../core/observation.ts';
import { parsePeriod, type PeriodType } from '../core/period.ts';
import { approvedOnly, countedStates } from '../core/rollup.ts';
import { canTransitionPlan, type PlanStatus } from '../core/plan.ts';
import type { ExtractedNode, ExtractedPlan, PlacedFigure } from '../extract/extracted-plan.ts';
import { inferMeasure, linkIndicator } from '../extract/link-indicator.ts';
import { suggestLeadUnits } from '../extract/suggest-lead-units.ts';
import type { Database, PlanNodeTable, TargetTable } from '../store/schema.ts';
import { createAuditLog } from '../store/audit-log.ts';
import { recordChange } from '../store/audit-log.ts';
import { createAssessmentService, type TargetAssessment } from './assessment-service.ts';
import { requireGrant } from './collection-context.ts';
import { authorize, type Action } from '../core/permission.ts';
import { createObservationService } from './observation-service.ts';
import { createRegistryService } from './registry-service.ts';
import { createSettingsService } from './settings-service.ts';
import type { Actor, ServiceDeps } from './ports.ts';

export interface TargetView {
  readonly id: string;
  readonly nodeId: string;
  readonly kind: TargetTable['kind'];
  readonly metric: string;
  readonly indicator: { code: string; name: string; unit: string; decimals: number } | null;
  readonly suggestedIndicator: { code: string; name: string } | null;
  readonly proposal: unknown;
  readonly measure: TargetTable['measure'];
  readonly direction: TargetTable['direction'];
  readonly comparator: string;
  readonly value: number | null;
  readonly valueMax: number | null;
  readonly unit: string;
  readonly sign: number;
  readonly isAspirational: boolean;
  readonly duePeriodId: string;
  readonly status: TargetTable['status'];
  readonly isEdited: boolean;
  readonly sourceText: string;
  readonly sourceOffset: number | null;
  readonly version: number;
  /** The value the assessment compares, in the indicator's unit. */
  readonly comparedValue: number | null;
  readonly comparedUnit: string;
  readonly assessment: TargetAssessment['assessment'];
}

export interface PlanNodeView {
  readonly id: string;
  readonly key: string;
  readonly kind: PlanNodeTable['kind'];
  readonly label: string;
  readonly ordinal: number;
  readonly title: string;
  readonly text: string;
  readonly units: { code: string; name: string; role: 'lead' | 'co'; isSuggested: boolean }[];
  readonly targets: TargetView[];
  readonly lights: Record<Light, number>;
  readonly children: PlanNodeView[];
}

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

const emptyLights = (): Record<Light, number> => ({
  green: 0,
  yellow: 0,
  red: 0,
  done: 0,
  none: 0,
});

/** Figures are kept with their magnitude applied in base units ("3万人" → 30000 人). */
const baseUnitOf = (unit: string) => (unit === '' ? '' : splitMagnitude(unit).base);

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

export function createPlanService(deps: ServiceDeps) {
  const { db } = deps.database;
  const settings = createSettingsService(deps);
  const registry = createRegistryService(deps);
  // The thresholds a planner set in the web override the deployment's, from the next assessment on.
  const assessments = {
    assessPlan: async (planId: string, asOf?: string) =>
      createAssessmentService({
        ...deps,
        thresholds: (await settings.getLightThresholds()).thresholds,
      }).assessPlan(planId, asOf),
  };
  const observations = createObservationService(deps);
  const auditLog = createAuditLog(db, deps.clock);

  async function listPlans() {
    const rows = await db
      .selectFrom('plan')
      .innerJoin('unit', 'unit.id', 'plan.unit_id')
      .select([
        'plan.id',
        'plan.year',
        'plan.title',
        'plan.status',
        'plan.source_document as sourceDocument',
        'plan.updated_at as updatedAt',
        'unit.code as unitCode',
        'unit.name as unitName',
      ])
      .orderBy('plan.year', 'desc')
      .execute();
    return rows;
  }

  /**
   * Checks the actor may take the action on a plan of the unit: the grant first (a role
   * that may not act learns nothing about what exists), then the unit's place in scope.
   */
  async function authorizeOnUnit(
    actor: Actor,
    action: Action,
    unitId: string,
    trx: Kysely<Database> = db,
  ) {
    authorize(actor, action);
    const unit = await trx
      .selectFrom('unit')
      .select('path')
      .where('id', '=', unitId)
      .executeTakeFirstOrThrow();
    authorize(actor, action, [unit.path]);
  }

  async function getPlanRow(planId: string, trx: Kysely<Database> = db) {
    const plan = await trx
      .selectFrom('plan')
      .selectAll()
      .where('id', '=', planId)
      .executeTakeFirst();
    if (!plan)
      throw new DomainError('NOT_FOUND', `找不到计划“${planId}”`, `Plan ${planId} not found`);
    return plan;
  }

  /** The plan with its tree; every target carries its current assessment. */
  async function getPlanTree(planId: string, asOf?: string) {
    const plan = await getPlanRow(planId);
    const [nodes, targets, indicators, nodeUnits, unit, assessed] = await Promise.all([
      db
        .selectFrom('plan_node')
        .selectAll()
        .where('plan_id', '=', planId)
        .orderBy('sort_order')
        .execute(),
      db
        .selectFrom('target')
        .selectAll()
        .where('plan_id', '=', planId)
        .orderBy('source_offset')
        .execute(),
      db.selectFrom('indicator').select(['id', 'code', 'name', 'unit', 'decimals']).execute(),
      db
        .selectFrom('plan_node_unit')
        .innerJoin('plan_node', 'plan_node.id', 'plan_node_unit.node_id')
        .innerJoin('unit', 'unit.id', 'plan_node_unit.unit_id')
        .select([
          'plan_node_unit.node_id',
          'plan_node_unit.role',
          'plan_node_unit.is_suggested',
          'unit.code',
          'unit.name',
        ])
        .where('plan_node.plan_id', '=', planId)
        .execute(),
      db
        .selectFrom('unit')
        .select(['code', 'name'])
        .where('id', '=', plan.unit_id)
        .executeTakeFirstOrThrow(),
      assessments.assessPlan(planId, asOf),
    ]);
    const indicatorById = new Map(indicators.map((i) => [i.id, i]));
    const assessmentById = new Map(assessed.results.map((r) => [r.targetId, r]));
    const targetsByNode = new Map<string, TargetView[]>();
    for (const t of targets) {
      const a = assessmentById.get(t.id);
      const indicator = t.indicator_id ? indicatorById.get(t.indicator_id) : undefined;
      const suggested = t.suggested_indicator_id
        ? indicatorById.get(t.suggested_indicator_id)
        : undefined;
      const view: TargetView = {
        id: t.id,
        nodeId: t.node_id,
        kind: t.kind,
        metric: t.metric,
        indicator: indicator
          ? {
              code: indicator.code,
              name: indicator.name,
              unit: indicator.unit,
              decimals: indicator.decimals,
            }
          : null,
        suggestedIndicator: suggested ? { code: suggested.code, name: suggested.name } : null,
        proposal: t.proposal === null ? null : (JSON.parse(t.proposal) as unknown),
        measure: t.measure,
        direction: t.direction,
        comparator: t.comparator,
        value: t.value,
        valueMax: t.value_max,
        unit: t.unit,
        sign: t.sign,
        isAspirational: t.is_aspirational === 1,
        duePeriodId: t.due_period_id,
        status: t.status,
        isEdited: t.is_edited === 1,
        sourceText: t.source_text,
        sourceOffset: t.source_offset,
        version: t.version,
        comparedValue: a?.comparedValue ?? t.value,
        comparedUnit: a?.comparedUnit ?? t.unit,
        assessment: a?.assessment ?? {
          light: 'none',
          actual: null,
          shareOfTarget: null,
          expectedShare: null,
          gapPoints: null,
          forecast: null,
          requiredRunRate: null,
          reason: { zh: '已否决，不评估', en: 'rejected; not assessed' },
          asOfPeriodId: null,
          standing: 'rejected',
          completeness: null,
        },
      };
      targetsByNode.set(t.node_id, [...(targetsByNode.get(t.node_id) ?? []), view]);
    }
    const unitsByNode = new Map<string, PlanNodeView['units']>();
    for (const u of nodeUnits) {
      unitsByNode.set(u.node_id, [
        ...(unitsByNode.get(u.node_id) ?? []),
        { code: u.code, name: u.name, role: u.role, isSuggested: u.is_suggested === 1 },
      ]);
    }
    const build = (parentId: string | null): PlanNodeView[] =>
      nodes
        .filter((n) => n.parent_id === parentId)
        .map((n) => {
          const children = build(n.id);
          const own = targetsByNode.get(n.id) ?? [];
          const lights = emptyLights();
          for (const t of own) if (t.status !== 'rejected') lights[t.assessment.light] += 1;
          for (const c of children)
            for (const l of Object.keys(lights) as Light[]) lights[l] += c.lights[l];
          return {
            id: n.id,
            key: n.key,
            kind: n.kind,
            label: n.label,
            ordinal: n.ordinal,
            title: n.title,
            text: n.text,
            units: (unitsByNode.get(n.id) ?? []).sort((a, b) =>
              a.role === b.role ? 0 : a.role === 'lead' ? -1 : 1,
            ),
            targets: own,
            lights,
            children,
          };
        });
    const tree = build(null);
    const lights = emptyLights();
    for (const n of tree) for (const l of Object.keys(lights) as Light[]) lights[l] += n.lights[l];
    return {
      id: plan.id,
      year: plan.year,
      title: plan.title,
      status: plan.status,
      sourceDocument: plan.source_document,
      unit: { code: unit.code, name: unit.name },
      asOf: assessed.asOf,
      dataThrough: assessed.dataThrough,
      dataPartial: assessed.dataPartial,
      lights,
      nodes: tree,
    };
  }

  /** Counts by light, for the plan and for each group. */
  async function getSummary(planId: string, asOf?: string) {
    const tree = await getPlanTree(planId, asOf);
    const groups = tree.nodes.flatMap((part) =>
      part.children
        .filter((g) => g.kind === 'group')
        .map((g) => ({
          key: g.key,
          label: g.label,
          title: g.title,
          partKey: part.key,
          lights: g.lights,
        })),
    );
    return { planId, asOf: tree.asOf, lights: tree.lights, groups };
  }

  /**
   * Imports an extracted plan as a draft, or — when a plan of the same unit and year
   * exists — applies the revision as a diff that keeps the planner's edits.
   */
  async function importPlan(
    extracted: ExtractedPlan,
    options: {
      unitCode: string;
      sourceDocument: string;
      text: string;
      year?: number;
      dryRun?: boolean;
    },
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
    const unit = await db
      .selectFrom('unit')
      .selectAll()
      .where('code', '=', options.unitCode)
      .executeTakeFirst();
    if (!unit)
      throw new DomainError(
        'NOT_FOUND',
        `找不到单位“${options.unitCode}”`,
        `Unit ${options.unitCode} not found`,
      );
    authorize(actor, 'plan.write', [unit.path]);
    const [indicatorRows, departments] = await Promise.all([
      db.selectFrom('indicator').selectAll().execute(),
      db
        .selectFrom('unit')
        .select(['id', 'name', 'keywords'])
        .where('kind', '=', 'department')
        .execute(),
    ]);
    const registry = indicatorRows.map((i) => ({
      id: i.id,
      name: i.name,
      aliases: JSON.parse(i.aliases) as string[],
      unit: i.unit,
    }));
    const keywordTable = departments.map((d) => ({
      unitName: d.name,
      keywords: JSON.parse(d.keywords) as string[],
    }));
    const departmentByName = new Map(departments.map((d) => [d.name, d.id]));

    const flat = flattenNodes(extracted.nodes);
    const targetFigures = extracted.figures.filter(
      (f) => f.kind === 'target' && f.nodeKey !== null,
    );
    const keys = targetKeys(targetFigures);
    const now = deps.clock.now();
    const hash = createHash('sha256').update(options.text).digest('hex');

    const result = await db
      .transaction()
      .execute(async (trx) => {
        const existing = await trx
          .selectFrom('plan')
          .selectAll()
          .where('unit_id', '=', unit.id)
          .where('year', '=', year)
          .executeTakeFirst();
        const planId = existing?.id ?? deps.ids.next();
        if (!existing) {
          const row = {
            id: planId,
            unit_id: unit.id,
            year,
            title: extracted.title ?? `${unit.name}${year}年计划`,
            status: 'draft' as const,
            source_document: options.sourceDocument,
            source_hash: hash,
            created_at: now,
            updated_at: now,
          };
          await trx.insertInto('plan').values(row).execute();
          await recordChange(trx, deps.clock, actor, {
            action: 'plan.import',
            entity: 'plan',
            entityId: planId,
            oldValue: null,
            newValue: row,
          });
        } else {
          if (existing.status !== 'draft')
            throw new DomainError(
              'INVALID_TRANSITION',
              '计划已通过，需先退回草案才能导入修订版',
              'the plan is adopted; reopen it as a draft before importing a revision',
            );
          await trx
            .updateTable('plan')
            .set({
              source_document: options.sourceDocument,
              source_hash: hash,
              updated_at: now,
              title: extracted.title ?? existing.title,
            })
            .where('id', '=', planId)
            .execute();
        }

        // Nodes: upsert by key, so a revision lands on the same node ids.
        const oldNodes = await trx
          .selectFrom('plan_node')
          .selectAll()
          .where('plan_id', '=', planId)
          .execute();
        const nodeIdByKey = new Map(oldNodes.map((n) => [n.key, n.id]));
        let order = 0;
        for (const { node, parentKey } of flat) {
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
            sort_order: order++,
          };
          const id = nodeIdByKey.get(node.key);
          if (id) await trx.updateTable('plan_node').set(row).where('id', '=', id).execute();
          else {
            const newId = deps.ids.next();
            nodeIdByKey.set(node.key, newId);
            await trx
              .insertInto('plan_node')
              .values({ id: newId, ...row })
              .execute();
            if (node.kind === 'task') {
              const suggestions = suggestLeadUnits(node.text, keywordTable, 3);
              for (const [i, s] of suggestions.entries()) {
                const unitId = departmentByName.get(s.unitName);
                if (!unitId) continue;
                await trx
                  .insertInto('plan_node_unit')
                  .values({
                    node_id: newId,
                    unit_id: unitId,
                    role: i === 0 ? 'lead' : 'co',
                    is_suggested: 1,
                  })
                  .execute();
              }
            }
          }
        }

        // Targets: diff by key against what is there.
        // Targets sharing a node and metric are told apart by their order in the document; an
        // unordered scan returns PostgreSQL's heap order, which an UPDATE reshuffles.
        const oldTargets = await trx
          .selectFrom('target')
          .selectAll()
          .where('plan_id', '=', planId)
          .orderBy('source_offset')
          .orderBy('id')
          .execute();
        const oldKeyOf = new Map<string, TargetTable>();
        const oldNodeKeyById = new Map(oldNodes.map((n) => [n.id, n.key]));
        const oldKeys = targetKeys(
          oldTargets.map((t) => ({
            nodeKey: oldNodeKeyById.get(t.node_id) ?? '',
            metric: t.metric,
          })),
        );
        oldTargets.forEach((t, i) => oldKeyOf.set(oldKeys[i] ?? t.id, t));
        const added: TargetChange[] = [];
        const changed: TargetChange[] = [];
        const keptEdits: TargetChange[] = [];
        const removed: TargetChange[] = [];
        const seenKeys = new Set<string>();
        for (const [i, f] of targetFigures.entries()) {
          const key = keys[i] ?? '';
          seenKeys.add(key);
          const nodeId = nodeIdByKey.get(f.nodeKey ?? '');
          if (!nodeId) continue;
          const row = buildTargetRow(f, {
            planId,
            nodeId,
            unitId: unit.id,
            year,
            registry,
            now,
            clause: f.text,
          });
          const before = oldKeyOf.get(key);
          const summary = (t: Pick<TargetTable, 'value' | 'unit' | 'comparator'>) => ({
            value: t.value,
            unit: t.unit,
            comparator: t.comparator,
          });
          if (!before) {
            const id = deps.ids.next();
            await trx
              .insertInto('target')
              .values({ id, ...row })
              .execute();
            added.push({
              key,
              metric: f.metric,
              nodeKey: f.nodeKey ?? '',
              before: null,
              after: summary(row),
            });
            continue;
          }
          const isDifferent =
            before.value !== row.value ||
            before.value_max !== row.value_max ||
            before.unit !== row.unit ||
            before.comparator !== row.comparator ||
            before.sign !== row.sign;
          if (!isDifferent) continue;
          const change = {
            key,
            metric: f.metric,
            nodeKey: f.nodeKey ?? '',
            before: summary(before),
            after: summary(row),
          };
          if (before.is_edited === 1) {
            keptEdits.push(change);
            continue;
          }
          const patch = {
            value: row.value,
            value_max: row.value_max,
            unit: row.unit,
            comparator: row.comparator,
            sign: row.sign,
            source_text: row.source_text,
            source_offset: row.source_offset,
            version: before.version + 1,
            updated_at: now,
          };
          await trx.updateTable('target').set(patch).where('id', '=', before.id).execute();
          await recordChange(trx, deps.clock, actor, {
            action: 'target.revise',
            entity: 'target',
            entityId: before.id,
            oldValue: before,
            newValue: { ...before, ...patch },
            reason: `修订版导入：${options.sourceDocument}`,
          });
          changed.push(change);
        }
        for (const [key, t] of oldKeyOf) {
          if (seenKeys.has(key)) continue;
          const change = {
            key,
            metric: t.metric,
            nodeKey: oldNodeKeyById.get(t.node_id) ?? '',
            before: { value: t.value, unit: t.unit, comparator: t.comparator },
            after: null,
          };
          if (t.is_edited === 1) {
            keptEdits.push(change);
            continue;
          }
          await trx.deleteFrom('target').where('id', '=', t.id).execute();
          await recordChange(trx, deps.clock, actor, {
            action: 'target.remove',
            entity: 'target',
            entityId: t.id,
            oldValue: t,
            newValue: null,
            reason: `修订版中已删除：${options.sourceDocument}`,
          });
          removed.push(change);
        }
        if (existing) {
          await recordChange(trx, deps.clock, actor, {
            action: 'plan.reimport',
            entity: 'plan',
            entityId: planId,
            oldValue: { sourceHash: existing.source_hash },
            newValue: {
              sourceHash: hash,
              added: added.length,
              changed: changed.length,
              removed: removed.length,
              keptEdits: keptEdits.length,
            },
          });
        }
        if (options.dryRun)
          throw new DryRun({
            planId,
            isNew: !existing,
            nodes: flat.length,
            targets: targetFigures.length,
            observations: 0,
            added,
            changed,
            removed,
            keptEdits,
            skippedAchievements: 0,
          });
        return {
          planId,
          isNew: !existing,
          nodes: flat.length,
          targets: targetFigures.length,
          added,
          changed,
          removed,
          keptEdits,
        };
      })
      .catch((error: unknown) => {
        if (error instanceof DryRun) return error.result;
        throw error;
      });
    if (options.dryRun) return result as ImportResult;

    // Last year's results become observations of the previous year, where they link to the registry.
    const reviewYear = extracted.reviewYear ?? year - 1;
    const rows: ObservationInput[] = [];
    const taken = new Set<string>();
    let skipped = 0;
    for (const f of extracted.figures.filter((x) => x.kind === 'achievement')) {
      const input = toAchievementObservation(
        f,
        registry,
        indicatorRows,
        unit.code,
        reviewYear,
        options.sourceDocument,
      );
      if (!input || taken.has(input.indicatorCode)) {
        skipped += 1;
        continue;
      }
      taken.add(input.indicatorCode);
      rows.push(input);
    }
    let written = 0;
    if (rows.length > 0) {
      const outcome = await observations.writeObservations(rows, actor, {
        reason: `计划文件导入：${options.sourceDocument}`,
        provenance: {
          source: 'document',
          state: 'approved',
          comment: `计划文件：${options.sourceDocument}`,
        },
      });
      if (outcome.ok) written = outcome.written;
      else skipped += rows.length;
    }
    return {
      ...(result as Omit<ImportResult, 'observations' | 'skippedAchievements'>),
      observations: written,
      skippedAchievements: skipped,
    };
  }

  async function setPlanStatus(planId: string, status: PlanStatus, actor: Actor, reason = '') {
    authorize(actor, 'plan.adopt');
    return db.transaction().execute(async (trx) => {
      const plan = await getPlanRow(planId, trx);
      await authorizeOnUnit(actor, 'plan.adopt', plan.unit_id, trx);
      if (!canTransitionPlan(plan.status, status))
        throw new DomainError(
          'INVALID_TRANSITION',
          `计划状态不能从“${plan.status}”变为“${status}”`,
          `a plan cannot go from ${plan.status} to ${status}`,
        );
      if (status === 'draft' && reason.trim() === '')
        throw new DomainError(
          'VALIDATION_FAILED',
          '退回草案须说明原因',
          'reopening a plan needs a reason',
        );
      const now = deps.clock.now();
      await trx
        .updateTable('plan')
        .set({ status, updated_at: now })
        .where('id', '=', planId)
        .execute();
      await recordChange(trx, deps.clock, actor, {
        action: `plan.${status}`,
        entity: 'plan',
        entityId: planId,
        oldValue: { status: plan.status },
        newValue: { status },
        reason,
      });
      return { ...plan, status, updated_at: now };
    });
  }

  async function getTarget(targetId: string, trx: Kysely<Database> = db) {
    const row = await trx
      .selectFrom('target')
      .selectAll()
      .where('id', '=', targetId)
      .executeTakeFirst();
    if (!row)
      throw new DomainError('NOT_FOUND', `找不到目标“${targetId}”`, `Target ${targetId} not found`);
    return row;
  }

  /** A planner's edit of a target; optimistic: the caller names the version it edited. */
  async function updateTarget(
    targetId: string,
    patch: {
      version: number;
      kind?: TargetTable['kind'];
      metric?: string;
      value?: number | null;
      valueMax?: number | null;
      unit?: string;
      comparator?: string;
      indicatorCode?: string | null;
      measure?: TargetTable['measure'];
      direction?: TargetTable['direction'];
      status?: TargetTable['status'];
      duePeriodId?: string;
    },
    actor: Actor,
    reason = '',
  ) {
    authorize(actor, 'plan.write');
    return db.transaction().execute(async (trx) => {
      const before = await getTarget(targetId, trx);
      const plan = await getPlanRow(before.plan_id, trx);
      await authorizeOnUnit(actor, 'plan.write', plan.unit_id, trx);
      // Accepting or rejecting stays open on an adopted plan; any other field would edit it past the lock.
      const isStatusOnly = Object.entries(patch).every(
        ([field, value]) => value === undefined || field === 'version' || field === 'status',
      );
      if (plan.status !== 'draft' && !isStatusOnly)
        throw new DomainError(
          'INVALID_TRANSITION',
          '计划已通过，修改目标须先退回草案',
          'the plan is adopted; reopen it as a draft to edit targets',
        );
      if (before.version !== patch.version)
        throw new DomainError(
          'CONFLICT',
          '该目标已被他人修改，请刷新后再试',
          'the target was changed by someone else; reload and try again',
          {
            details: { current: before },
          },
        );
      let indicatorId = before.indicator_id;
      if (patch.indicatorCode !== undefined) {
        if (patch.indicatorCode === null) indicatorId = null;
        else {
          const indicator = await trx
            .selectFrom('indicator')
            .select('id')
            .where('code', '=', patch.indicatorCode)
            .executeTakeFirst();
          if (!indicator)
            throw new DomainError(
              'NOT_FOUND',
              `找不到指标“${patch.indicatorCode}”`,
              `Indicator ${patch.indicatorCode} not found`,
            );
          indicatorId = indicator.id;
        }
      }
      const after: TargetTable = {
        ...before,
        kind: patch.kind ?? before.kind,
        metric: patch.metric ?? before.metric,
        value: patch.value === undefined ? before.value : patch.value,
        value_max: patch.valueMax === undefined ? before.value_max : patch.valueMax,
        unit: patch.unit ?? before.unit,
        comparator: patch.comparator ?? before.comparator,
        indicator_id: indicatorId,
        suggested_indicator_id:
          patch.indicatorCode !== undefined ? null : before.suggested_indicator_id,
        measure: patch.measure ?? before.measure,
        direction: patch.direction ?? before.direction,
        status: patch.status ?? before.status,
        due_period_id: patch.duePeriodId ?? before.due_period_id,
        is_edited: 1,
        version: before.version + 1,
        updated_at: deps.clock.now(),
      };
      // The version in the WHERE makes the check atomic: of two concurrent edits of the same
      // version, the second updates nothing and gets the conflict.
      const updated = await trx
        .updateTable('target')
        .set(after)
        .where('id', '=', targetId)
        .where('version', '=', patch.version)
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1) {
        const current = await getTarget(targetId, trx);
        throw new DomainError(
          'CONFLICT',
          '该目标已被他人修改，请刷新后再试',
          'the target was changed by someone else; reload and try again',
          {
            details: { current },
          },
        );
      }
      await recordChange(trx, deps.clock, actor, {
        action: 'target.update',
        entity: 'target',
        entityId: targetId,
        oldValue: before,
        newValue: after,
        reason,
      });
      return after;
    });
  }

  /** Throws unless the plan is a draft: an adopted plan is reopened before it is edited. */
  const requireDraft = (plan: { status: string }) => {
    if (plan.status !== 'draft')
      throw new DomainError(
        'INVALID_TRANSITION',
        '计划已通过，修改须先退回草案',
        'the plan is adopted; reopen it as a draft to edit it',
      );
  };

  /**
   * Sets the lead (牵头) and co (配合) units of a plan node; optimistic: the caller names the
   * units it saw, and gets a conflict when someone changed them since.
   */
  async function setNodeUnits(
    planId: string,
    nodeId: string,
    input: {
      lead: readonly string[];
      co: readonly string[];
      expected: { lead: readonly string[]; co: readonly string[] };
    },
    actor: Actor,
    reason = '',
  ) {
    authorize(actor, 'plan.write');
    const sorted = (codes: readonly string[]) => [...new Set(codes)].sort();
    const lead = sorted(input.lead);
    const co = sorted(input.co);
    const both = lead.filter((c) => co.includes(c));
    if (both.length > 0)
      throw new DomainError(
        'VALIDATION_FAILED',
        `单位不能既牵头又配合：${both.join('、')}`,
        `a unit cannot both lead and co-operate: ${both.join(', ')}`,
        { details: { units: both } },
      );
    return db.transaction().execute(async (trx) => {
      const plan = await getPlanRow(planId, trx);
      await authorizeOnUnit(actor, 'plan.write', plan.unit_id, trx);
      requireDraft(plan);
      const node = await trx
        .selectFrom('plan_node')
        .select(['id', 'plan_id', 'title'])
        .where('id', '=', nodeId)
        .executeTakeFirst();
      if (!node || node.plan_id !== planId)
        throw new DomainError('NOT_FOUND', `找不到任务“${nodeId}”`, `Task ${nodeId} not found`);
      const current = await trx
        .selectFrom('plan_node_unit')
        .innerJoin('unit', 'unit.id', 'plan_node_unit.unit_id')
        .select(['unit.code', 'plan_node_unit.role'])
        .where('plan_node_unit.node_id', '=', nodeId)
        .execute();
      const before = {
        lead: sorted(current.filter((u) => u.role === 'lead').map((u) => u.code)),
        co: sorted(current.filter((u) => u.role === 'co').map((u) => u.code)),
      };
      const same = (a: readonly string[], b: readonly string[]) =>
        a.length === b.length && a.every((x, i) => x === b[i]);
      if (
        !same(before.lead, sorted(input.expected.lead)) ||
        !same(before.co, sorted(input.expected.co))
      )
        throw new DomainError(
          'CONFLICT',
          '该任务的单位已被他人修改，请刷新后再试',
          "the task's units were changed by someone else; reload and try again",
          { details: { current: before } },
        );
      const wanted = [...lead, ...co];
      const units =
        wanted.length === 0
          ? []
          : await trx
              .selectFrom('unit')
              .select(['id', 'code'])
              .where('code', 'in', wanted)
              .execute();
      const idOf = new Map(units.map((u) => [u.code, u.id]));
      const missing = wanted.filter((c) => !idOf.has(c));
      if (missing.length > 0)
        throw new DomainError(
          'NOT_FOUND',
          `找不到单位“${missing.join('、')}”`,
          `Unit ${missing.join(', ')} not found`,
        );
      await trx.deleteFrom('plan_node_unit').where('node_id', '=', nodeId).execute();
      const rows = [
        ...lead.map((c) => ({ code: c, role: 'lead' as const })),
        ...co.map((c) => ({ code: c, role: 'co' as const })),
      ].map((u) => ({
        node_id: nodeId,
        unit_id: idOf.get(u.code) ?? '',
        role: u.role,
        is_suggested: 0,
      }));
      if (rows.length > 0) await trx.insertInto('plan_node_unit').values(rows).execute();
      const after = { lead, co };
      await recordChange(trx, deps.clock, actor, {
        action: 'plan-node.units',
        entity: 'plan_node',
        entityId: nodeId,
        oldValue: { planId, title: node.title, ...before },
        newValue: { planId, title: node.title, ...after },
        reason,
      });
      return { nodeId, ...after };
    });
  }

  /**
   * Creates the indicator a target's proposal describes (or the planner's correction of it)
   * and links the target to it. The target's version is checked first, so a stale edit
   * creates nothing.
   */
  async function createIndicatorForTarget(
    targetId: string,
    input: {
      version: number;
      code: string;
      name: string;
      unit: string;
      kind: 'kpi' | 'vital' | 'statistic';
      measure: TargetTable['measure'];
      direction: TargetTable['direction'];
      cadence: PeriodType;
      decimals?: number;
    },
    actor: Actor,
    reason = '',
  ) {
    requireGrant(actor, 'indicator.write');
    const before = await getTarget(targetId);
    requireDraft(await getPlanRow(before.plan_id));
    if (before.version !== input.version)
      throw new DomainError(
        'CONFLICT',
        '该目标已被他人修改，请刷新后再试',
        'the target was changed by someone else; reload and try again',
        { details: { current: before } },
      );
    const { version, ...indicator } = input;
    await registry.createIndicator(
      {
        ...indicator,
        aliases: before.metric !== indicator.name ? [before.metric] : [],
        source: `计划目标：${before.metric}`,
      },
      actor,
    );
    return updateTarget(targetId, { version, indicatorCode: indicator.code }, actor, reason);
  }

  /**
   * What changed in a plan since it was last adopted: each target or task touched since,
   * with its fields as they were at adoption and as they are now (from the audit log).
   */
  async function getChangesSinceAdoption(planId: string) {
    const plan = await getPlanRow(planId);
    const adoption = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('entity', '=', 'plan')
      .where('entity_id', '=', planId)
      .where('action', '=', 'plan.adopted')
      .orderBy('seq', 'desc')
      .executeTakeFirst();
    const base = {
      planId,
      status: plan.status,
      adoptedAt: adoption?.at ?? null,
      adoptedBy: adoption?.actor ?? null,
    };
    if (!adoption) return { ...base, changes: [] };
    const [entries, nodes, indicators] = await Promise.all([
      db
        .selectFrom('audit_log')
        .selectAll()
        .where('seq', '>', adoption.seq)
        .where('entity', 'in', ['plan', 'plan_node', 'target'])
        .orderBy('seq')
        .execute(),
      db.selectFrom('plan_node').select('id').where('plan_id', '=', planId).execute(),
      db.selectFrom('indicator').select(['id', 'code', 'name']).execute(),
    ]);
    const nodeIds = new Set(nodes.map((n) => n.id));
    const indicatorOf = new Map(indicators.map((i) => [i.id, `${i.name}（${i.code}）`]));
    const parse = (text: string | null) =>
      text === null ? null : (JSON.parse(text) as Record<string, unknown>);
    const fields = [
      'kind',
      'metric',
      'indicator_id',
      'comparator',
      'value',
      'value_max',
      'unit',
      'due_period_id',
      'measure',
      'direction',
      'status',
      'lead',
      'co',
    ];
    const groups = new Map<
      string,
      {
        entity: string;
        entityId: string;
        first: Record<string, unknown> | null;
        last: Record<string, unknown> | null;
        actions: string[];
        reasons: string[];
        actors: string[];
        at: string;
      }
    >();
    for (const e of entries) {
      const oldValue = parse(e.old_value);
      const newValue = parse(e.new_value);
      const belongs =
        e.entity === 'plan'
          ? e.entity_id === planId
          : e.entity === 'plan_node'
            ? nodeIds.has(e.entity_id)
            : (newValue ?? oldValue)?.plan_id === planId;
      if (!belongs) continue;
      const key = `${e.entity}|${e.entity_id}`;
      const group = groups.get(key) ?? {
        entity: e.entity,
        entityId: e.entity_id,
        first: oldValue,
        last: newValue,
        actions: [],
        reasons: [],
        actors: [],
        at: e.at,
      };
      group.last = newValue;
      group.at = e.at;
      if (!group.actions.includes(e.action)) group.actions.push(e.action);
      if (e.reason && !group.reasons.includes(e.reason)) group.reasons.push(e.reason);
      if (!group.actors.includes(e.actor)) group.actors.push(e.actor);
      groups.set(key, group);
    }
    const show = (field: string, value: unknown) =>
      field === 'indicator_id' && typeof value === 'string'
        ? (indicatorOf.get(value) ?? value)
        : value;
    const changes = [...groups.values()].map((g) => {
      const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
      const label =
        text(g.last?.metric) ??
        text(g.first?.metric) ??
        text(g.last?.title) ??
        text(g.first?.title) ??
        '';
      const changed =
        g.entity === 'plan'
          ? []
          : fields
              .filter((f) => (g.first !== null && f in g.first) || (g.last !== null && f in g.last))
              .filter(
                (f) => JSON.stringify(g.first?.[f] ?? null) !== JSON.stringify(g.last?.[f] ?? null),
              )
              .map((f) => ({
                field: f,
                before: show(f, g.first?.[f] ?? null),
                after: show(f, g.last?.[f] ?? null),
              }));
      return {
        entity: g.entity,
        entityId: g.entityId,
        label,
        actions: g.actions,
        reasons: g.reasons,
        actors: g.actors,
        at: g.at,
        fields: changed,
      };
    });
    return { ...base, changes };
  }

  /** One target with the data behind its light: series, observations and audit trail. */
  async function getTargetDetail(targetId: string, asOf?: string) {
    const row = await getTarget(targetId);
    const tree = await getPlanTree(row.plan_id, asOf);
    const find = (nodes: PlanNodeView[]): { node: PlanNodeView; target: TargetView } | null => {
      for (const n of nodes) {
        const t = n.targets.find((x) => x.id === targetId);
        if (t) return { node: n, target: t };
        const deeper = find(n.children);
        if (deeper) return deeper;
      }
      return null;
    };
    const found = find(tree.nodes);
    if (!found)
      throw new DomainError('NOT_FOUND', `找不到目标“${targetId}”`, `Target ${targetId} not found`);
    const plan = await getPlanRow(row.plan_id);
    const unit = await db
      .selectFrom('unit')
      .select('code')
      .where('id', '=', row.unit_id)
      .executeTakeFirstOrThrow();
    const indicator = row.indicator_id
      ? await db
          .selectFrom('indicator')
          .selectAll()
          .where('id', '=', row.indicator_id)
          .executeTakeFirst()
      : undefined;
    const toCumulative = (
      points: { periodId: string; value: number | null }[],
      isFlow: boolean,
    ) => {
      let total = 0;
      return points.map((p) => {
        total += p.value ?? 0;
        return { periodId: p.periodId, value: p.value, cumulative: isFlow ? total : p.value };
      });
    };
    let series: { periodId: string; value: number | null; cumulative: number | null }[] = [];
    let lastYearSeries: typeof series = [];
    let observationRows: {
      periodId: string;
      value: number;
      source: string;
      sourceRef: string;
      state: string;
      updatedAt: string;
      updatedBy: string;
    }[] = [];
    const assessed = (await assessments.assessPlan(row.plan_id, asOf)).results.find(
      (r) => r.targetId === targetId,
    );
    // The chart shows what the light was judged on: nothing past the target's last counted period.
    const lastCounted = found.target.assessment.asOfPeriodId;
    const countedEnd = lastCounted ? parsePeriod(lastCounted).end : null;
    if (indicator) {
      const all = await observations.getSeries(indicator.code, unit.code);
      const isFlow = indicator.measure === 'flow';
      const ofYear = (year: number) =>
        all.points
          .filter((p) => p.periodId.startsWith(String(year)) && p.periodId.length > 4)
          .filter(
            (p) =>
              year !== plan.year ||
              countedEnd === null ||
              parsePeriod(p.periodId).end <= countedEnd,
          )
          .map((p) => ({ periodId: p.periodId, value: p.value }));
      series = toCumulative(ofYear(plan.year), isFlow);
      lastYearSeries = toCumulative(ofYear(plan.year - 1), isFlow);
      const rows = await db
        .selectFrom('observation')
        .selectAll()
        .where('indicator_id', '=', indicator.id)
        .where('unit_id', '=', row.unit_id)
        .where('year', 'in', [plan.year, plan.year - 1])
        .where('state', 'in', countedStates(deps.counting ?? approvedOnly))
        .orderBy('period_id')
        .execute();
      observationRows = rows.map((o) => ({
        periodId: o.period_id,
        value: o.value,
        source: o.source,
        sourceRef: o.source_ref,
        state: o.state,
        updatedAt: o.updated_at,
        updatedBy: o.updated_by,
      }));
    }
    const trail = await auditLog.list({ entity: 'target', entityId: targetId, limit: 1000 });
    return {
      target: found.target,
      plan: { id: plan.id, year: plan.year, title: plan.title, asOf: tree.asOf },
      node: {
        id: found.node.id,
        key: found.node.key,
        title: found.node.title,
        label: found.node.label,
      },
      series,
      lastYearSeries,
      expectedSeries: [...(assessed?.expectedSeries ?? [])],
      observations: observationRows,
      audit: trail.map(({ seq, at, actor, action, reason, oldValue, newValue }) => ({
        seq,
        at,
        actor,
        action,
        reason,
        oldValue,
        newValue,
      })),
    };
  }

  return {
    listPlans,
    getPlanTree,
    getSummary,
    importPlan,
    setPlanStatus,
    updateTarget,
    getTarget,
    getTargetDetail,
    setNodeUnits,
    createIndicatorForTarget,
    getChangesSinceAdoption,
    getLightThresholds: settings.getLightThresholds,
    setLightThresholds: settings.setLightThresholds,
  };
}

export type PlanService = ReturnType<typeof createPlanService>;

class DryRun extends Error {
  constructor(readonly result: ImportResult) {
    super('dry run');
  }
}

function buildTargetRow(
  f: PlacedFigure,
  ctx: {
    planId: string;
    nodeId: string;
    unitId: string;
    year: number;
    now: string;
    clause: string;
    registry: { id: string; name: string; aliases: readonly string[]; unit: string }[];
  },
): Omit<TargetTable, 'id'> {
  const unit = baseUnitOf(f.unit);
  const link = linkIndicator(f.metric, f.unit, ctx.registry, { clause: f.text });
  const measure = inferMeasure(f.text, f.unit);
  const isLower = f.sign === -1 || f.comparator === '<=' || f.comparator === '<';
  const due = /(20\d\d)年(底|前|末)?/.exec(f.text);
  return {
    plan_id: ctx.planId,
    node_id: ctx.nodeId,
    kind: 'indicator',
    metric: f.metric,
    indicator_id: link.match === 'exact' || link.match === 'alias' ? link.indicatorId : null,
    suggested_indicator_id: link.match === 'close' ? link.indicatorId : null,
    proposal: link.proposal ? JSON.stringify(link.proposal) : null,
    unit_id: ctx.unitId,
    measure,
    direction: isLower ? 'lower' : 'higher',
    comparator: f.comparator,
    value: f.value,
    value_max: f.valueMax ?? null,
    unit,
    sign: f.sign,
    is_aspirational: f.isAspirational ? 1 : 0,
    due_period_id: due?.[1] && Number(due[1]) >= ctx.year ? due[1] : String(ctx.year),
    baseline: null,
    status: 'proposed',
    source_text: f.text,
    source_offset: f.offset,
    is_edited: 0,
    version: 1,
    updated_at: ctx.now,
  };
}

function toAchievementObservation(
  f: PlacedFigure,
  registry: { id: string; name: string; aliases: readonly string[]; unit: string }[],
  indicators: readonly { id: string; code: string; unit: string; measure: string }[],
  unitCode: string,
  reviewYear: number,
  sourceDocument: string,
): ObservationInput | null {
  const link = linkIndicator(f.metric, f.unit, registry, { clause: f.text });
  if (link.match !== 'exact' && link.match !== 'alias') return null;
  const indicator = indicators.find((i) => i.id === link.indicatorId);
  if (!indicator) return null;
  let value = f.sign * f.value;
  const unit = baseUnitOf(f.unit);
  if (unit !== indicator.unit) {
    if (dimensionOf(unit) === undefined || dimensionOf(unit) !== dimensionOf(indicator.unit))
      return null;
    value = convertQuantity(value, unit, indicator.unit);
  }
  return {
    indicatorCode: indicator.code,
    unitCode,
    periodId: String(reviewYear),
    value,
    source: 'document',
    sourceRef: `${sourceDocument}#${f.offset}`,
  };
}
