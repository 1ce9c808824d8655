/** `lantu migrate`, `lantu demo`, `lantu import-plan`, `lantu export`: commands on the database. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DomainError } from '../../core/domain-error.ts';
import { buildServices } from '../../http/app.ts';
import { lantuVersion, openLantuDatabase } from '../../http/server.ts';
import { renderPlanWorkbook } from '../../reports/plan-workbook.ts';
import { importPlanFrom } from '../../services/plan-import.ts';
import { createSystemClock, systemActor } from '../../services/ports.ts';
import { migrateToLatest, openDatabase } from '../../store/database.ts';
import { recordChange } from '../../store/audit-log.ts';
import { checkRollup, rebuildRollup } from '../../store/rollup-store.ts';
import { databaseLocation } from './options.ts';

const say = (message: string) => process.stderr.write(`${message}\n`);

export async function withServices<T>(
  program: Command,
  loadDemo: boolean,
  work: (services: ReturnType<typeof buildServices>) => Promise<T>,
) {
  const deps = await openLantuDatabase(databaseLocation(program), { loadDemo, onProgress: say });
  try {
    return await work(buildServices({ ...deps, version: lantuVersion }));
  } finally {
    await deps.database.close();
  }
}

export function registerDataCommands(program: Command): void {
  program
    .command('migrate')
    .description('创建或升级数据库结构 / create or upgrade the database schema')
    .action(async () => {
      const database = openDatabase(databaseLocation(program));
      const applied = await migrateToLatest(database);
      say(
        applied.length === 0
          ? `已是最新 / up to date (${database.description})`
          : `已执行 / applied: ${applied.join(', ')}`,
      );
      await database.close();
    });

  program
    .command('rollup')
    .description(
      '核对或重建下级汇总（仅已审核/已提交数据）/ verify or rebuild the roll-up of descendants from the observations',
    )
    .option('--check', '核对，不修改 / compare with a recomputation, change nothing')
    .option('--rebuild', '从观测值重建 / recompute it from the observations')
    .action(async (options: { check?: boolean; rebuild?: boolean }) => {
      const database = openDatabase(databaseLocation(program));
      try {
        await migrateToLatest(database);
        if (options.rebuild) {
          const { rows } = await rebuildRollup(database.db);
          // Every data change appends to the audit log; the server's cached plan trees key on it.
          await recordChange(database.db, createSystemClock(), systemActor, {
            action: 'rollup.rebuild',
            entity: 'rollup',
            entityId: 'all',
            oldValue: null,
            newValue: { rows },
            reason: 'lantu rollup --rebuild',
          });
          say(`已重建 / rebuilt: ${rows} 行 rows`);
        }
        const mismatches = await checkRollup(database.db);
        if (mismatches.length === 0)
          say('汇总与观测值一致 / the roll-up agrees with the observations');
        else {
          say(
            `有${mismatches.length}处汇总与观测值不一致，请运行 lantu rollup --rebuild / ${mismatches.length} roll-up rows disagree; run lantu rollup --rebuild`,
          );
          for (const m of mismatches.slice(0, 20)) say(`  ${JSON.stringify(m)}`);
          process.exitCode = 1;
        }
      } finally {
        await database.close();
      }
    });

  program
    .command('demo')
    .description(
      '向空数据库载入沙坪坝区2025年演示数据 / load the Shapingba 2025 demo into an empty database',
    )
    .action(async () => {
      await withServices(program, true, async (services) => {
        const plans = await services.plans.listPlans();
        say(`计划 / plans: ${plans.map((p) => `${p.id} ${p.title}`).join('\n  ')}`);
      });
    });

  program
    .command('import-plan <file>')
    .description(
      '导入计划文件（.txt/.docx/.html）为草案；再次导入修订版时显示变化 / import a plan document as a draft; a revision shows what changed',
    )
    .option('--unit <code>', 'unit the plan belongs to (default: the top region)')
    .option('--year <year>', 'plan year, when the title does not say it')
    .option('--dry-run', 'show what would change, write nothing')
    .action(async (file: string, options: { unit?: string; year?: string; dryRun?: boolean }) => {
      const bytes = readFileOrFail(file);
      say(`读取 / reading ${file} …`);
      await withServices(program, false, async (services) => {
        const result = await importPlanFrom(
          services,
          { fileName: path.basename(file), bytes },
          {
            unitCode: options.unit,
            year: options.year ? Number(options.year) : undefined,
            dryRun: options.dryRun,
            onRead: (document) => {
              if (document.encoding === 'gb18030')
                say(`按 GB18030（GBK）编码读取 / read as GB18030 (GBK)`);
              say(`解析并写入 / extracting and writing ${document.text.length} 字 …`);
            },
          },
          systemActor,
        );
        process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
        say(
          `${result.isNew ? '新建计划 / new plan' : '修订 / revision'} ${result.planId}: ${result.nodes} 节点 nodes, ${result.targets} 目标 targets, ` +
            `+${result.added.length} ~${result.changed.length} -${result.removed.length}, 保留修改 kept edits ${result.keptEdits.length}, 上年实绩 observations ${result.observations}` +
            (options.dryRun ? '（试运行，未写入 / dry run, nothing written）' : ''),
        );
      });
    });

  program
    .command('export [planId]')
    .description('导出计划（JSON 或 .xlsx）/ export a plan to JSON or .xlsx')
    .option('-f, --format <format>', 'json | xlsx', 'json')
    .option('-o, --out <file>', 'output file (default: stdout for json, plan-<id>.xlsx for xlsx)')
    .action(async (planId: string | undefined, options: { format: string; out?: string }) => {
      if (options.format !== 'json' && options.format !== 'xlsx')
        throw new DomainError(
          'VALIDATION_FAILED',
          `不支持的格式“${options.format}”，可选 json 或 xlsx`,
          `unknown format ${options.format}; use json or xlsx`,
        );
      await withServices(program, false, async (services) => {
        const id = planId ?? (await services.plans.listPlans())[0]?.id;
        if (!id)
          throw new DomainError(
            'NOT_FOUND',
            '还没有计划，请先导入',
            'no plan yet; import one first',
          );
        const tree = await services.plans.getPlanTree(id);
        if (options.format === 'json') {
          const text = `${JSON.stringify(tree, null, 2)}\n`;
          if (options.out) fs.writeFileSync(options.out, text);
          else process.stdout.write(text);
        } else {
          const out = options.out ?? `plan-${id}.xlsx`;
          fs.writeFileSync(out, await renderPlanWorkbook(tree));
          say(`已导出 / written: ${out}`);
        }
      });
    });
}

export function readFileOrFail(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new DomainError(
      'NOT_FOUND',
      `无法读取文件“${file}”，请检查路径`,
      `cannot read ${file}; check the path`,
      { cause: error },
    );
  }
}
