/** Helpers of the browser journeys: the demo server, chromium, screenshots and downloads. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Download,
  type Page,
} from 'playwright-core';
import { chromiumFlags } from './chromium-flags.ts';

/** The repository's root folder. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where screenshots of every page go (a gitignored test artifact). */
export const screenshotDir = path.join(repoRoot, 'artifacts', 'screenshots');
/** Screenshots kept for the README. */
export const docsScreenshotDir = path.join(repoRoot, 'docs', 'screenshots');

/** Debian's chromium, as CI installs it (`apt-get install chromium fonts-noto-cjk`). */
export const chromiumPath = process.env.LANTU_CHROMIUM ?? '/usr/bin/chromium';
/** Whether chromium is there; the journeys skip with a notice without it. */
export const hasChromium = fs.existsSync(chromiumPath);

/** A running Lantu server on a fresh demo database. */
export interface DemoServer {
  readonly url: string;
  readonly databaseFile: string;
  close(): Promise<void>;
}

/** Starts the real server on a free port with a fresh SQLite file loaded with the demo. */
export async function startDemoServer(): Promise<DemoServer> {
  const { startLantu } = await import('../src/http/server.ts');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-e2e-'));
  const databaseFile = path.join(dir, 'lantu.sqlite');
  const server = await startLantu({
    port: 0,
    databaseUrl: databaseFile,
    loadDemo: true,
    webRoot: path.join(repoRoot, 'dist', 'web'),
  });
  return {
    url: server.url,
    databaseFile,
    async close() {
      await server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Launches headless chromium with the flags that keep it quiet and offline. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [...chromiumFlags],
  });
}

/** A page that records uncaught errors, so a journey can assert there were none. */
export interface WatchedPage {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly errors: string[];
}

/** The password of every demo account (README, Demo accounts). */
export const demoPassword = 'lantu-demo-2025';

/** Who a page is logged in as before it opens (through the API; the login page has its own journey). */
export interface PageLogin {
  readonly baseUrl: string;
  readonly username: string;
}

/**
 * Logs a browser context in as a demo account: the session cookie lands in the context's
 * cookie jar, which its pages share. Lantu is closed by default, so a page needs it.
 */
export async function logInContext(context: BrowserContext, login: PageLogin): Promise<void> {
  const response = await context.request.post(`${login.baseUrl}/api/session`, {
    data: { username: login.username, password: demoPassword },
  });
  if (!response.ok())
    throw new Error(`login of ${login.username}: ${response.status()} ${await response.text()}`);
}

/** Fills the login page's form and submits it (the page is already on /login). */
export async function submitLogin(page: Page, username: string, password = demoPassword) {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/**
 * Logs in on the login page, as a person does: with `next`, the page returns there; without,
 * the user lands where their role works (the Overview, the entry form, the review queue).
 * Waits until the page has left the login page.
 */
export async function logInOnPage(
  page: Page,
  baseUrl: string,
  username: string,
  next?: string,
): Promise<void> {
  await page.goto(`${baseUrl}/login${next ? `?next=${encodeURIComponent(next)}` : ''}`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(demoPassword);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

/**
 * Opens a page at a viewport (1440×900 by default) that accepts downloads; logged in as
 * `login` when given, else anonymous (the login page).
 */
export async function openPage(
  browser: Browser,
  viewport: { width: number; height: number } = { width: 1440, height: 900 },
  login?: PageLogin,
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, acceptDownloads: true, locale: 'zh-CN' });
  if (login) await logInContext(context, login);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, context, errors };
}

/** A journey's browser on a fresh demo server; the pages it opens close with it. */
export interface DemoJourney {
  readonly server: DemoServer;
  readonly browser: Browser;
  /** Opens a page that records its errors: logged in as `username` when given, else anonymous. */
  open(username?: string, viewport?: { width: number; height: number }): Promise<WatchedPage>;
  /** Closes every page opened, the browser and the server. */
  close(): Promise<void>;
}

/**
 * Starts the demo server and chromium for one journey. When chromium fails to start, the
 * server is closed again, so a failed start leaves nothing running.
 */
export async function startDemoJourney(): Promise<DemoJourney> {
  const server = await startDemoServer();
  let browser: Browser;
  try {
    browser = await launchChromium();
  } catch (error) {
    await server.close();
    throw error;
  }
  const opened: WatchedPage[] = [];
  return {
    server,
    browser,
    async open(username, viewport) {
      const login = username ? { baseUrl: server.url, username } : undefined;
      const watched = await openPage(browser, viewport, login);
      opened.push(watched);
      return watched;
    },
    async close() {
      for (const w of opened) await w.context.close().catch(() => undefined);
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Saves a full-page screenshot to artifacts/screenshots/<name>.png; with `forDocs` and
 * LANTU_DOCS_SCREENSHOTS=1 also to docs/screenshots for the README.
 */
export async function saveScreenshot(
  page: Page,
  name: string,
  opts: { forDocs?: boolean; fullPage?: boolean } = {},
) {
  fs.mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: opts.fullPage ?? true });
  // The README's copies change only when asked, so a journey run leaves the tree clean.
  if (opts.forDocs && process.env.LANTU_DOCS_SCREENSHOTS === '1') {
    fs.mkdirSync(docsScreenshotDir, { recursive: true });
    fs.copyFileSync(file, path.join(docsScreenshotDir, `${name}.png`));
  }
  return file;
}

/** Where a failed step leaves its screenshot and what the page saw (a gitignored test artifact). */
export const failureDir = path.join(repoRoot, 'artifacts', 'failures');

/** What a page read of its upload jobs: each answer of POST /api/collection/upload and of each poll, in order. */
export interface UploadTrace {
  readonly responses: { at: string; method: string; url: string; status: number; body: unknown }[];
  /** The page's console messages and failed requests, for a failure's report. */
  readonly console: string[];
}

/** Starts recording the upload jobs a page reads, and its console, for `diagnoseStep`. */
export function traceUploads(page: Page): UploadTrace {
  const trace: UploadTrace = { responses: [], console: [] };
  page.on('response', (response) => {
    const url = new URL(response.url());
    if (!url.pathname.startsWith('/api/collection/upload')) return;
    const method = response.request().method();
    const at = new Date().toISOString();
    void response
      .json()
      .catch(() => null)
      .then((body: unknown) =>
        trace.responses.push({ at, method, url: url.pathname, status: response.status(), body }),
      );
  });
  page.on('console', (m) => trace.console.push(`${m.type()}: ${m.text()}`));
  page.on('requestfailed', (r) =>
    trace.console.push(`requestfailed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`),
  );
  return trace;
}

/**
 * Runs one step of a journey; when it throws, saves a screenshot of the page and `details()`
 * (with the page's URL and visible alerts) as artifacts/failures/<name>.png and .json, then
 * rethrows, so a failure in CI can be read without re-running it.
 */
export async function diagnoseStep<T>(
  page: Page,
  name: string,
  step: () => Promise<T>,
  details: () => unknown,
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    fs.mkdirSync(failureDir, { recursive: true });
    await page
      .screenshot({ path: path.join(failureDir, `${name}.png`), fullPage: true })
      .catch(() => undefined);
    const alerts = await page
      .locator('.ant-message-notice, .ant-alert, [role="alert"]')
      .allInnerTexts()
      .catch((e: unknown) => [`(unreadable: ${String(e)})`]);
    const report = {
      step: name,
      error: error instanceof Error ? error.message : String(error),
      url: page.url(),
      alerts,
      details: details(),
    };
    fs.writeFileSync(path.join(failureDir, `${name}.json`), JSON.stringify(report, null, 2));
    throw error;
  }
}

// The session cookie of the journeys' own reads, per server: the demo viewer's.
const readerCookies = new Map<string, Promise<string>>();

async function logInReader(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'viewer', password: demoPassword }),
  });
  if (!response.ok) throw new Error(`login of viewer: ${response.status} ${await response.text()}`);
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
  if (!cookie) throw new Error('login of viewer set no cookie');
  return cookie;
}

/** Reads JSON from the server's API as the demo viewer (Lantu is closed by default). */
export async function getJson<T>(baseUrl: string, apiPath: string): Promise<T> {
  let cookie = readerCookies.get(baseUrl);
  if (!cookie) readerCookies.set(baseUrl, (cookie = logInReader(baseUrl)));
  const response = await fetch(`${baseUrl}/api${apiPath}`, { headers: { cookie: await cookie } });
  if (!response.ok) throw new Error(`${apiPath}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Clicks something that downloads a file and returns the download. */
export async function downloadBy(page: Page, click: () => Promise<void>): Promise<Download> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return download;
}

/** Opens a downloaded .xlsx with exceljs and returns its first sheet as rows of cell text. */
export async function readXlsx(
  download: Download,
): Promise<{ fileName: string; rows: string[][] }> {
  const file = await download.path();
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('the workbook has no sheet');
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const values = (row.values as unknown[]).slice(1);
    rows.push(
      values.map((v) => (v === null || v === undefined ? '' : String(v as string | number))),
    );
  });
  return { fileName: download.suggestedFilename(), rows };
}

/** The row of a table (by its test id) whose antd row key is `key`. */
export const tableRow = (page: Page, testId: string, key: string) =>
  page.locator(`[data-testid="${testId}"] tr[data-row-key="${key}"]`);

/** The entry form's value input of an indicator, whether antd puts the test id on the input or its wrapper. */
export const valueInput = (page: Page, code: string) =>
  page
    .locator(`[data-testid="value-input"][data-indicator="${code}"] input`)
    .or(page.locator(`input[data-testid="value-input"][data-indicator="${code}"]`));

/** The visible text of each header cell of a table. */
export async function tableHeaders(page: Page, testId: string): Promise<string[]> {
  const cells = page.locator(`[data-testid="${testId}"] thead th`);
  const texts = await cells.allInnerTexts();
  return texts.map((t) => t.trim()).filter((t) => t.length > 0);
}

/**
 * Milliseconds from navigation to the Overview showing its light counts (the page is usable),
 * in a fresh browser context so nothing is cached; for `npm run bench` as well as the journeys.
 */
export async function measureOverviewInteractive(
  browser: Browser,
  baseUrl: string,
): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    await logInContext(context, { baseUrl, username: 'viewer' });
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(`${baseUrl}/`);
    await page.getByTestId('stat-total').waitFor();
    await page.locator('[data-testid="chart-lights"] canvas').waitFor();
    return Date.now() - started;
  } finally {
    await context.close();
  }
}
