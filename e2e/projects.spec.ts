/**
 * Journey through the key projects on the Shapingba demo: the list shows the API's projects,
 * a search narrows it, and a project's page shows its registry entry and total investment.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictSummary, ProjectView } from '../src/contract/project.ts';
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

describe.skipIf(!hasChromium)('key projects in the cockpit', () => {
  let server: DemoServer;
  let browser: Browser;
  let projects: ProjectView[];
  let watched: WatchedPage;

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
    projects = await getJson<ProjectView[]>(server.url, '/projects');
    // The district's leader reads the cockpit (closed by default: a session is needed).
    watched = await openPage(browser, undefined, { baseUrl: server.url, username: 'viewer' });
  });
  afterAll(async () => {
    await watched.context.close();
    await browser.close();
    await server.close();
  });

  it('lists the demo’s projects, narrows them by a search, and opens one', async () => {
    const { page } = watched;
    expect(projects.length).toBeGreaterThan(0);
    await page.goto(`${server.url}/projects`);
    const rows = page.locator('[data-page="projects"] tbody tr.ant-table-row');
    await expect.poll(() => rows.count()).toBe(projects.length);
    // The district summary's annual plan, in 亿元, from the API's yuan.
    const summary = await getJson<DistrictSummary>(server.url, '/projects/summary');
    const planYi = (summary.total.planYuan / 1e8).toFixed(2);
    expect(summary.total.planYuan).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('[data-testid="projects-summary"]').innerText())
      .toContain(planYi);

    const road = projects.find((p) => p.name.includes('歌乐山'));
    if (!road) throw new Error('the demo has no 歌乐山 project');
    await page.getByPlaceholder('搜索编码或名称').fill('歌乐山');
    await page.getByPlaceholder('搜索编码或名称').press('Enter');
    await expect.poll(() => rows.count()).toBe(1);
    await expect.poll(() => rows.first().innerText()).toContain(road.unit.name);

    await page.getByRole('link', { name: road.name }).click();
    await expect.poll(() => page.url()).toContain(`/projects/${encodeURIComponent(road.code)}`);
    const body = page.locator('[data-page="project"]');
    await expect.poll(() => body.innerText()).toContain(road.name);
    // 总投资 in 亿元, from the API's yuan.
    const totalYi = ((road.totalInvestmentYuan ?? 0) / 1e8).toFixed(2);
    await expect.poll(() => body.innerText()).toContain(totalYi);
    await expect.poll(() => body.innerText()).toContain(road.town?.name ?? '');
    await saveScreenshot(page, 'project-page');
    expect(watched.errors).toEqual([]);
  });
});
