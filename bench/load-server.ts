/**
 * The server of the load bench in a process of its own, as a deployment runs it: the load
 * generator must not share its event loop. Started with the database file as its argument,
 * it prints `listening <url>` once it answers, and stops on SIGTERM.
 */
import { startLantu } from '../src/http/server.ts';

async function main() {
  const file = process.argv[2];
  if (!file) throw new Error('usage: load-server.ts <sqlite file>');
  const server = await startLantu({ port: 0, databaseUrl: file, loadDemo: true });
  process.stdout.write(`listening ${server.url}\n`);
  process.once('SIGTERM', () => {
    void server.close().then(() => process.exit(0));
  });
}

main().catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
