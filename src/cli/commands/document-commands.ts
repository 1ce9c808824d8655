/** `lantu extract`: read a plan document and print its tree and figures. */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { DomainError } from '../../core/domain-error.ts';
import { extractPlan } from '../../extract/extract-plan.ts';
import { extractFiguresForEval } from '../../extract/figures.ts';
import { readDocument } from '../../extract/read-document.ts';
import { encodingLabel } from '../../extract/text-encoding.ts';
import { defineSheet, renderWorkbook } from '../../reports/workbook.ts';
import { readFileOrFail } from './data-commands.ts';

const formats = ['json', 'eval', 'xlsx'] as const;

export function registerDocumentCommands(program: Command): void {
  program
    .command('extract <file>')
    .description('解析计划文件：计划树与全部数字 / read a plan document: its tree and every figure')
    .option('-f, --format <format>', `${formats.join(' | ')}`, 'json')
    .option('-o, --out <file>', 'output file (required for xlsx; default stdout)')
    .action(async (file: string, options: { format: string; out?: string }) => {
      if (!(formats as readonly string[]).includes(options.format))
        throw new DomainError(
          'VALIDATION_FAILED',
          `不支持的格式“${options.format}”，可选 ${formats.join('、')}`,
          `unknown format ${options.format}; use ${formats.join(', ')}`,
        );
      const name = path.basename(file);
      const document = await readDocument(readFileOrFail(file), name);
      if (document.encoding)
        process.stderr.write(
          `编码 / encoding: ${encodingLabel(document.encoding)}${document.encoding === 'gb18030' ? '（按 GBK 读取 / read as GBK）' : ''}\n`,
        );
      const write = (text: string) =>
        options.out ? fs.writeFileSync(options.out, text) : process.stdout.write(text);
      if (options.format === 'eval') {
        write(`${JSON.stringify(extractFiguresForEval(document.text, name), null, 1)}\n`);
        return;
      }
      const plan = extractPlan(document.text);
      if (options.format === 'json') {
        write(
          `${JSON.stringify({ document: name, encoding: document.encoding, generatedBy: 'lantu extract', plan }, null, 1)}\n`,
        );
        return;
      }
      const out = options.out ?? `${name.replace(/\.[^.]+$/, '')}.xlsx`;
      fs.writeFileSync(
        out,
        await renderWorkbook([
          defineSheet({
            name: '数字',
            rows: plan.figures,
            columns: [
              { header: '位置', width: 8, value: (f) => f.offset },
              { header: '类型', width: 10, value: (f) => (f.kind === 'target' ? '目标' : '实绩') },
              { header: '指标', width: 24, value: (f) => f.metric },
              { header: '比较', width: 8, value: (f) => f.comparator },
              { header: '数值', width: 16, value: (f) => f.sign * f.value },
              { header: '上限', width: 12, value: (f) => f.valueMax ?? null },
              { header: '单位', width: 8, value: (f) => f.unit },
              { header: '力争', width: 6, value: (f) => (f.isAspirational ? '是' : '') },
              { header: '节点', width: 14, value: (f) => f.nodeKey ?? '' },
              { header: '原文', width: 60, value: (f) => f.text },
            ],
          }),
        ]),
      );
      process.stderr.write(`已导出 / written: ${out}\n`);
    });
}
