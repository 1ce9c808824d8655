/**
 * Generated documents: the 月通报 (.docx + .xlsx) and the year-end 计划执行情况 report draft
 * (.docx + .md), built from the plan tree with its assessments (and its 数据截至), archived as
 * a new version on every generation, listed and downloaded. A planner generates; anyone who
 * may read the plan may read the archive.
 */
import { DomainError } from '../core/domain-error.ts';
import type { DocumentTarget } from '../core/document-target.ts';
import { buildExecutionReport, type ReportGroup } from '../core/execution-report.ts';
import { buildMonthlyBulletin } from '../core/monthly-bulletin.ts';
import type { RankingMethod } from '../core/ranking.ts';
import { parsePeriod, periodLabel, periodOf, samePeriodLastYear } from '../core/period.ts';
import { renderBulletinDocx, renderBulletinXlsx } from '../reports/monthly-bulletin.ts';
import {
  renderOfficialDocx,
  renderOfficialMarkdown,
  type OfficialBlock,
  type OfficialFonts,
} from '../reports/official-docx.ts';
import { createDocumentStore } from '../store/document-store.ts';
import { recordChange } from '../store/audit-log.ts';
import { requireGrant } from './collection-context.ts';
import { createObservationService } from './observation-service.ts';
import { createPlanService, type PlanService } from './plan-service.ts';
import type { Actor, ServiceDeps } from './ports.ts';
import { createRankingService } from './ranking-service.ts';
import { buildQuarterlyRanking } from '../core/quarterly-ranking.ts';
import { buildSupervisionAccount } from '../core/supervision-account.ts';
import { renderWeeklyMonitorXlsx } from '../reports/weekly-monitor.ts';
import { createTimelinessService } from './timeliness-service.ts';

export const documentKinds = [
  'monthly-bulletin',
  'execution-report',
  'weekly-monitor',
  'quarterly-ranking',
  'supervision',
] as const;
export type DocumentKind = (typeof documentKinds)[number];

const kindNames: Record<DocumentKind, string> = {
  'monthly-bulletin': '月通报',
  'execution-report': '计划执行情况报告',
  'weekly-monitor': '周监测',
  'quarterly-ranking': '季晒比',
  supervision: '督查督办台账',
};

type PlanNodeView = Awaited<ReturnType<PlanService['getPlanTree']>>['nodes'][number];
type TargetView = PlanNodeView['targets'][number];

const mediaTypes: Record<string, string> = {
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  md: 'text/markdown; charset=utf-8',
};

interface RenderedFile {
  readonly format: string;
  readonly content: Buffer;
}

/** The lead units of a node, or of its nearest ancestor that names some. */
const leadUnitsOf = (path: readonly PlanNodeView[]): string[] => {
  for (let i = path.length - 1; i >= 0; i--) {
    const lead = (path[i]?.units ?? []).filter((u) => u.role === 'lead').map((u) => u.name);
    if (lead.length > 0) return lead;
  }
  return [];
};

const nodeTitleOf = (node: PlanNodeView) =>
  node.kind === 'task' ? `${node.label}.${node.title}` : `${node.label}${node.title}`;

function toDocumentTarget(
  t: TargetView,
  path: readonly PlanNodeView[],
  lastYearSameSpan: number | null,
): DocumentTarget {
  const node = path[path.length - 1];
  return {
    nodeKey: node?.key ?? '',
    nodeTitle: node ? nodeTitleOf(node) : '',
    leadUnits: leadUnitsOf(path),
    metric: t.metric,
    comparator: t.comparator,
    value: t.value,
    unit: t.unit,
    measure: t.measure,
    isAspirational: t.isAspirational,
    indicatorName: t.indicator?.name ?? null,
    comparedUnit: t.comparedUnit,
    assessment: t.assessment,
    lastYearSameSpan,
  };
}

/** How the 月通报 ranks towns (晒比): the method, and the indicator whose growth against each town's own base counts. */
export interface BulletinRankingOptions {
  readonly method: RankingMethod;
  readonly growthIndicatorCode: string | null;
}

/** By default towns are ranked on timeliness of reporting alone: every town reports, so none is left out. */
export const defaultBulletinRanking: BulletinRankingOptions = {
  method: {
    criteria: [{ kind: 'timeliness', weight: 1 }],
    normalisation: 'min-max',
    minimumBase: 0,
    tieTolerance: 0,
  },
  growthIndicatorCode: null,
};

export function createDocumentService(
  deps: ServiceDeps & {
    readonly fonts?: OfficialFonts;
    readonly bulletinRanking?: BulletinRankingOptions;
  },
) {
  const { db } = deps.database;
  const store = createDocumentStore(db);
  const plans = createPlanService(deps);
  const observations = createObservationService(deps);
  const timeliness = createTimelinessService(deps);
  const rankings = createRankingService(deps);

  /**
   * Last year's counted cumulative value of a flow over the span its assessment ran to, for
   * 同比; null unless every period of last year's span is there.
   */
  async function lastYearSameSpan(t: TargetView, unitCode: string): Promise<number | null> {
    const periodId = t.assessment.asOfPeriodId;
    if (!t.indicator || periodId === null || t.measure !== 'flow') return null;
    const last = samePeriodLastYear(parsePeriod(periodId));
    const year = last.start.slice(0, 4);
    const series = await observations.getSeries(t.indicator.code, unitCode, {
      from: year,
      to: last.id,
    });
    const points = series.points.filter(
      (p) =>
        p.periodId.startsWith(year) &&
        parsePeriod(p.periodId).type === parsePeriod(periodId).type &&
        p.value !== null,
    );
    const expected = Number(periodId.slice(4).replace(/\D.*$/, '')) || 0;
    if (points.length === 0 || (expected > 0 && points.length < expected)) return null;
    return points.reduce((sum, p) => sum + (p.value ?? 0), 0);
  }

  /** The plan tree with every target as a document target. */
  async function loadPlan(planId: string, asOf?: string) {
    const tree = await plans.getPlanTree(planId, asOf);
    const groups: ReportGroup[] = [];
    const targets: DocumentTarget[] = [];
    const convert = async (t: TargetView, path: readonly PlanNodeView[]) => {
      const d = toDocumentTarget(t, path, await lastYearSameSpan(t, tree.unit.code));
      targets.push(d);
      return d;
    };
    const live = (node: PlanNodeView) => node.targets.filter((t) => t.status !== 'rejected');
    for (const part of tree.nodes) {
      for (const group of part.children.filter((n) => n.kind === 'group')) {
        const own: DocumentTarget[] = [];
        for (const t of live(group)) own.push(await convert(t, [part, group]));
        const tasks = [];
        for (const task of group.children) {
          const list: DocumentTarget[] = [];
          const walk = async (n: PlanNodeView, path: PlanNodeView[]) => {
            for (const t of live(n)) list.push(await convert(t, path));
            for (const c of n.children) await walk(c, [...path, c]);
          };
          await walk(task, [part, group, task]);
          tasks.push({ title: task.title, targets: list });
        }
        if (own.length > 0 || tasks.some((t) => t.targets.length > 0))
          groups.push({ title: group.title, targets: own, tasks });
      }
    }
    return { tree, groups, targets };
  }

  async function render(
    kind: DocumentKind,
    planId: string,
    asOf?: string,
  ): Promise<{
    title: string;
    asOf: string;
    dataThrough: string | null;
    dataPartial: boolean;
    files: RenderedFile[];
  }> {
    const { tree, groups, targets } = await loadPlan(planId, asOf);
    const dataThrough = tree.dataThrough ?? null;
    const dataPartial = tree.dataPartial ?? false;
    const fonts = deps.fonts;
    // Every document states the data it was made from.
    const made = (title: string, files: RenderedFile[]) => ({
      title,
      asOf: tree.asOf,
      dataThrough,
      dataPartial,
      files,
    });
    // An official document: the .docx to hand in and its text as Markdown for the preview.
    const official = async (kind: DocumentKind, blocks: readonly OfficialBlock[]) => {
      const title = blocks[0]?.kind === 'title' ? blocks[0].text : kindNames[kind];
      return made(title, [
        {
          format: 'docx',
          content: await renderOfficialDocx(blocks, { title, ...(fonts ? { fonts } : {}) }),
        },
        { format: 'md', content: Buffer.from(renderOfficialMarkdown(blocks), 'utf8') },
      ]);
    };
    switch (kind) {
      case 'monthly-bulletin': {
        const rates = await timeliness.getTimeliness({ year: tree.year, asOf: tree.asOf });
        const options = deps.bulletinRanking ?? defaultBulletinRanking;
        const towns = await rankings.getRanking(planId, {
          scope: 'towns',
          asOf,
          method: options.method,
          growthIndicatorCode: options.growthIndicatorCode,
        });
        // A district of one town has nothing to compare.
        const ranking = towns.rows.length + towns.excluded.length < 2 ? undefined : towns;
        const bulletin = buildMonthlyBulletin({
          unitName: tree.unit.name,
          year: tree.year,
          dataThrough,
          dataPartial,
          asOf: tree.asOf,
          targets,
          timeliness: { overall: rates.overall, units: rates.units },
          ranking,
        });
        return made(bulletin.title, [
          { format: 'docx', content: await renderBulletinDocx(bulletin, fonts) },
          { format: 'xlsx', content: await renderBulletinXlsx(bulletin) },
        ]);
      }
      case 'weekly-monitor': {
        const rates = await timeliness.getTimeliness({ year: tree.year, asOf: tree.asOf });
        const overdue = await timeliness.getOverdue({ asOf: tree.asOf });
        const bulletin = buildMonthlyBulletin({
          unitName: tree.unit.name,
          year: tree.year,
          dataThrough,
          dataPartial,
          asOf: tree.asOf,
          targets,
          timeliness: { overall: rates.overall, units: rates.units },
        });
        const week = periodOf('week', tree.asOf);
        const title = `${tree.unit.name}${tree.year}年${periodLabel(week, 'zh').replace(/^\d{4}年/u, '')}经济运行周监测`;
        const overdueRows = overdue.units.flatMap((u) =>
          u.periods.map((p) => ({
            unitName: u.unitName,
            periodId: p.periodId,
            dueDate: p.dueDate,
            daysOverdue: p.daysOverdue,
            missing: p.indicatorCodes.length,
          })),
        );
        return made(title, [
          { format: 'xlsx', content: await renderWeeklyMonitorXlsx(bulletin, overdueRows) },
        ]);
      }
      case 'quarterly-ranking':
      case 'supervision': {
        const blocks =
          kind === 'supervision'
            ? buildSupervisionAccount({
                unitName: tree.unit.name,
                year: tree.year,
                dataThrough,
                dataPartial,
                targets,
              })
            : buildQuarterlyRanking({
                unitName: tree.unit.name,
                year: tree.year,
                dataThrough,
                dataPartial,
                towns: await rankings.getRanking(planId, {
                  scope: 'towns',
                  ...(asOf ? { asOf } : {}),
                }),
                departments: await rankings.getRanking(planId, {
                  scope: 'departments',
                  ...(asOf ? { asOf } : {}),
                }),
              });
        return official(kind, blocks);
      }
      case 'execution-report': {
        const blocks = buildExecutionReport({
          unitName: tree.unit.name,
          year: tree.year,
          dataThrough,
          dataPartial,
          groups,
        });
        return official(kind, blocks);
      }
    }
  }

  /** Generates a document from the plan's data now (or at `asOf`) and archives it as a new version. */
  async function generate(kind: DocumentKind, planId: string, actor: Actor, asOf?: string) {
    requireGrant(actor, 'plan.write');
    if (!(documentKinds as readonly string[]).includes(kind))
      throw new DomainError(
        'VALIDATION_FAILED',
        `不支持的文档类型“${kind}”`,
        `unknown document kind ${kind}`,
      );
    const rendered = await render(kind, planId, asOf);
    const id = deps.ids.next();
    const createdAt = deps.clock.now();
    const stamp = (rendered.dataThrough ?? rendered.asOf).replace(/-/g, '');
    await db.transaction().execute(async (trx) => {
      const version = await store.nextVersion(trx, kind, planId);
      const row = {
        id,
        kind,
        plan_id: planId,
        version,
        title: rendered.title,
        as_of: rendered.asOf,
        data_through: rendered.dataThrough,
        data_partial: rendered.dataPartial ? 1 : 0,
        created_at: createdAt,
        created_by: actor.id,
      };
      await store.insert(
        trx,
        row,
        rendered.files.map((f) => ({
          format: f.format,
          file_name: `${rendered.title}-${stamp}-v${version}.${f.format}`,
          media_type: mediaTypes[f.format] ?? 'application/octet-stream',
          size_bytes: f.content.length,
          content: f.content,
        })),
      );
      await recordChange(trx, deps.clock, actor, {
        action: 'document.generate',
        entity: 'document',
        entityId: id,
        oldValue: null,
        newValue: { kind, planId, version, dataThrough: rendered.dataThrough },
      });
    });
    const [summary] = await store.list({ planId, kind, limit: 1 });
    if (!summary) throw new Error('the document just written is missing');
    return toView(summary);
  }

  const toView = (d: Awaited<ReturnType<typeof store.list>>[number]) => ({
    id: d.id,
    kind: d.kind,
    kindName: kindNames[d.kind as DocumentKind] ?? d.kind,
    planId: d.plan_id,
    version: d.version,
    title: d.title,
    asOf: d.as_of,
    dataThrough: d.data_through,
    dataPartial: d.data_partial === 1,
    createdAt: d.created_at,
    createdBy: d.created_by,
    files: d.files.map((f) => ({
      format: f.format,
      fileName: f.file_name,
      mediaType: f.media_type,
      sizeBytes: f.size_bytes,
    })),
  });

  async function list(filter: { planId?: string; kind?: string } = {}) {
    return (await store.list(filter)).map(toView);
  }

  async function getFile(documentId: string, format: string) {
    const file = await store.getFile(documentId, format);
    if (!file)
      throw new DomainError(
        'NOT_FOUND',
        `找不到文档“${documentId}”的${format}文件`,
        `Document ${documentId} has no ${format} file`,
      );
    return {
      fileName: file.file_name,
      mediaType: file.media_type,
      content: Buffer.from(file.content),
    };
  }

  return { generate, list, getFile, render };
}

export type DocumentService = ReturnType<typeof createDocumentService>;
export type DocumentView = Awaited<ReturnType<DocumentService['list']>>[number];
