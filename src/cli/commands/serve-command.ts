/** `lantu serve`: start the server (and the demo on an empty database). */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import { demoPassword, startLantu } from '../../http/server.ts';
import { databaseLocation } from './options.ts';

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('启动服务 / start the server (loads the demo into an empty database)')
    .option('-p, --port <port>', 'port (default: $PORT or 3000)')
    .option('--host <host>', 'interface to listen on (default: $HOST or 127.0.0.1)')
    .option('--no-demo', 'do not load the demo into an empty database')
    .option('--open', 'open the cockpit in a browser')
    .action(async (options: { port?: string; host?: string; demo: boolean; open?: boolean }) => {
      const server = await startLantu({
        port: Number(options.port ?? process.env.PORT ?? 3000),
        host: options.host ?? process.env.HOST ?? '127.0.0.1',
        databaseUrl: databaseLocation(program),
        loadDemo: options.demo,
        logger: { level: process.env.LOG_LEVEL ?? 'info' },
        onProgress: (m) => process.stderr.write(`${m}\n`),
      });
      process.stderr.write(
        `\n蓝图已启动 Lantu is running: ${server.url}\n  驾驶舱 cockpit: ${server.url}/\n  接口文档 API docs: ${server.url}/api/docs\n  数据库 database: ${server.database.description}\n\n`,
      );
      if (server.demoAccounts.length > 0)
        process.stderr.write(
          `演示账号 demo accounts (密码 password: ${demoPassword}): ${server.demoAccounts.join(', ')}\n\n`,
        );
      if (options.open) openBrowser(server.url);
      const stop = () => {
        void server.close().then(() => process.exit(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
}

/** Best effort: a server or CI has no desktop, and then the printed address is enough. */
function openBrowser(url: string): void {
  const opener =
    process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return;
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => undefined);
  child.unref();
}
