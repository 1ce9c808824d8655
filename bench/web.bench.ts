/**
 * The web cockpit: gzip sizes of the initial JavaScript (what index.html loads) and of all
 * JavaScript in the build, and the time from navigation start until the Overview is visible
 * in headless chromium against a local server on a temp SQLite file with the demo.
 * Skipped with a notice when the build (dist/web, or BENCH_WEB_ROOT) or chromium is absent.
 * BENCH_WEB_BASELINE names another build (say main's) timed in the same run, visit for visit
 * in alternation with this one, each on its own server over the same demo: on a shared
 * machine the load moves by the minute, and only figures taken side by side compare.
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
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-bench-web-'));
      const baselineRoot = process.env.BENCH_WEB_BASELINE;
      const builds = [{ name: 'web.overview_interactive', root: webRoot }];
      if (baselineRoot) {
        if (fs.existsSync(path.join(baselineRoot, 'index.html')))
          builds.push({ name: 'web.overview_interactive.baseline', root: baselineRoot });
        else report.notice(`baseline skipped: no build at ${baselineRoot}`);
      }
      const servers = await Promise.all(
        builds.map((b, i) =>
          startLantu({
            port: 0,
            databaseUrl: path.join(dir, `web-${i}.sqlite`),
            loadDemo: true,
            webRoot: b.root,
          }),
        ),
      );
      const { chromium } = await import('playwright-core');
      const browser = await chromium.launch({ executablePath: CHROMIUM, args: [...chromiumFlags] });
      try {
        const timings = builds.map((b) => {
          const js = listJs(b.root);
          const hasReadyMarker = js.some((f) => fs.readFileSync(f, 'utf8').includes(READY_TEST_ID));
          return {
            selector: hasReadyMarker ? `[data-testid="${READY_TEST_ID}"]` : '.ant-card',
            times: [] as number[],
            unseen: 0,
          };
        });
        for (let i = 0; i < runs + 1; i++) {
          // Alternating builds visit by visit: both see the same minutes of the machine's load.
          for (const [k, server] of servers.entries()) {
            const timing = timings[k]!;
            // A fresh context each time: an empty cache, as on a first visit.
            const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
            // Closed by default: log the context in first (the cookie jar is the page's).
            await logInContext(context, { baseUrl: server.url, username: 'viewer' });
            await context.addInitScript(watchReady(timing.selector));
            const page = await context.newPage();
            await page.goto(server.url, { waitUntil: 'commit' });
            await page
              .locator(timing.selector)
              .first()
              .waitFor({ state: 'visible', timeout: 60_000 });
            const shown = await readyAt(page);
            if (shown === null) timing.unseen += 1;
            // performance.now() counts from the navigation's time origin.
            const ms = shown ?? (await page.evaluate(() => performance.now()));
            if (i > 0) timing.times.push(ms); // the first visit also warms the server and the disk cache
            await context.close();
          }
        }
        const load = os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ');
        for (const [k, build] of builds.entries()) {
          const { selector, times, unseen } = timings[k]!;
          const value = median(times);
          const baseline = k === 0 && builds.length > 1 ? median(timings[1]!.times) : null;
          report.add({
            name: build.name,
            value,
            unit: 'ms',
            ratio: baseline ? value / baseline : undefined,
            note: `${k === 0 ? '' : `${build.root}: `}navigation start → frame showing ${selector}, cold cache, median of ${times.length} (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})${baseline ? ', ratio = over the baseline build, alternating' : ''}; load ${load}${unseen > 0 ? `; ${unseen} run(s) timed when asked, not by the frame` : ''}`,
          });
        }
      } finally {
        await browser.close();
        await Promise.all(servers.map((s) => s.close()));
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
