/** Builds the web cockpit once before the journeys, so they test the current code (LANTU_E2E_SKIP_BUILD=1 skips). */
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { repoRoot } from './support.ts';

export default async function setup(): Promise<void> {
  const index = path.join(repoRoot, 'dist', 'web', 'index.html');
  if (process.env.LANTU_E2E_SKIP_BUILD === '1' && fs.existsSync(index)) return;
  // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(repoRoot, 'vite.config.ts'),
      mode: 'production',
      logLevel: 'warn',
    });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
}
