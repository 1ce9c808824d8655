/**
 * A throw-away PostgreSQL cluster for tests: initdb into a temp folder, a server on
 * 127.0.0.1 at a free port with durability switched off, gone again on stop().
 *
 * Run it by hand to get a server for `TEST_DATABASE_URL=… npx vitest run src/store`:
 *   node scripts/pg-cluster.mjs        (prints the URL, stops on Ctrl-C)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import { setInterval } from 'node:timers';
import { setTimeout as delay } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const SUPERUSER = 'postgres';

/**
 * Where PostgreSQL's server tools live: the folder holding `initdb` and `pg_ctl`, from PATH
 * or else the newest /usr/lib/postgresql/N/bin (Debian keeps them off PATH); null when absent.
 * @returns {string | null}
 */
export function findPostgresBin() {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, 'initdb')) && isExecutable(path.join(dir, 'pg_ctl')))
      return dir;
  }
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => isExecutable(path.join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    : [];
  return versions[0] === undefined ? null : path.join(root, versions[0], 'bin');
}

/**
 * Starts a fresh cluster and resolves once it accepts connections.
 * `url` names the `postgres` database as the trusted superuser; `stop()` is synchronous
 * (so exit and signal handlers can call it) and safe to call twice.
 * @returns {Promise<{ url: string; port: number; dataDir: string; stop(): void }>}
 */
export async function startThrowawayCluster() {
  const bin = findPostgresBin();
  if (!bin) throw new Error('initdb/pg_ctl not found on PATH nor in /usr/lib/postgresql/*/bin');
  const runAs = resolveRunner();
  const baseDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-pg-'));
  if (runAs) fs.chownSync(baseDir, runAs.uid, runAs.gid);
  const dataDir = path.join(baseDir, 'data');
  const logFile = path.join(baseDir, 'server.log');
  const run = (tool, args) => runTool(path.join(bin, tool), args, runAs);

  let stopped = false;
  let started = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    // immediate: nothing here is worth a checkpoint, and it returns in milliseconds
    if (started) run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', '-t', '30', 'stop']);
    fs.rmSync(baseDir, { recursive: true, force: true });
  };

  try {
    const initArgs = ['-D', dataDir, '--auth=trust', '-U', SUPERUSER, '--encoding=UTF8'];
    let init = run('initdb', [...initArgs, '--locale=C.UTF-8']);
    if (init.status !== 0) {
      // Older or minimal systems lack the C.UTF-8 locale; the C locale sorts by byte, which tests tolerate.
      fs.rmSync(dataDir, { recursive: true, force: true });
      init = run('initdb', [...initArgs, '--no-locale']);
    }
    if (init.status !== 0) throw new Error(`initdb failed:\n${init.output}`);

    const port = await findFreePort();
    // Written into the config rather than `pg_ctl -o`, which goes through a shell.
    const settings = {
      listen_addresses: "'127.0.0.1'",
      port: String(port),
      unix_socket_directories: `'${baseDir}'`,
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      max_connections: '200',
    };
    fs.appendFileSync(
      path.join(dataDir, 'postgresql.conf'),
      `\n# lantu throw-away cluster\n${Object.entries(settings)
        .map(([key, value]) => `${key} = ${value}`)
        .join('\n')}\n`,
    );
    const start = run('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '60', 'start']);
    started = true;
    if (start.status !== 0)
      throw new Error(`pg_ctl start failed:\n${start.output}\n${readLog(logFile)}`);

    const url = `postgres://${SUPERUSER}@127.0.0.1:${port}/postgres`;
    await waitForConnections(url, 30_000);
    return { url, port, dataDir, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/** The postgres account to run the tools as when we are root (initdb refuses root); null otherwise. */
function resolveRunner() {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return null;
  const id = (flag) => spawnSync('id', [flag, SUPERUSER], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error(
      `running as root, and initdb refuses root, but there is no '${SUPERUSER}' user (apt-get install postgresql creates it)`,
    );
  }
  const useRunuser = spawnSync('runuser', ['--help'], { stdio: 'ignore' }).status === 0;
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()), useRunuser };
}

/** @returns {{ status: number | null; output: string }} */
function runTool(file, args, runAs) {
  let command = file;
  let argv = args;
  if (runAs?.useRunuser) {
    command = 'runuser';
    argv = ['-u', SUPERUSER, '--', file, ...args];
  } else if (runAs) {
    command = 'su';
    argv = [SUPERUSER, '-s', '/bin/sh', '-c', [file, ...args].map(shellQuote).join(' ')];
  }
  // The tools run from a folder postgres can enter, or they complain about the cwd.
  const result = spawnSync(command, argv, { encoding: 'utf8', cwd: os.tmpdir(), timeout: 120_000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error ? String(result.error) : ''}`;
  return { status: result.status, output };
}

function shellQuote(word) {
  return `'${String(word).replaceAll("'", `'\\''`)}'`;
}

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** @returns {Promise<number>} */
function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

async function waitForConnections(url, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(`PostgreSQL did not accept connections at ${url}`, { cause: error });
      await delay(100);
    }
  }
}

function readLog(file) {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const cluster = await startThrowawayCluster();
  process.stdout.write(
    `PostgreSQL is up: TEST_DATABASE_URL=${cluster.url}\nCtrl-C stops it and deletes its data.\n`,
  );
  const shutdown = () => {
    cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
  process.on('exit', () => cluster.stop());
  setInterval(() => undefined, 1 << 30);
}
