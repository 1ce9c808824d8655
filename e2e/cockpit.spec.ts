/**
 * Journeys through the web cockpit on the Shapingba 2025 demo: every page loads, the numbers on
 * screen are the API's, drill-down goes down to a town and back, the language switches, exports
 * open in exceljs with the table's header and rows, and broken states say what went wrong.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Light } from '../src/contract/common.ts';
import type { Measure } from '../src/core/measure.ts';
import type { PlanListItem, PlanSummary, PlanTree, TargetDetail } from '../src/contract/plan.ts';
import type { Breakdown, Series, UnitView } from '../src/contract/registry.ts';
import { formatNumber, formatShare } from '../web/app/format.ts';
import { computeHeadline } from '../src/core/headline.ts';
import { toPeriodRows } from '../web/app/indicator-series.ts';
import { filterPlanRows, flattenRows, flattenTargets, toPlanRows } from '../web/app/plan-rows.ts';
import {
  downloadBy,
  getJson,
  hasChromium,
  launchChromium,
  measureOverviewInteractive,
  openPage,
  readXlsx,
  repoRoot,
  saveScreenshot,
  startDemoServer,
  tableHeaders,
  type DemoServer,
  type WatchedPage,
  submitLogin,
} from './support.ts';

const lights: Light[] = ['red', 'yellow', 'green', 'done', 'none'];

if (!hasChromium)
  console.warn(
    'e2e: /usr/bin/chromium is missing (apt-get install chromium fonts-noto-cjk); skipping',
  );

describe.skipIf(!hasChromium)('web cockpit on the demo database', () => {
  let server: DemoServer;
  let browser: Browser;
  let plan: PlanListItem;
  let tree: PlanTree;
  let summary: PlanSummary;
  const opened: WatchedPage[] = [];

  /** A page of the demo viewer (logged in through the API), or anonymous with `asAnonymous`. */
  const open = async (viewport?: { width: number; height: number }, asAnonymous = false) => {
    const watched = await openPage(
      browser,
      viewport,
      asAnonymous ? undefined : { baseUrl: server.url, username: 'viewer' },
    );
    opened.push(watched);
    return watched;
  };
  const rowsOf = (page: Page, testId: string) =>
    page.locator(`[data-testid="${testId}"] tbody tr.ant-table-row`);

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
    const plans = await getJson<PlanListItem[]>(server.url, '/plans');
    plan = plans[0]!;
    tree = await getJson<PlanTree>(server.url, `/plans/${plan.id}`);
    summary = await getJson<PlanSummary>(server.url, `/plans/${plan.id}/summary`);
  });

  afterAll(async () => {
    for (const w of opened) await w.context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('shows the overview with the light counts and a headline figure the API gives', async () => {
    const interactiveMs = await measureOverviewInteractive(browser, server.url);
    // Closed by default: the cockpit sends an anonymous visitor to log in, then back.
    const { page, errors } = await open(undefined, true);
    await page.goto(`${server.url}/`);
    await page.waitForURL((url) => url.pathname === '/login');
    await submitLogin(page, 'viewer');
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('stat-total').waitFor();
    for (const l of lights) {
      const text = await page
        .locator(`[data-testid="stat-${l}"] .ant-statistic-content-value`)
        .innerText();
      expect(Number(text), l).toBe(summary.lights[l]);
    }
    const total = lights.reduce((s, l) => s + summary.lights[l], 0);
    expect(
      Number(
        await page.locator('[data-testid="stat-total"] .ant-statistic-content-value').innerText(),
      ),
    ).toBe(total);
    await page.locator('[data-testid="chart-lights"] canvas').waitFor();
    await page.locator('[data-testid="chart-groups"] canvas').waitFor();

    const card = page.getByTestId('headline-card').first();
    const code = (await card.getAttribute('data-indicator'))!;
    const indicator = (
      await getJson<{ code: string; measure: Measure; decimals: number; unit: string }[]>(
        server.url,
        '/indicators',
      )
    ).find((i) => i.code === code)!;
    const series = await getJson<Series>(
      server.url,
      `/indicators/${code}/series?unit=${plan.unitCode}&from=${plan.year - 1}01`,
    );
    const headline = computeHeadline(series.points, indicator.measure)!;
    // Chinese counts read in 万 and 亿 (the magnitude joins the unit): read the card back to a number.
    const shownValue = Number(
      (await card.getByTestId('headline-value').innerText()).replace(/,/g, ''),
    );
    const shownUnit = await card.locator('.unit').innerText();
    const scale =
      shownUnit.startsWith('亿') && !indicator.unit.startsWith('亿')
        ? 1e8
        : shownUnit.startsWith('万') && !indicator.unit.startsWith('万')
          ? 1e4
          : 1;
    expect(shownValue * scale).toBeCloseTo(
      headline.value,
      scale === 1 ? indicator.decimals : 1 - Math.log10(scale),
    );

    const lagging = flattenTargets(tree).filter((t) =>
      ['red', 'yellow'].includes(t.target.assessment.light),
    );
    expect(await rowsOf(page, 'lagging-table').count()).toBe(lagging.length);
    await saveScreenshot(page, 'overview', { forDocs: true });
    fs.mkdirSync(path.join(repoRoot, 'artifacts'), { recursive: true });
    fs.writeFileSync(
      path.join(repoRoot, 'artifacts', 'overview-timing.json'),
      JSON.stringify({ interactiveMs }, null, 2),
    );
    console.log(`e2e: Overview interactive after ${interactiveMs} ms`);
    expect(errors).toEqual([]);
  });

  it('shows the big screen at 1920×1080 with the same counts', async () => {
    const { page, errors } = await open({ width: 1920, height: 1080 });
    await page.goto(`${server.url}/?screen=big`);
    await page.getByTestId('bs-total').waitFor();
    for (const l of lights)
      expect(Number(await page.getByTestId(`bs-${l}`).innerText()), l).toBe(summary.lights[l]);
    await page.waitForTimeout(600);
    await saveScreenshot(page, 'big-screen', { forDocs: true, fullPage: false });
    await page.getByTestId('exit-big-screen').click();
    await page.getByTestId('stat-total').waitFor();
    expect(errors).toEqual([]);
  });

  it('shows the plan tree with every target, filters it, and exports what it shows', async () => {
    const { page, errors } = await open();
    await page.goto(`${server.url}/plans/${plan.id}`);
    await page.getByTestId('plan-table').waitFor();
    const allTargets = flattenTargets(tree);
    await expect.poll(() => page.locator('tr.node-row-target').count()).toBe(allTargets.length);

    const measured = allTargets.find((t) => t.target.assessment.shareOfTarget !== null)!.target;
    const row = page.locator('tr.node-row-target', {
      has: page.locator(`[data-target-id="${measured.id}"]`),
    });
    expect(await row.getByTestId('share').innerText()).toBe(
      formatShare(measured.assessment.shareOfTarget),
    );
    await saveScreenshot(page, 'plan', { forDocs: true, fullPage: false });

    await page.goto(`${server.url}/plans/${plan.id}?light=red`);
    await expect.poll(() => page.locator('tr.node-row-target').count()).toBe(summary.lights.red);
    await expect
      .poll(() => page.getByTestId('matched-count').innerText())
      .toContain(String(summary.lights.red));

    await page.goto(`${server.url}/plans/${plan.id}`);
    await page.getByTestId('plan-search').locator('input').fill('停车');
    await page.getByTestId('plan-search').locator('input').press('Enter');
    const expected = filterPlanRows(toPlanRows(tree), { search: '停车' });
    await expect
      .poll(() => page.locator('tr.node-row-target').count())
      .toBe(flattenRows(expected).filter((r) => r.row.kind === 'target').length);

    await page.getByTestId('collapse-all').click();
    await expect.poll(() => page.locator('tr.node-row-target').count()).toBe(0);
    await page.getByTestId('expand-all').click();
    const shown = await page.locator('tbody tr.plan-row').count();
    expect(shown).toBe(flattenRows(expected).length);

    const { rows, fileName } = await readXlsx(
      await downloadBy(page, () => page.getByTestId('export-xlsx').click()),
    );
    expect(fileName).toMatch(/\.xlsx$/);
    expect(rows[0]![0]).toBe('层级');
    expect(rows.length - 1).toBe(shown);
    expect(errors).toEqual([]);
  });

  it('shows a target with its figures, chart, observations and audit, exports them and prints on A4', async () => {
    const item = flattenTargets(tree).find(
      (t) => t.target.assessment.light === 'yellow' && t.target.measure === 'flow',
    )!;
    const detail = await getJson<TargetDetail>(server.url, `/targets/${item.target.id}`);
    const { page, errors } = await open();
    await page.goto(`${server.url}/targets/${item.target.id}`);
    await page.getByTestId('target-metric').waitFor();
    const a = detail.target.assessment;
    expect(await page.getByTestId('target-actual').innerText()).toBe(
      formatNumber(a.actual, detail.target.indicator?.decimals ?? 2),
    );
    expect(await page.getByTestId('target-share').innerText()).toBe(formatShare(a.shareOfTarget));
    expect(await page.getByTestId('target-reason').innerText()).toBe(a.reason.zh);
    await page.locator('[data-testid="target-chart"] canvas').waitFor();
    await page.getByTestId('observations-table').waitFor();
    await page.waitForTimeout(400);
    await saveScreenshot(page, 'target', { forDocs: true });

    const tableRows = await rowsOf(page, 'observations-table').count();
    expect(tableRows).toBeGreaterThan(0);
    const headers = await tableHeaders(page, 'observations-table');
    const { rows } = await readXlsx(
      await downloadBy(page, () => page.getByTestId('export-observations').click()),
    );
    expect(rows[0]).toEqual(headers);
    expect(rows.length - 1).toBe(tableRows);

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.shell-sider').isVisible()).toBe(false);
    expect(await page.getByTestId('export-observations').isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    fs.writeFileSync(path.join(repoRoot, 'artifacts', 'target-a4.pdf'), pdf);
    expect(pdf.subarray(0, 4).toString()).toBe('%PDF');
    expect(errors).toEqual([]);
  });

  it('drills an indicator down from the district to a town and back', async () => {
    const code = 'RETAIL';
    const series = await getJson<Series>(
      server.url,
      `/indicators/${code}/series?unit=${plan.unitCode}`,
    );
    const period = [...series.points]
      .reverse()
      .find((p) => p.value !== null && p.periodId.length === 6)!.periodId;
    const breakdown = await getJson<Breakdown>(
      server.url,
      `/indicators/${code}/breakdown?unit=${plan.unitCode}&period=${period}`,
    );
    const { page, errors } = await open();
    await page.goto(`${server.url}/indicators/${code}`);
    await expect
      .poll(() => page.getByTestId('current-unit').getAttribute('data-unit'))
      .toBe(plan.unitCode);
    await page.getByTestId('breakdown-table').waitFor();
    await expect.poll(() => rowsOf(page, 'breakdown-table').count()).toBe(breakdown.length);
    const first = breakdown[0]!;
    expect(await rowsOf(page, 'breakdown-table').first().innerText()).toContain(
      formatNumber(first.value, 2),
    );
    await page.locator('[data-testid="series-chart"] canvas').waitFor();
    await page.waitForTimeout(400);
    await saveScreenshot(page, 'indicators-district', { forDocs: true });

    const headers = await tableHeaders(page, 'breakdown-table');
    const { rows } = await readXlsx(
      await downloadBy(page, () => page.getByTestId('export-breakdown').click()),
    );
    expect(rows[0]!.slice(0, headers.length)).toEqual(headers);
    expect(rows.length - 1).toBe(breakdown.length);

    await page.locator(`[data-testid="drill"][data-unit="${first.unitCode}"]`).click();
    await expect
      .poll(() => page.getByTestId('current-unit').getAttribute('data-unit'))
      .toBe(first.unitCode);
    expect(await page.getByTestId('current-unit').innerText()).toBe(first.unitName);
    const townSeries = await getJson<Series>(
      server.url,
      `/indicators/${code}/series?unit=${first.unitCode}`,
    );
    const newest = toPeriodRows(townSeries.points, 'flow')[0]!;
    await page.getByTestId('period-table').waitFor();
    expect(await rowsOf(page, 'period-table').first().innerText()).toContain(
      formatNumber(newest.value, 2),
    );
    await page.locator('[data-testid="series-chart"] canvas').waitFor();
    await page.waitForTimeout(400);
    await saveScreenshot(page, 'indicators-town');

    await page.getByTestId('drill-up').click();
    await expect
      .poll(() => page.getByTestId('current-unit').getAttribute('data-unit'))
      .toBe(plan.unitCode);
    await page.goBack();
    await expect
      .poll(() => page.getByTestId('current-unit').getAttribute('data-unit'))
      .toBe(first.unitCode);
    expect(errors).toEqual([]);
  });

  it('switches the language to English and back', async () => {
    // Closed by default: the cockpit sends an anonymous visitor to log in, then back.
    const { page, errors } = await open(undefined, true);
    await page.goto(`${server.url}/`);
    await page.waitForURL((url) => url.pathname === '/login');
    await submitLogin(page, 'viewer');
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('stat-total').waitFor();
    await page.getByTestId('lang-switch').getByText('English', { exact: true }).click();
    await expect.poll(() => page.getByTestId('side-menu').innerText()).toContain('Overview');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.getByTestId('stat-red').innerText()).toContain('Red · off track');
    if (summary.lights.red > 0)
      expect(await page.getByTestId('lagging-table').innerText()).toContain('red');
    await page.waitForTimeout(400);
    await saveScreenshot(page, 'overview-en', { forDocs: true });
    await page.reload();
    await expect.poll(() => page.getByTestId('side-menu').innerText()).toContain('Indicators');
    await page.getByTestId('lang-switch').getByText('中文', { exact: true }).click();
    await expect.poll(() => page.getByTestId('side-menu').innerText()).toContain('概览');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    expect(errors).toEqual([]);
  });

  it('shows a department’s targets and its empty indicators, and a town’s indicators', async () => {
    const units = await getJson<UnitView[]>(server.url, '/units');
    const lead = flattenTargets(tree).find((t) => t.leadUnits.length > 0)!.leadUnits[0]!;
    const dept = units.find((u) => u.code === lead.code)!;
    const expected = flattenTargets(tree).filter(
      (t) =>
        t.leadUnits.some((u) => u.code === dept.code) ||
        t.coUnits.some((u) => u.code === dept.code),
    );
    const { page, errors } = await open();
    await page.goto(`${server.url}/units/${dept.code}`);
    await page.getByTestId('unit-name').waitFor();
    await expect.poll(() => rowsOf(page, 'unit-targets').count()).toBe(expected.length);
    if (dept.kind === 'department')
      await expect
        .poll(() => page.locator('[data-state="empty"]').allInnerTexts())
        .toContainEqual(expect.stringContaining('该单位暂无指标数据'));
    await saveScreenshot(page, 'unit-department');

    const town = units.find((u) => u.kind === 'region' && u.parentId !== null)!;
    await page.goto(`${server.url}/units/${town.code}`);
    await expect
      .poll(() => rowsOf(page, 'unit-indicators').count(), { timeout: 20_000 })
      .toBeGreaterThan(0);
    await saveScreenshot(page, 'unit-town', { forDocs: true });
    expect(errors).toEqual([]);
  });

  it('renders the API docs (Swagger UI) under the Content-Security-Policy', async () => {
    const { page, errors } = await open();
    const refused: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text())) refused.push(m.text());
    });
    await page.goto(`${server.url}/api/docs`);
    await page.locator('.swagger-ui .opblock').first().waitFor();
    expect(await page.locator('.swagger-ui .opblock').count()).toBeGreaterThan(20);
    expect(refused).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('says what went wrong when the API fails or a target does not exist, and retries', async () => {
    const { page } = await open();
    const missing = await page.context().request.get(`${server.url}/api/targets/does-not-exist`);
    const body = (await missing.json()) as { message: string };
    await page.goto(`${server.url}/targets/does-not-exist`);
    await expect.poll(() => page.getByTestId('error-message').innerText()).toBe(body.message);
    await saveScreenshot(page, 'error-not-found');

    // The Overview reads its lights off the plan tree (one assessment), so the tree's request is the one to break.
    await page.route('**/api/plans/*', (route) => route.abort('failed'));
    await page.goto(`${server.url}/`);
    await expect
      .poll(() => page.getByTestId('error-message').innerText())
      .toContain('无法连接服务器');
    await saveScreenshot(page, 'error-network');
    await page.unroute('**/api/plans/*');
    await page.getByTestId('retry').click();
    await page.getByTestId('stat-total').waitFor();

    await page.route('**/api/plans/*', async (route) => {
      await new Promise((r) => setTimeout(r, 5000));
      await route.continue();
    });
    await page.reload();
    await page.getByText('网络较慢，仍在加载…').waitFor({ timeout: 10_000 });
    await saveScreenshot(page, 'slow-network');
    await page.getByTestId('stat-total').waitFor({ timeout: 15_000 });
  });
});
