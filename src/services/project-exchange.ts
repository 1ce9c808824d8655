/**
 * The project office's list in and out: import of its .xlsx as a whole (every bad cell
 * listed and nothing written, or all of it written; a re-import shows what changes
 * first), and export in the same layout, so the office can keep working in Excel.
 */
import ExcelJS from 'exceljs';
import { DomainError } from '../core/domain-error.ts';
import { authorize, isInScope } from '../core/permission.ts';
import {
  canAdvanceStage,
  projectKindLabels,
  projectKinds,
  projectLevelLabels,
  projectStageLabels,
  type ProjectStage,
} from '../core/project.ts';
import {
  parseProjectSheet,
  type ProjectSheetRow,
  type SheetCell,
  type SheetGridRow,
  toHalfWidth,
} from '../core/project-sheet.ts';
import type { RowProblem } from '../core/row-problem.ts';
import { renderProjectWorkbook, type ProjectWorkbookRow } from '../reports/project-workbook.ts';
import { recordChange } from '../store/audit-log.ts';
import {
  insertProject,
  listProjectRecords,
  listProjectYears,
  listUnitNames,
  updateProjectIfVersion,
  upsertProjectYear,
  type ProjectRecord,
} from '../store/project-repository.ts';
import type { ProjectTable } from '../store/schema.ts';
import type { Actor, ServiceDeps } from './ports.ts';

/** One field a re-import changes. */
export interface ProjectFieldChange {
  readonly field: string;
  readonly before: unknown;
  readonly after: unknown;
}

export interface ProjectImportChange {
  readonly row: number;
  readonly code: string;
  readonly name: string;
  readonly changes: ProjectFieldChange[];
}

export interface ProjectImportResult {
  readonly year: number;
  readonly dryRun: boolean;
  readonly added: ProjectImportChange[];
  readonly changed: ProjectImportChange[];
  readonly unchanged: number;
  /** Projects of the registry, within the importer's units, that the list no longer has (kept). */
  readonly missing: { code: string; name: string }[];
}

export interface ProjectImportOptions {
  readonly fileName: string;
  readonly content: Buffer;
  /** The list's year when its title does not say. */
  readonly year: number;
  readonly dryRun?: boolean;
}

const textOfCell = (value: ExcelJS.CellValue): SheetCell => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if ('richText' in value) return value.richText.map((r) => r.text).join('');
  if ('result' in value) return textOfCell(value.result);
  if ('text' in value) return String(value.text);
  return null;
};

/** The grid of the first sheet that has a 项目名称 header; merged cells repeat their master. */
async function readGrid(content: Buffer): Promise<SheetGridRow[]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(content as unknown as ArrayBuffer);
  } catch (cause) {
    throw new DomainError(
      'UNREADABLE_DOCUMENT',
      '无法读取该 Excel 文件（须为 .xlsx）',
      'cannot read this Excel file (it must be .xlsx)',
      { cause },
    );
  }
  const gridOf = (sheet: ExcelJS.Worksheet): SheetGridRow[] => {
    const rows: SheetGridRow[] = [];
    const width = sheet.columnCount;
    for (let r = 1; r <= sheet.rowCount; r++) {
      const row = sheet.getRow(r);
      const cells: SheetCell[] = [];
      // getCell of a merged cell answers its master's value.
      for (let c = 1; c <= width; c++) cells.push(textOfCell(row.getCell(c).value));
      rows.push({ number: r, cells });
    }
    return rows;
  };
  const grids = workbook.worksheets.map(gridOf);
  return (
    grids.find((g) =>
      g
        .slice(0, 10)
        .some((r) => r.cells.some((c) => typeof c === 'string' && c.includes('项目名称'))),
    ) ??
    grids[0] ??
    []
  );
}

const wan = (yuan: number | null) => (yuan === null ? null : yuan / 1e4);

export function createProjectExchange(deps: ServiceDeps) {
  const { db } = deps.database;

  /**
   * Imports the office's list: all or nothing. Bad cells and rows outside the actor's units
   * reject the whole file with every problem listed; with `dryRun` nothing is written and
   * the result says what would be added and changed.
   */
  async function importProjects(
    options: ProjectImportOptions,
    actor: Actor,
  ): Promise<ProjectImportResult> {
    authorize(actor, 'project.write');
    const grid = await readGrid(options.content);
    const units = await listUnitNames(db);
    const sheet = parseProjectSheet(grid, {
      // A list may name a unit or give its code.
      unitsByName: new Map(
        units.flatMap((u) => [[u.code, u.code] as const, [u.name, u.code] as const]),
      ),
      townsByName: new Map(
        units
          .filter((u) => u.kind === 'region')
          .flatMap((u) => [[u.code, u.code] as const, [u.name, u.code] as const]),
      ),
      year: options.year,
    });
    const pathOf = new Map(units.map((u) => [u.code, u.path]));
    const idOf = new Map(units.map((u) => [u.code, u.id]));
    const outOfScope: RowProblem[] = sheet.rows
      .filter((row) => !isInScope(actor, pathOf.get(row.unitCode) ?? ''))
      .map((row) => ({
        row: row.row,
        field: 'unit',
        columnName: '责任单位',
        value: row.unitCode,
        rule: 'out-of-scope',
        reason: '只能导入本单位及下级单位负责的项目',
        reasonEn: 'you may import only projects of your units and below',
      }));
    const problems: RowProblem[] = [...sheet.problems, ...outOfScope];
    const existing = await listProjectRecords(db);
    const byCode = new Map(existing.map((p) => [p.code, p]));
    const byName = new Map(existing.map((p) => [p.name, p]));
    const years = await listProjectYears(db, sheet.year);
    const matched = sheet.rows.map((row) => ({
      row,
      before: (row.code === null ? undefined : byCode.get(row.code)) ?? byName.get(row.fields.name),
    }));
    for (const { row, before } of matched)
      if (
        before &&
        row.fields.stage &&
        !canAdvanceStage(row.fields.kind, before.stage, row.fields.stage)
      )
        problems.push({
          row: row.row,
          field: 'stage',
          columnName: '项目阶段',
          value: projectStageLabels[row.fields.stage].zh,
          rule: 'stage-back',
          reason: `项目阶段不能从“${projectStageLabels[before.stage].zh}”退回`,
          reasonEn: `the stage cannot move back from ${projectStageLabels[before.stage].en}`,
        });
    const sorted = problems.sort((a, b) => a.row - b.row);
    if (
      sorted.some(
        (p) => p.field === 'unit' && !isInScope(actor, pathOf.get(String(p.value)) ?? '/'),
      )
    )
      throw new DomainError(
        'OUT_OF_SCOPE',
        '只能导入本单位及下级单位负责的项目，未导入任何项目',
        'you may import only projects of your units and below; nothing was imported',
        { details: { problems: sorted } },
      );
    if (problems.length > 0)
      throw new DomainError(
        'IMPORT_REJECTED',
        `项目清单有${problems.length}处错误，未导入任何项目；请按明细修改后重新导入`,
        `${problems.length} bad cells; nothing was imported — fix them and import again`,
        { details: { problems: sorted } },
      );

    const today = deps.clock.today().slice(0, 7);
    const defaultStage = (row: ProjectSheetRow): ProjectStage => {
      if (row.fields.stage) return row.fields.stage;
      if (row.fields.kind === 'promotion') return 'signed';
      return row.fields.startDate !== null && row.fields.startDate.slice(0, 7) <= today
        ? 'construction'
        : 'preparation';
    };
    const usedCodes = new Set(existing.map((p) => p.code));
    const newCode = (row: ProjectSheetRow) => {
      if (row.code) return row.code;
      const seq = Number.parseInt(
        toHalfWidth(row.seq).replace(/[^\d]/g, '') || String(row.row),
        10,
      );
      let code = `XM${sheet.year}-${String(seq).padStart(3, '0')}`;
      for (let n = 2; usedCodes.has(code); n++)
        code = `XM${sheet.year}-${String(seq).padStart(3, '0')}-${n}`;
      usedCodes.add(code);
      return code;
    };
    const now = deps.clock.now();
    const plans: {
      row: ProjectSheetRow;
      before: ProjectRecord | undefined;
      after: ProjectTable;
      changes: ProjectFieldChange[];
    }[] = [];
    for (const { row, before } of matched) {
      const base: Omit<
        ProjectTable,
        'id' | 'code' | 'version' | 'created_at' | 'updated_at' | 'stage'
      > = {
        name: row.fields.name,
        content: row.fields.content,
        kind: row.fields.kind,
        level: row.fields.level,
        owner_name: row.fields.ownerName,
        unit_id: idOf.get(row.unitCode) ?? '',
        town_unit_id:
          row.townCode === null ? (before?.town_unit_id ?? null) : (idOf.get(row.townCode) ?? null),
        leader: row.fields.leader === '' ? (before?.leader ?? '') : row.fields.leader,
        longitude: before?.longitude ?? null,
        latitude: before?.latitude ?? null,
        total_investment_yuan: row.fields.totalInvestmentYuan,
        start_date: row.fields.startDate,
        finish_date: row.fields.finishDate,
        progress_note: row.progressNote,
      };
      const after: ProjectTable = before
        ? {
            ...base,
            id: before.id,
            code: before.code,
            stage: row.fields.stage ?? before.stage,
            version: before.version + 1,
            created_at: before.created_at,
            updated_at: now,
          }
        : {
            ...base,
            id: '',
            code: newCode(row),
            stage: defaultStage(row),
            version: 1,
            created_at: now,
            updated_at: now,
          };
      const year = before ? years.get(before.id) : undefined;
      const compared: [string, unknown, unknown][] = [
        ['name', before?.name, after.name],
        ['content', before?.content, after.content],
        ['kind', before?.kind, after.kind],
        ['level', before?.level, after.level],
        ['stage', before?.stage, after.stage],
        ['ownerName', before?.owner_name, after.owner_name],
        ['unit', before?.unit_code, row.unitCode],
        ['town', before?.town_code, row.townCode ?? before?.town_code ?? null],
        ['leader', before?.leader, after.leader],
        ['totalInvestmentYuan', before?.total_investment_yuan, after.total_investment_yuan],
        ['startDate', before?.start_date, after.start_date],
        ['finishDate', before?.finish_date, after.finish_date],
        ['progressNote', before?.progress_note, after.progress_note],
        ['annualPlanYuan', year?.plan_yuan ?? null, row.annualPlanYuan],
        ['listedActualYuan', year?.listed_actual_yuan ?? null, row.ytdActualYuan],
      ];
      const changes = compared
        .filter(([, b, a]) => (before ? (b ?? null) !== (a ?? null) : a !== null && a !== ''))
        .map(([field, b, a]) => ({ field, before: before ? (b ?? null) : null, after: a }));
      plans.push({ row, before, after, changes });
    }
    const seen = new Set(plans.flatMap((p) => (p.before ? [p.before.id] : [])));
    const result: ProjectImportResult = {
      year: sheet.year,
      dryRun: options.dryRun === true,
      added: plans
        .filter((p) => !p.before)
        .map((p) => ({
          row: p.row.row,
          code: p.after.code,
          name: p.after.name,
          changes: p.changes,
        })),
      changed: plans
        .filter((p) => p.before && p.changes.length > 0)
        .map((p) => ({
          row: p.row.row,
          code: p.after.code,
          name: p.after.name,
          changes: p.changes,
        })),
      unchanged: plans.filter((p) => p.before && p.changes.length === 0).length,
      missing: existing
        .filter((p) => !seen.has(p.id) && isInScope(actor, p.unit_path))
        .map((p) => ({ code: p.code, name: p.name })),
    };
    if (options.dryRun) return result;

    await db.transaction().execute(async (trx) => {
      for (const plan of plans) {
        if (plan.before && plan.changes.length === 0) continue;
        const after = plan.before ? plan.after : { ...plan.after, id: deps.ids.next() };
        if (plan.before) {
          if (!(await updateProjectIfVersion(trx, after, plan.before.version)))
            throw new DomainError(
              'CONFLICT',
              `项目“${after.name}”已被他人修改，请重新导入`,
              `project ${after.code} was changed meanwhile; import again`,
            );
        } else await insertProject(trx, after);
        await upsertProjectYear(trx, {
          project_id: after.id,
          year: sheet.year,
          plan_yuan: plan.row.annualPlanYuan,
          listed_actual_yuan: plan.row.ytdActualYuan,
          listed_through_month: sheet.throughMonth,
          updated_at: now,
        });
        await recordChange(trx, deps.clock, actor, {
          action: plan.before ? 'project.import-update' : 'project.import-create',
          entity: 'project',
          entityId: after.id,
          oldValue: plan.before ?? null,
          newValue: after,
          reason: options.fileName,
        });
      }
    });
    return result;
  }

  /** The registry's projects of a year as the office's list, grouped by kind. */
  async function exportProjects(query: { year: number; throughMonth: number; title: string }) {
    const [projects, years] = await Promise.all([
      listProjectRecords(db),
      listProjectYears(db, query.year),
    ]);
    const toRow = (p: ProjectRecord): ProjectWorkbookRow => {
      const year = years.get(p.id);
      return {
        code: p.code,
        name: p.name,
        content: p.content,
        totalInvestmentWan: wan(p.total_investment_yuan),
        planWan: wan(year?.plan_yuan ?? null),
        actualWan: wan(year?.listed_actual_yuan ?? null),
        progressNote: p.progress_note,
        ownerName: p.owner_name,
        unitName: p.unit_name,
        townName: p.town_name ?? '',
        leader: p.leader,
        levelLabel: projectLevelLabels[p.level].zh,
        stageLabel: projectStageLabels[p.stage].zh,
        startDate: p.start_date ?? '',
        finishDate: p.finish_date ?? '',
      };
    };
    return renderProjectWorkbook({
      title: query.title,
      year: query.year,
      throughMonth: query.throughMonth,
      sections: projectKinds
        .map((kind) => ({
          label: `${projectKindLabels[kind].zh}项目`,
          rows: projects.filter((p) => p.kind === kind).map(toRow),
        }))
        .filter((s) => s.rows.length > 0),
    });
  }

  return { importProjects, exportProjects };
}

export type ProjectExchange = ReturnType<typeof createProjectExchange>;
