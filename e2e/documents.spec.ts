/**
 * Journeys of issue 13 on the demo: the planner generates the 月通报 and the year-end report
 * on the 报告 page, downloads a file and previews the report; the warnings page lists the
 * open warnings the demo's rules raised, and a warning is acknowledged and resolved.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentView } from '../src/contract/document.ts';
import type { PlanListItem, PlanTree } from '../src/contract/plan.ts';
import type { WarningView } from '../src/contract/warning.ts';
import {
  downloadBy,
  getJson,
  hasChromium,
  logInOnPage,
  saveScreenshot,
  startDemoJourney,
  type DemoJourney,
  type DemoServer,
  type WatchedPage,
} from './support.ts';

describe.skipIf(!hasChromium)('documents and warnings in the browser', () => {
  let journey: DemoJourney;
  let server: DemoServer;
  let watched: WatchedPage;
  let page: Page;

  beforeAll(async () => {
    journey = await startDemoJourney();
    server = journey.server;
    watched = await journey.open();
    page = watched.page;
    await logInOnPage(page, server.url, 'planner', '/documents');
  });
  afterAll(() => journey?.close());

  it('generates the 月通报 into the archive with its 数据截至 and downloads its .docx', async () => {
    const [plan] = await getJson<PlanListItem[]>(server.url, '/plans');
    const tree = await getJson<PlanTree>(server.url, `/plans/${plan?.id ?? ''}`);
    await page.getByTestId('generate-monthly-bulletin').click();
    const archive = page.getByTestId('documents-archive');
    await expect.poll(() => archive.locator('tbody tr[data-row-key]').count()).toBe(1);
    const [stored] = await getJson<DocumentView[]>(server.url, '/documents');
    expect(stored?.version).toBe(1);
    await expect
      .poll(() => archive.locator('tbody tr[data-row-key]').first().textContent())
      .toContain(tree.dataThrough ?? 'missing');
    const download = await downloadBy(page, () =>
      archive.getByTestId('download-docx').first().click(),
    );
    expect(download.suggestedFilename()).toMatch(/计划执行情况通报.*-v1\.docx$/);
  });

  it('previews the year-end report draft with a result the plan holds', async () => {
    const [plan] = await getJson<PlanListItem[]>(server.url, '/plans');
    const tree = await getJson<PlanTree>(server.url, `/plans/${plan?.id ?? ''}`);
    const parking = tree.nodes
      .flatMap(function all(n): PlanTree['nodes'] {
        return [n, ...n.children.flatMap(all)];
      })
      .flatMap((n) => n.targets)
      .find((t) => t.metric === '公共停车泊位');
    await page.getByTestId('generate-execution-report').click();
    const archive = page.getByTestId('documents-archive');
    await expect.poll(() => archive.locator('tbody tr[data-row-key]').count()).toBe(2);
    await archive.getByTestId('preview').first().click();
    const preview = page.getByTestId('document-preview');
    await expect
      .poll(() => preview.textContent())
      .toContain('一、2025年国民经济和社会发展计划执行情况');
    expect(await preview.textContent()).toContain(`公共停车泊位${parking?.assessment.actual}个`);
    await saveScreenshot(page, 'documents');
    await page.keyboard.press('Escape');
  });

  it('lists the open warnings and takes one through acknowledge and resolve', async () => {
    const openCount = async () =>
      (await getJson<WarningView[]>(server.url, '/warnings?state=open')).length;
    const before = await openCount();
    expect(before).toBeGreaterThan(0);
    await page.goto(`${server.url}/warnings`);
    const inbox = page.getByTestId('warnings-inbox');
    await expect
      .poll(() => inbox.locator('tbody tr[data-row-key]').count())
      .toBe(Math.min(before, 20));
    const first = await inbox
      .locator('tbody tr[data-row-key]')
      .first()
      .getAttribute('data-row-key');
    await inbox.getByTestId('acknowledge').first().click();
    await expect
      .poll(async () =>
        (await getJson<WarningView[]>(server.url, '/warnings?state=acknowledged')).map((w) => w.id),
      )
      .toContain(first);
    await page.getByText('已签收').click();
    await expect
      .poll(() => inbox.locator('tbody tr[data-row-key]').first().getAttribute('data-row-key'))
      .toBe(first);
    await inbox.getByTestId('resolve').first().click();
    await page.getByTestId('resolve-note').fill('已约谈牵头单位，制定追赶计划');
    await page.getByTestId('resolve-ok').click();
    await expect
      .poll(async () =>
        (await getJson<WarningView[]>(server.url, '/warnings?state=resolved')).map((w) => w.id),
      )
      .toContain(first);
    await saveScreenshot(page, 'warnings');
    expect(watched.errors).toEqual([]);
  });
});
