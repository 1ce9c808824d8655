/** `lantu report <kind> [planId]`: generate a document from the plan's data, archive it, write its files. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DomainError } from '../../core/domain-error.ts';
import { documentKinds, type DocumentKind } from '../../services/document-service.ts';
import { systemActor } from '../../services/ports.ts';
import { withServices } from './data-commands.ts';

export function registerReportCommand(program: Command): void {
  program
    .command('report <kind> [planId]')
    .description(
      `生成文档并存档（${documentKinds.join(' | ')}：月通报、计划执行情况报告）/ generate a document, archive it and write its files`,
    )
    .option('--as-of <date>', 'YYYY-MM-DD (default: today)')
    .option('-o, --out-dir <dir>', 'folder for the files', '.')
    .action(
      async (
        kind: string,
        planId: string | undefined,
        options: { asOf?: string; outDir: string },
      ) => {
        if (!(documentKinds as readonly string[]).includes(kind))
          throw new DomainError(
            'VALIDATION_FAILED',
            `不支持的文档类型“${kind}”，可选 ${documentKinds.join('、')}`,
            `unknown document kind ${kind}; use ${documentKinds.join(', ')}`,
          );
        await withServices(program, false, async (services) => {
          const id = planId ?? (await services.plans.listPlans())[0]?.id;
          if (!id)
            throw new DomainError(
              'NOT_FOUND',
              '还没有计划，请先导入',
              'no plan yet; import one first',
            );
          const document = await services.documents.generate(
            kind as DocumentKind,
            id,
            systemActor,
            options.asOf,
          );
          fs.mkdirSync(options.outDir, { recursive: true });
          for (const f of document.files) {
            const file = await services.documents.getFile(document.id, f.format);
            const out = path.join(options.outDir, file.fileName);
            fs.writeFileSync(out, file.content);
            process.stderr.write(`已生成 / written: ${out}\n`);
          }
          process.stderr.write(
            `${document.kindName} 第${document.version}版，数据截至 ${document.dataThrough ?? '—'} / version ${document.version}\n`,
          );
        });
      },
    );
}
