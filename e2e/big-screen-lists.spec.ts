/**
 * The big screen's 滞后目标 and 即将到期 lists are not cut off (issue 11 item 6): every lagging
 * target is in its list, and a list longer than its panel scrolls, its last item reachable.
 * Its headline cards read large counts in 万/亿, as the Overview's cards do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanHeadlines, PlanListItem, PlanSummary } from '../src/contract/plan.ts';
import { measureUnitsEn } from '../src/core/measure-unit.ts';
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

  /**
   * How a Chinese reader writes a large count (the cockpit's rule, DESIGN §4): 亿 from a
   * hundred million, 万 from ten thousand, two decimals at most, the magnitude joined to the
   * unit; a unit with a magnitude of its own (万元, 亿元) or a percentage stays as it is.
   */
  const chineseCount = (value: number, unit: string, decimals: number): string => {
    const digits = (v: number, d: number) =>
      v.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: 0 });
    const free = !/^[万亿千百]/.test(unit) && unit !== '%' && unit !== '个百分点';
    if (free && Math.abs(value) >= 1e8) return `${digits(value / 1e8, 2)}亿${unit}`;
    if (free && Math.abs(value) >= 1e4) return `${digits(value / 1e4, 2)}万${unit}`;
    return `${digits(value, decimals)}${unit}`;
  };

  // The demo's headline indicators are amounts in 亿元, which keep their unit; scaling a bare
  // count (307,734个 → 30.77万个) is pinned by web/app/format.test.ts. Here: the big screen
  // writes every card by the cockpit's rule, as the Overview does, and in English.
  it('shows the headline counts in 万/亿, as the Overview’s cards show them', async () => {
    const plan = (await getJson<PlanListItem[]>(server.url, '/plans'))[0]!;
    const { items } = await getJson<PlanHeadlines>(server.url, `/plans/${plan.id}/headlines`);
    const { page, errors } = watched;
    await page.goto(`${server.url}/?screen=big`);
    const figures = page.getByTestId('bs-headline-value');
    await figures.first().waitFor();
    const shown = items.slice(0, await figures.count());
    expect(shown.length).toBeGreaterThan(0);
    const expected = shown.map(({ indicator, headline }) =>
      chineseCount(headline.value, indicator.unit, indicator.decimals),
    );
    const onScreen: string[] = [];
    for (const { indicator } of shown)
      onScreen.push(
        (
          await page
            .locator(`[data-indicator="${indicator.code}"] [data-testid="bs-headline-value"]`)
            .innerText()
        ).replace(/\s+/g, ''),
      );
    expect(onScreen).toEqual(expected);

    await page.goto(`${server.url}/`);
    await page.getByTestId('headline-value').first().waitFor();
    for (const [i, { indicator }] of shown.entries()) {
      const card = page.locator(
        `[data-testid="headline-card"][data-indicator="${indicator.code}"]`,
      );
      const text = `${await card.getByTestId('headline-value').innerText()}${await card.locator('.unit').innerText()}`;
      expect(text.replace(/\s+/g, ''), indicator.code).toBe(expected[i]);
    }

    // In English the digits stay and the unit is the table's English (亿元 → 100M yuan).
    await page.evaluate(() => localStorage.setItem('lantu.lang', 'en'));
    await page.goto(`${server.url}/?screen=big`);
    await figures.first().waitFor();
    for (const { indicator, headline } of shown) {
      const text = await page
        .locator(`[data-indicator="${indicator.code}"] [data-testid="bs-headline-value"]`)
        .innerText();
      const digits = headline.value.toLocaleString('en-US', {
        maximumFractionDigits: indicator.decimals,
      });
      expect(text.replace(/\s+/g, ''), indicator.code).toBe(
        `${digits}${measureUnitsEn[indicator.unit]}`.replace(/\s+/g, ''),
      );
    }
    await page.evaluate(() => localStorage.removeItem('lantu.lang'));
    expect(errors).toEqual([]);
  });
});
