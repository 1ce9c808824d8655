/**
 * The planner's day on the demo (issue 11 item 9), in one browser session: the planner logs in
 * and lands on the Overview — a planner answers for the whole plan, so the day starts from
 * what lags (lights, headline figures, lagging targets), with the plan one click away; then
 * reopens the adopted plan, links a target to an indicator found by search, corrects a figure,
 * accepts a target the importer proposed, reads what changed since adoption and adopts the
 * plan again; sets a light threshold; writes a 批示 on a lagging target; looks at the warnings
 * and the 报告 page and generates the 月通报. Every step is read back from the API.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocumentView } from '../src/contract/document.ts';
import type {
  PlanChanges,
  PlanHeadlines,
  PlanListItem,
  PlanSummary,
} from '../src/contract/plan.ts';
import type { WarningView } from '../src/contract/warning.ts';
import type { LightThresholdsData } from '../web/app/api.ts';
import { allNodes, planEditorSteps } from './plan-support.ts';
import {
  hasChromium,
  logInOnPage,
  saveScreenshot,
  startDemoJourney,
  type DemoJourney,
  type DemoServer,
  type WatchedPage,
} from './support.ts';

describe.skipIf(!hasChromium)('the planner’s day in the browser', () => {
  let journey: DemoJourney;
  let server: DemoServer;
  let watched: WatchedPage;
  let page: Page;
  let planId: string;
  const { read, tree, targetOf, inputOf, openEditor, saveEditor } = planEditorSteps(() => ({
    page,
    baseUrl: server.url,
    planId,
  }));

  beforeAll(async () => {
    journey = await startDemoJourney();
    server = journey.server;
    watched = await journey.open();
    page = watched.page;
  });
  afterAll(() => journey?.close());

  it('logs in and lands on the Overview, with the lights and headline figures of the plan', async () => {
    await logInOnPage(page, server.url, 'planner');
    expect(new URL(page.url()).pathname).toBe('/');
    [{ id: planId }] = (await read<PlanListItem[]>('/plans')) as [PlanListItem];
    const summary = await read<PlanSummary>(`/plans/${planId}/summary`);
    await page.getByTestId('overview-ready').waitFor();
    const total = Object.values(summary.lights).reduce((s, n) => s + n, 0);
    await expect
      .poll(() =>
        page.locator('[data-testid="stat-total"] .ant-statistic-content-value').innerText(),
      )
      .toBe(String(total));
    const headlines = await read<PlanHeadlines>(`/plans/${planId}/headlines`);
    const cards = page.getByTestId('headline-card');
    expect(await cards.count()).toBe(headlines.items.length);
    expect(await cards.first().getAttribute('data-indicator')).toBe(
      headlines.items[0]?.indicator.code,
    );
    await saveScreenshot(page, 'planner-day-overview', { forDocs: true, fullPage: false });
  });

  it('opens the plan from the Overview and reopens it with a reason', async () => {
    await page.getByRole('button', { name: '查看计划' }).click();
    await page.waitForURL((url) => url.pathname === `/plans/${planId}`);
    await expect.poll(() => page.getByTestId('plan-status').textContent()).toBe('已通过');
    await page.getByTestId('plan-reopen').click();
    await page.getByTestId('plan-reopen-reason').fill('年中调整计划目标');
    await page.getByTestId('plan-reopen-ok').click();
    await expect.poll(() => page.getByTestId('plan-status').textContent()).toBe('草案');
    expect((await tree()).status).toBe('draft');
  });

  it('links a target to the indicator it finds by searching the registry', async () => {
    const metric = '续建老旧小区改造面积';
    expect((await targetOf(metric)).indicator).toBeNull();
    await openEditor(metric);
    const select = page.getByTestId('editor-indicator');
    await select.click();
    await select.locator('input').fill('老旧小区');
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: 'OLD_RESIDENTIAL_RENOVATED' })
      .click();
    await page.getByTestId('editor-reason').fill('按区住建委口径关联指标');
    await saveEditor();
    expect((await targetOf(metric)).indicator).toMatchObject({
      code: 'OLD_RESIDENTIAL_RENOVATED',
    });
  });

  it('corrects a figure, audited with its reason', async () => {
    const before = await targetOf('公共停车泊位');
    await openEditor('公共停车泊位');
    await inputOf('editor-value').fill('1200');
    await page.getByTestId('editor-reason').fill('区交通局确认年度可达1200个');
    await saveEditor();
    expect(await targetOf('公共停车泊位')).toMatchObject({
      value: 1200,
      version: before.version + 1,
      isEdited: true,
    });
  });

  it('accepts a target the importer proposed', async () => {
    const metric = '整车进出口';
    expect((await targetOf(metric)).status).toBe('proposed');
    await openEditor(metric);
    // Button-style radios: the input is hidden, its label is what a person clicks.
    await page
      .locator('[data-testid="editor-status"] label', {
        has: page.locator('input[value="accepted"]'),
      })
      .click();
    await saveEditor();
    expect((await targetOf(metric)).status).toBe('accepted');
  });

  it('reads what changed since adoption, then adopts the plan again', async () => {
    await inputOf('plan-search').fill('');
    await inputOf('plan-search').press('Enter');
    await page.getByTestId('plan-changes').click();
    const drawer = page.getByTestId('changes-drawer');
    await drawer.getByTestId('changes-table').waitFor();
    const changes = await read<PlanChanges>(`/plans/${planId}/changes`);
    expect(changes.changes.map((c) => c.label)).toEqual(
      expect.arrayContaining(['续建老旧小区改造面积', '公共停车泊位', '整车进出口']),
    );
    const text = (await drawer.textContent()) ?? '';
    expect(text).toContain('目标值：1000 → 1200');
    expect(text).toContain('年中调整计划目标');
    expect(text).toContain('确认状态：待确认 → 已接受');
    expect(text).toContain('退回草案');
    await saveScreenshot(page, 'planner-day-changes', { forDocs: true, fullPage: false });
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    await page.getByTestId('plan-adopt').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('plan-status').textContent()).toBe('已通过');
    expect((await tree()).status).toBe('adopted');
    expect((await read<PlanChanges>(`/plans/${planId}/changes`)).changes).toEqual([]);
  });

  it('narrows the yellow band of flow targets on the settings page', async () => {
    await page.goto(`${server.url}/settings`);
    const input = inputOf('threshold-flowYellowPoints');
    await expect.poll(async () => Number(await input.inputValue())).toBe(10);
    await input.fill('8');
    await page.getByTestId('thresholds-save').click();
    await page.locator('.ant-message').getByText('已保存').waitFor();
    const saved = await read<LightThresholdsData>('/settings/light-thresholds');
    expect(saved.thresholds.flowYellowPoints).toBe(8);
  });

  it('writes a 批示 on a lagging target', async () => {
    const lagging = allNodes((await tree()).nodes)
      .flatMap((n) => n.targets)
      .find((t) => t.assessment.light === 'red');
    if (!lagging) throw new Error('the demo has no red target');
    await page.goto(`${server.url}/targets/${lagging.id}`);
    const panel = page.getByTestId('comment-panel');
    const words = '请牵头单位说明滞后原因，提出追赶措施，月底前报区发展改革委。';
    await panel.getByTestId('comment-body').fill(words);
    await panel.getByTestId('comment-instruction').check();
    await panel.getByTestId('comment-send').click();
    await expect
      .poll(() => panel.getByTestId('comment-thread').first().textContent())
      .toContain(words);
    const { threads } = await read<{ threads: { kind: string; body: string }[] }>(
      `/comments?subjectKind=target&subjectId=${lagging.id}`,
    );
    expect(threads).toContainEqual(expect.objectContaining({ kind: 'instruction', body: words }));
    await panel.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'planner-day-instruction', { forDocs: true, fullPage: false });
  });

  it('looks at the open warnings', async () => {
    const open = await read<WarningView[]>('/warnings?state=open');
    expect(open.length).toBeGreaterThan(0);
    await page.goto(`${server.url}/warnings`);
    const inbox = page.getByTestId('warnings-inbox');
    await expect
      .poll(() => inbox.locator('tbody tr[data-row-key]').count())
      .toBe(Math.min(open.length, 20));
    expect(await inbox.locator('tbody tr[data-row-key]').first().getAttribute('data-row-key')).toBe(
      open[0]?.id,
    );
  });

  it('generates the 月通报 on the 报告 page', async () => {
    await page.goto(`${server.url}/documents`);
    await page.getByTestId('generate-monthly-bulletin').click();
    const archive = page.getByTestId('documents-archive');
    await expect.poll(() => archive.locator('tbody tr[data-row-key]').count()).toBe(1);
    const [stored] = await read<DocumentView[]>('/documents');
    expect(stored).toMatchObject({ version: 1 });
    const { dataThrough } = await tree();
    await expect
      .poll(() => archive.locator('tbody tr[data-row-key]').first().textContent())
      .toContain(dataThrough ?? 'missing');
    await saveScreenshot(page, 'planner-day-bulletin', { forDocs: true, fullPage: false });
    expect(watched.errors).toEqual([]);
  });
});
