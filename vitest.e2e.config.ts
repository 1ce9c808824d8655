// Browser journeys: the real server on a fresh SQLite demo database, driven through Debian's chromium.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['e2e/**/*.spec.ts'],
    environment: 'node',
    globalSetup: ['e2e/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    fileParallelism: false,
    // Pages load over a real server and a real browser: poll for up to 15 s, not the default 1 s.
    expect: { poll: { timeout: 15_000, interval: 100 } },
    env: { TZ: 'UTC' },
  },
});
