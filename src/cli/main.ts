/**
 * The `lantu` command: serve, migrate, demo, import-plan, extract, export.
 * Composition root of the CLI: it alone chooses the database and wires adapters.
 */
import { Command, CommanderError } from 'commander';
import { isDomainError } from '../core/domain-error.ts';
import { registerDataCommands } from './commands/data-commands.ts';
import { registerDocumentCommands } from './commands/document-commands.ts';
import { registerReportCommand } from './commands/report-command.ts';
import { registerServeCommand } from './commands/serve-command.ts';
import { registerUserCommand } from './commands/user-command.ts';

const program = new Command()
  .name('lantu')
  .description(
    'Lantu 蓝图 — 把年度发展计划变成能运行的系统 / turns an annual development plan into something that runs',
  )
  .option(
    '--database <url>',
    'postgres:// URL or SQLite file (default: $DATABASE_URL or ./data/lantu.sqlite)',
  )
  .option('--verbose', 'show stack traces on errors')
  .exitOverride();

registerServeCommand(program);
registerDataCommands(program);
registerDocumentCommands(program);
registerReportCommand(program);
registerUserCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    process.exit(error.exitCode === 0 ? 0 : 2);
  }
  if (isDomainError(error)) {
    process.stderr.write(`错误 / error [${error.code}]: ${error.message}\n  ${error.messageEn}\n`);
    if (error.details !== undefined)
      process.stderr.write(`${JSON.stringify(error.details, null, 2)}\n`);
  } else {
    process.stderr.write(
      `错误 / error: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  if (program.opts<{ verbose?: boolean }>().verbose && error instanceof Error)
    process.stderr.write(`${error.stack}\n`);
  process.exit(1);
}
