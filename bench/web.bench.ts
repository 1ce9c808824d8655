/**
 * The web cockpit: gzip sizes of the initial JavaScript (what index.html loads) and of all
 * JavaScript in the build, and the time from navigation start until the Overview is visible
 * in headless chromium against a local server on a temp SQLite file with the demo.
 * Skipped with a notice when the build (dist/web, or BENCH_WEB_ROOT) or chromium is absent.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { defaultWebRoot, startLantu } from '../src/http/server.ts';
import { chromiumFlags } from '../e2e/chromium-flags.ts';
import { logInContext } from '../e2e/support.ts';
import type { Page } from 'playwright-core';
import { median, type BenchSection } from './harness.ts';

const CHROMIUM = '/usr/bin/chromium';
const READY_TEST_ID = 'overview-ready';
/** The budget issue 4 states for the initial JavaScript. */
const INITIAL_BUDGET_KB = 500;

const gzipBytes = (file: string) => zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
const kb = (bytes: number) => bytes / 1024;

function listJs(folder: string): string[] {
  return fs
    .readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.m?js$/.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

/** The scripts index.html loads at once: module entry scripts and their modulepreloads. */
function initialScripts(webRoot: string): string[] {
  const html = fs.readFileSync(path.join(webRoot, 'index.html'), 'utf8');
  const refs = [
    ...html.matchAll(/<script[^>]*\bsrc="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*href="([^"]+)"[^>]*rel="modulepreload"/g),
  ].map((m) => m[1]!);
  return [...new Set(refs)]
    .filter((ref) => !/^https?:/.test(ref))
    .map((ref) => path.join(webRoot, ref.replace(/^\.?\//, '')))
    .filter((file) => fs.existsSync(file));
}

/**
 * Installed in the page before it loads: notes the frame in which the headline cards first
 * show — the first animation frame after they enter the document, which paints them. Asking
 * the page afterwards would also count however long its main thread kept the question waiting.
 */
const watchReady = (selector: string) => `(() => {
  const seen = () => document.querySelector(${JSON.stringify(selector)}) !== null;
  const observer = new MutationObserver(() => {
    if (!seen()) return;
    observer.disconnect();
    requestAnimationFrame(() => { window.__lantuReadyAt = performance.now(); });
  });
  observer.observe(document, { childList: true, subtree: true });
})();`;

/** The frame the cards showed in, ms from the navigation's start; null when it was not seen. */
const readyAt = (page: Page) =>
  page.waitForFunction('window.__lantuReadyAt', undefined, { timeout: 10_000 }).then(
    async () => page.evaluate<number>('window.__lantuReadyAt'),
    () => null,
  );

export function webSection(runs = 5): BenchSection {
  return {
    title: '4. Web cockpit: bundle sizes and time to an interactive Overview (headless chromium)',
    async run(report) {
      const webRoot = process.env.BENCH_WEB_ROOT ?? defaultWebRoot;
      if (!fs.existsSync(path.join(webRoot, 'index.html'))) {
        report.notice(`skipped: no build at ${webRoot} (run \`npm run build\` first)`);
        return;
      }
      const initial = initialScripts(webRoot);
      const all = listJs(webRoot);
      const initialGzip = initial.reduce((n, f) => n + gzipBytes(f), 0);
      const allGzip = all.reduce((n, f) => n + gzipBytes(f), 0);
      report.add({
        name: 'web.initial_js_gzip',
        value: kb(initialGzip),
        unit: 'KiB',
        note: `${initial.length} chunks index.html loads (gzip -9); budget ${INITIAL_BUDGET_KB} KB`,
      });
      report.add({
        name: 'web.all_js_gzip',
        value: kb(allGzip),
        unit: 'KiB',
        note: `${all.length} chunks in the build`,
      });

      if (!fs.existsSync(CHROMIUM)) {
        report.notice(`time to interactive skipped: ${CHROMIUM} is absent`);
        return;
      }
      const hasReadyMarker = all.some((f) => fs.readFileSync(f, 'utf8').includes(READY_TEST_ID));
      const selector = hasReadyMarker ? `[data-testid="${READY_TEST_ID}"]` : '.ant-card';
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-bench-web-'));
      const server = await startLantu({
        port: 0,
        databaseUrl: path.join(dir, 'web.sqlite'),
        loadDemo: true,
        webRoot,
      });
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...chromiumFlags] });
      try {
        const times: number[] = [];
        let unseen = 0;
        for (let i = 0; i < runs + 1; i++) {
          // A fresh context each time: an empty cache, as on a first visit.
          const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
          // Closed by default: log the context in first (the cookie jar is the page's).
          await logInContext(context, { baseUrl: server.url, username: 'viewer' });
          await context.addInitScript(watchReady(selector));
          const page = await context.newPage();
          await page.goto(server.url, { waitUntil: 'commit' });
          await page.locator(selector).first().waitFor({ state: 'visible', timeout: 60_000 });
          const shown = await readyAt(page);
          if (shown === null) unseen += 1;
          // performance.now() counts from the navigation's time origin.
          const ms = shown ?? (await page.evaluate(() => performance.now()));
          if (i > 0) times.push(ms); // the first visit also warms the server and the disk cache
          await context.close();
        }
        report.add({
          name: 'web.overview_interactive',
          value: median(times),
          unit: 'ms',
          note: `navigation start → frame showing ${selector}, cold cache, median of ${times.length} (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})${unseen > 0 ? `; ${unseen} run(s) timed when asked, not by the frame` : ''}`,
        });
      } finally {
        await browser.close();
        await server.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
