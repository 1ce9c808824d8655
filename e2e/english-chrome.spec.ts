/**
 * The English cockpit leaves no Chinese in its chrome (issue 11 item 6): walking the
 * reporter's, reviewer's and registry pages in English, every text with a Han character sits
 * inside an element marked as data — `lang="zh-CN"` below <html>, which components/data-text
 * sets on a name with no English (with its small "zh" tag), and the product's own bilingual
 * name and the language switch carry. Units of measure come from one table (format.ts).
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanListItem, PlanTree } from '../src/contract/plan.ts';
import type { ProjectView } from '../src/contract/project.ts';
import { flattenTargets } from '../web/app/plan-rows.ts';
import {
  getJson,
  hasChromium,
  launchChromium,
  openPage,
  saveScreenshot,
  startDemoServer,
  type DemoServer,
  type WatchedPage,
} from './support.ts';

const town = '500106001';

/**
 * Pages of the walk, each with an element that says it has loaded; `{plan}`, `{target}` and
 * `{project}` stand for the demo's plan, a target of it and a project, read from the API.
 */
const pages = [
  { path: '/', ready: '[data-testid="headline-card"] [data-testid="headline-value"]' },
  { path: '/?screen=big', ready: '.bs-list li' },
  { path: '/plans', ready: '[data-testid="plan-table"] tbody tr.ant-table-row' },
  {
    path: '/plans/{plan}',
    ready: '[data-testid="plan-table"] tbody tr.ant-table-row',
    shot: 'plan-en',
  },
  { path: '/targets/{target}', ready: '[data-page="target"]' },
  { path: '/timeliness', ready: '[data-testid="overdue-table"] tbody tr' },
  { path: '/warnings', ready: '[data-testid="warnings-inbox"] tbody tr' },
  {
    path: '/rankings',
    ready: '[data-testid="ranking-table"] tbody tr.ant-table-row',
    shot: 'rankings-en',
  },
  { path: '/projects', ready: '[data-page="projects"] tbody tr.ant-table-row' },
  { path: '/projects/{project}', ready: '[data-testid="project-milestones"]' },
  { path: '/projects/gantt', ready: '[data-testid="gantt-table"] tbody tr.ant-table-row' },
  { path: '/projects/dispatch', ready: '[data-testid="dispatch-behind"]' },
  { path: '/todo', ready: '[data-testid="todo-table"] tbody tr[data-row-key]' },
  {
    path: `/entry?unit=${town}&period=202510`,
    ready: '[data-testid="value-input"]',
    shot: 'entry-en',
  },
  { path: '/review', ready: '[data-page="review"]' },
  { path: '/indicators', ready: '.ant-tree-treenode:not([aria-hidden])' },
  { path: '/units', ready: '[data-testid="unit-indicators"] tbody tr' },
  { path: '/documents', ready: '[data-testid="documents-archive"]' },
  { path: '/settings', ready: '[data-page="settings"]' },
] as { path: string; ready: string; shot?: string }[];

describe.skipIf(!hasChromium)('the English cockpit’s chrome', () => {
  let server: DemoServer;
  let browser: Browser;
  let watched: WatchedPage;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    server = await startDemoServer();
    const plan = (await getJson<PlanListItem[]>(server.url, '/plans'))[0]!;
    const tree = await getJson<PlanTree>(server.url, `/plans/${plan.id}`);
    ids.plan = plan.id;
    ids.target = flattenTargets(tree)[0]!.target.id;
    ids.project = encodeURIComponent(
      (await getJson<ProjectView[]>(server.url, '/projects'))[0]!.code,
    );
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

  it.each(pages)('shows $path with no unmarked Chinese', async ({ path, ready, shot }) => {
    const { page, errors } = watched;
    await page.goto(`${server.url}${path.replace(/\{(\w+)\}/g, (_, k: string) => ids[k]!)}`);
    await page.locator(ready).first().waitFor({ timeout: 30_000 });
    // Lazy parts (trees, charts, tables) settle after the first paint.
    await page.waitForLoadState('networkidle');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await unmarkedChinese()).toEqual([]);
    // The README's two English pages are one screen each; entry-en stays a full-page artifact.
    const forDocs = shot !== 'entry-en';
    if (shot) await saveScreenshot(page, shot, { forDocs, fullPage: !forDocs });
    expect(errors).toEqual([]);
  });

  it('shows the plan editor with no unmarked Chinese', async () => {
    const { page, errors } = watched;
    await page.goto(`${server.url}/plans/${ids.plan}`);
    await page.getByTestId('edit-target').first().click();
    await page.getByTestId('target-editor').waitFor();
    await page.waitForLoadState('networkidle');
    expect(await unmarkedChinese()).toEqual([]);
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
