/**
 * Journey through the key projects on the Shapingba demo: the list shows the API's projects,
 * a search narrows it, and a project's page shows its registry entry and total investment.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DistrictSummary, GanttView, ProjectView } from '../src/contract/project.ts';
import {
  getJson,
  hasChromium,
  saveScreenshot,
  startDemoJourney,
  type DemoJourney,
  type DemoServer,
  type WatchedPage,
} from './support.ts';

const hasPdfToText = (() => {
  try {
    execFileSync('pdftotext', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(!hasChromium)('key projects in the cockpit', () => {
  let journey: DemoJourney;
  let server: DemoServer;
  let projects: ProjectView[];
  let watched: WatchedPage;

  beforeAll(async () => {
    journey = await startDemoJourney();
    server = journey.server;
    projects = await getJson<ProjectView[]>(server.url, '/projects');
    // The district's leader reads the cockpit (closed by default: a session is needed).
    watched = await journey.open('viewer');
  });
  afterAll(() => journey?.close());

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

  it.skipIf(!hasPdfToText)(
    'draws a department’s Gantt with its rows and prints it on A4 with the filter and data date',
    async () => {
      const { page } = watched;
      // The unit with the most projects, as the project office would look it up.
      const byUnit = new Map<string, ProjectView[]>();
      for (const p of projects) byUnit.set(p.unit.code, [...(byUnit.get(p.unit.code) ?? []), p]);
      const [unitCode, mine] = [...byUnit].sort((a, b) => b[1].length - a[1].length)[0] ?? [];
      if (!unitCode || !mine) throw new Error('the demo has no projects');
      const gantt = await getJson<GanttView>(
        server.url,
        `/projects/gantt?unitCode=${encodeURIComponent(unitCode)}`,
      );
      expect(gantt.rows.map((r) => r.code).sort()).toEqual(mine.map((p) => p.code).sort());

      await page.goto(`${server.url}/projects`);
      await page.getByTestId('projects-gantt-link').click();
      await expect.poll(() => page.url()).toContain('/projects/gantt');
      const rows = page.locator('[data-page="gantt"] tbody tr.ant-table-row');
      await expect.poll(() => rows.count()).toBe(projects.length);
      await page.getByTestId('gantt-unit').click();
      await page
        .locator('.ant-select-item-option')
        .filter({ hasText: mine[0]?.unit.name ?? '?' })
        .first()
        .click();
      await expect.poll(() => page.url()).toContain(`unit=${encodeURIComponent(unitCode)}`);
      await expect.poll(() => rows.count()).toBe(gantt.rows.length);
      await page.locator('[data-testid="gantt-chart"] canvas').first().waitFor();
      await page.locator('.ant-select-dropdown').first().waitFor({ state: 'hidden' });
      await saveScreenshot(page, 'project-gantt');

      await page.emulateMedia({ media: 'print' });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-e2e-gantt-'));
      const file = path.join(dir, 'gantt.pdf');
      await page.pdf({ path: file, format: 'A4', printBackground: true });
      await page.emulateMedia({ media: 'screen' });
      const text = execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], {
        encoding: 'utf8',
      });
      fs.rmSync(dir, { recursive: true, force: true });
      const all = text.replace(/\s+/g, '');
      expect(all).toContain(`筛选条件：责任单位：${mine[0]?.unit.name ?? '?'}`);
      expect(all).toContain(`数据截至${gantt.today}`);
      expect(all).toContain('打印日期');
      for (const r of gantt.rows) expect(all).toContain(r.name.replace(/\s+/g, ''));
      for (const clickable of ['导出甘特图', '重点项目清单']) expect(all).not.toContain(clickable);
      expect(watched.errors).toEqual([]);
    },
  );
});
