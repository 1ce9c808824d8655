/**
 * The English cockpit leaves no Chinese in its chrome (issue 11 item 6): walking the
 * reporter's, reviewer's and registry pages in English, every text with a Han character sits
 * inside an element marked as data — `lang="zh-CN"` below <html>, which components/data-text
 * sets on a name with no English (with its small "zh" tag), and the product's own bilingual
 * name and the language switch carry. Units of measure come from one table (format.ts).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hasChromium,
  launchChromium,
  openPage,
  saveScreenshot,
  startDemoServer,
  type DemoServer,
  type WatchedPage,
} from './support.ts';

const town = '500106001';

/** Pages of the walk, each with an element that says it has loaded. */
const pages = [
  { path: '/todo', ready: '[data-testid="todo-table"] tbody tr[data-row-key]' },
  { path: `/entry?unit=${town}&period=202510`, ready: '[data-testid="value-input"]' },
  { path: '/review', ready: '[data-page="review"]' },
  { path: '/indicators', ready: '.ant-tree-treenode:not([aria-hidden])' },
  { path: '/units', ready: '[data-testid="unit-indicators"] tbody tr' },
  { path: '/documents', ready: '[data-testid="documents-archive"]' },
  { path: '/settings', ready: '[data-page="settings"]' },
] as const;

describe.skipIf(!hasChromium)('the English cockpit’s chrome', () => {
  let server: DemoServer;
  let browser: Browser;
  let watched: WatchedPage;

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
    watched = await openPage(browser, undefined, { baseUrl: server.url, username: 'admin' });
    await watched.context.addInitScript(() => localStorage.setItem('lantu.lang', 'en'));
  });

  afterAll(async () => {
    await watched?.context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  /** Texts with a Han character outside any element marked as Chinese data. */
  const unmarkedChinese = () =>
    watched.page.evaluate(() => {
      const found: string[] = [];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const text = n.textContent ?? '';
        if (!/\p{Script=Han}/u.test(text)) continue;
        const el = n.parentElement;
        if (!el || el.closest('script, style, noscript')) continue;
        const marked = el.closest('[lang]');
        if (
          marked &&
          marked !== document.documentElement &&
          marked.getAttribute('lang') === 'zh-CN'
        )
          continue;
        found.push(text.trim());
      }
      return found;
    });

  it.each(pages)('shows $path with no unmarked Chinese', async ({ path, ready }) => {
    const { page, errors } = watched;
    await page.goto(`${server.url}${path}`);
    await page.locator(ready).first().waitFor({ timeout: 30_000 });
    // Lazy parts (trees, charts, tables) settle after the first paint.
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await unmarkedChinese()).toEqual([]);
    if (path.startsWith('/entry')) await saveScreenshot(page, 'entry-en');
    expect(errors).toEqual([]);
  });

  it('can fail: a Chinese word put in the chrome is found', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/settings`);
    await page.locator('[data-page="settings"]').waitFor();
    await page.evaluate(() => {
      const probe = document.createElement('span');
      probe.textContent = '亿元';
      document.querySelector('[data-page="settings"]')!.append(probe);
    });
    expect(await unmarkedChinese()).toEqual(['亿元']);
  });
});
