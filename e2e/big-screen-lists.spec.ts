/**
 * The big screen's 滞后目标 and 即将到期 lists are not cut off (issue 11 item 6): every lagging
 * target is in its list, and a list longer than its panel scrolls, its last item reachable.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanListItem, PlanSummary } from '../src/contract/plan.ts';
import {
  getJson,
  hasChromium,
  startDemoJourney,
  type DemoJourney,
  type DemoServer,
  type WatchedPage,
} from './support.ts';

describe.skipIf(!hasChromium)('the big screen’s lists', () => {
  let journey: DemoJourney;
  let server: DemoServer;
  let watched: WatchedPage;

  beforeAll(async () => {
    journey = await startDemoJourney();
    server = journey.server;
    watched = await journey.open('viewer', { width: 1920, height: 1080 });
  });
  afterAll(() => journey?.close());

  it('holds every lagging target and scrolls to the last item of each list', async () => {
    const plan = (await getJson<PlanListItem[]>(server.url, '/plans'))[0]!;
    const summary = await getJson<PlanSummary>(server.url, `/plans/${plan.id}/summary`);
    const { page, errors } = watched;
    await page.goto(`${server.url}/?screen=big`);
    await page.getByTestId('bs-total').waitFor();
    const lists = page.locator('.bs-list');
    await lists.first().locator('li').first().waitFor();
    // 滞后目标: the red and yellow targets, all of them.
    expect(await lists.nth(0).locator('li').count()).toBe(
      summary.lights.red + summary.lights.yellow,
    );
    for (const i of [0, 1]) {
      const list = lists.nth(i).locator('ul');
      if ((await list.count()) === 0) continue;
      const fit = await list.evaluate((ul) => {
        const style = getComputedStyle(ul);
        ul.scrollTop = ul.scrollHeight;
        const box = ul.getBoundingClientRect();
        const last = ul.lastElementChild!.getBoundingClientRect();
        return {
          overflowY: style.overflowY,
          overflows: ul.scrollHeight > ul.clientHeight,
          lastVisible: last.bottom <= box.bottom + 1 && last.top >= box.top - 1,
        };
      });
      if (fit.overflows) expect(['auto', 'scroll']).toContain(fit.overflowY);
      expect(fit.lastVisible, `list ${i}`).toBe(true);
    }
    expect(errors).toEqual([]);
  });
});
