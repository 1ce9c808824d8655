/**
 * Lantu in a process of its own for the benches that load it over HTTP: the load generator
 * and the server must not share an event loop, as they never do in a deployment.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  close(): Promise<void>;
}

/**
 * Starts Lantu in a child process on the file, with the demo, and resolves once it listens:
 * the load generator (this process) and the server each have their own event loop and core.
 */
export function startServerProcess(
  file: string,
  env: NodeJS.ProcessEnv = {},
): Promise<ServerProcess> {
  const script = fileURLToPath(new URL('./load-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, ...env },
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const url = /listening (\S+)/.exec(out)?.[1];
      if (url)
        resolve({
          url,
          pid: child.pid ?? 0,
          close: async () => {
            child.kill('SIGTERM');
            await exited;
          },
        });
    });
    child.once('exit', (code) => reject(new Error(`the load server exited with ${code}`)));
  });
}

/** The server process's resident memory now and at its peak, in MiB (Linux /proc). */
export function memoryOf(pid: number): { rss: number; peak: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) =>
      Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
    return { rss: kib('VmRSS') / 1024, peak: kib('VmHWM') / 1024 };
  } catch {
    return null;
  }
}
