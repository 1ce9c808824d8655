/**
 * The 晒比 page on the demo, as a planner reads it before the monthly meeting: the towns'
 * table and its method agree with the API; switching to departments with other weights
 * changes the method written beside the table; the export holds the places shown.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanListItem } from '../src/contract/plan.ts';
import {
  downloadBy,
  getJson,
  hasChromium,
  readXlsx,
  saveScreenshot,
  startDemoJourney,
  type DemoJourney,
  type DemoServer,
  type WatchedPage,
} from './support.ts';

interface RankingBody {
  methodText: string;
  rows: { place: number; unitName: string }[];
  excluded: { unitName: string; reason: string }[];
}

describe.skipIf(!hasChromium)('rankings (晒比) in the browser', () => {
  let journey: DemoJourney;
  let server: DemoServer;
  let watched: WatchedPage;
  let page: Page;
  let planId: string;

  beforeAll(async () => {
    journey = await startDemoJourney();
    server = journey.server;
    watched = await journey.open('planner');
    page = watched.page;
    const [plan] = await getJson<PlanListItem[]>(server.url, '/plans');
    planId = plan?.id ?? '';
  });
  afterAll(() => journey?.close());

  it('shows the towns ranked as the API ranks them, with the method beside the table', async () => {
    const api = await getJson<RankingBody>(server.url, `/plans/${planId}/ranking?scope=towns`);
    await page.goto(`${server.url}/rankings`);
    const table = page.getByTestId('ranking-table');
    await expect.poll(() => table.locator('tbody tr[data-row-key]').count()).toBe(api.rows.length);
    await expect
      .poll(() => page.getByTestId('ranking-method').textContent())
      .toContain(api.methodText);
    const firstRow = await table.locator('tbody tr[data-row-key]').first().textContent();
    expect(firstRow).toContain(api.rows[0]?.unitName ?? 'missing');
    await saveScreenshot(page, 'rankings-towns', { forDocs: true });
    expect(watched.errors).toEqual([]);
  });

  it('ranks departments with the weights typed in, and says so in the method', async () => {
    await page.getByTestId('ranking-scope').getByText('部门').click();
    // antd puts the test id on the input itself or on its wrapper, depending on the addon.
    const weight = page
      .locator('input[data-testid="weight-timeliness"], [data-testid="weight-timeliness"] input')
      .first();
    await weight.fill('');
    await weight.fill('0');
    await weight.blur();
    const api = await getJson<RankingBody>(
      server.url,
      `/plans/${planId}/ranking?scope=departments&weights=completion-vs-expected:60`,
    );
    await expect
      .poll(() => page.getByTestId('ranking-method').textContent())
      .toContain(api.methodText);
    expect(api.methodText).toContain('目标完成进度与序时进度之比（权重100%）');
    const table = page.getByTestId('ranking-table');
    await expect.poll(() => table.locator('tbody tr[data-row-key]').count()).toBe(api.rows.length);
    const download = await downloadBy(page, () => page.getByTestId('export-ranking').click());
    const { rows } = await readXlsx(download);
    // Header, then one row per ranked unit: place and name as the API gives them.
    expect(rows.slice(1).map((r) => [Number(r[0]), r[1]])).toEqual(
      api.rows.map((r) => [r.place, r.unitName]),
    );
  });
});
