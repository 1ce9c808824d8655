/**
 * The planner's journey in the plan editor on the demo (adopted on start): reopen the plan
 * with a reason, correct a target's figure and due period, create the indicator a proposal
 * describes, mark a target qualitative, set a task's units, see what changed since adoption,
 * adopt again; an edit against a stale version reloads instead of overwriting; the light
 * thresholds are set on the settings page. Each write is checked through the API.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanChanges, PlanListItem } from '../src/contract/plan.ts';
import type { LightThresholdsData } from '../web/app/api.ts';
import { planEditorSteps } from './plan-support.ts';
import {
  hasChromium,
  logInOnPage,
  saveScreenshot,
  startDemoJourney,
  type DemoJourney,
  type DemoServer,
  type WatchedPage,
} from './support.ts';

describe.skipIf(!hasChromium)('the plan editor in the browser', () => {
  let journey: DemoJourney;
  let server: DemoServer;
  let watched: WatchedPage;
  let page: Page;
  let planId: string;
  const { read, tree, targetOf, nodeOf, inputOf, openEditor, saveEditor } = planEditorSteps(() => ({
    page,
    baseUrl: server.url,
    planId,
  }));

  beforeAll(async () => {
    journey = await startDemoJourney();
    server = journey.server;
    watched = await journey.open();
    page = watched.page;
    await logInOnPage(page, server.url, 'planner', '/plans');
    await page.waitForURL(/\/plans\//);
    [{ id: planId }] = (await read<PlanListItem[]>('/plans')) as [PlanListItem];
  });
  afterAll(() => journey?.close());

  it('opens the demo plan adopted, and reopens it only with a reason', async () => {
    await expect.poll(() => page.getByTestId('plan-status').textContent()).toBe('已通过');
    await page.getByTestId('plan-reopen').click();
    await expect.poll(() => page.getByTestId('plan-reopen-ok').isDisabled()).toBe(true);
    await page.getByTestId('plan-reopen-reason').fill('人大审议后调整');
    await page.getByTestId('plan-reopen-ok').click();
    await expect.poll(() => page.getByTestId('plan-status').textContent()).toBe('草案');
    expect((await tree()).status).toBe('draft');
  });

  it('corrects a target’s figure and due period, audited with the reason', async () => {
    const before = await targetOf('公共停车泊位');
    expect(before).toMatchObject({ value: 1000, duePeriodId: '2025' });
    await openEditor('公共停车泊位');
    await inputOf('editor-value').fill('1100');
    await page.getByTestId('editor-due').fill('2025Q4');
    await page.getByTestId('editor-reason').fill('区交通局确认可达1100个');
    await saveScreenshot(page, 'plan-editor', { forDocs: true, fullPage: false });
    await saveEditor();
    const after = await targetOf('公共停车泊位');
    expect(after).toMatchObject({
      value: 1100,
      duePeriodId: '2025Q4',
      version: before.version + 1,
      isEdited: true,
    });
  });

  it('creates the indicator the importer proposed and links the target', async () => {
    const before = await targetOf('公共文化新空间');
    expect(before.indicator).toBeNull();
    await openEditor('公共文化新空间');
    await page.getByTestId('editor-proposal').waitFor();
    await page.getByTestId('create-indicator').click();
    await page.getByTestId('new-indicator-code').fill('CULTURE_SPACES');
    await page.getByTestId('new-indicator-save').click();
    await page.getByTestId('target-editor').waitFor({ state: 'detached' });
    expect((await targetOf('公共文化新空间')).indicator).toMatchObject({
      code: 'CULTURE_SPACES',
      unit: '个',
    });
  });

  it('marks a target qualitative', async () => {
    await openEditor('有场景、惠民生的街巷');
    await page.locator('[data-testid="editor-kind"] input[value="qualitative"]').check();
    await saveEditor();
    expect((await targetOf('有场景、惠民生的街巷')).kind).toBe('qualitative');
  });

  it('sets a task’s co units, confirming the suggestion', async () => {
    const before = await nodeOf('二/(一)/3');
    const co = before.units.filter((u) => u.role === 'co');
    expect(co.length).toBeGreaterThan(0);
    await inputOf('plan-search').fill('');
    await inputOf('plan-search').press('Enter');
    await page.locator(`[data-testid="edit-units"][data-node-id="${before.id}"]`).click();
    await page.getByTestId('units-editor').waitFor();
    // Remove the first co unit's tag.
    await page
      .locator('[data-testid="units-co"] .ant-select-selection-item-remove')
      .first()
      .click();
    await page.getByTestId('units-save').click();
    await page.getByTestId('units-editor').waitFor({ state: 'detached' });
    const after = await nodeOf('二/(一)/3');
    expect(after.units.filter((u) => u.role === 'co').map((u) => u.code)).toEqual(
      co.slice(1).map((u) => u.code),
    );
    expect(after.units.every((u) => !u.isSuggested)).toBe(true);
  });

  it('reloads instead of overwriting when someone else edited the target first', async () => {
    const target = await targetOf('公共停车泊位');
    await openEditor('公共停车泊位');
    // Another planner saves first, through the API with the same session's CSRF token.
    const session = await read<{ csrfToken: string }>('/session');
    const other = await page.context().request.patch(`${server.url}/api/targets/${target.id}`, {
      headers: { 'x-csrf-token': session.csrfToken },
      data: { version: target.version, value: 1150, reason: '另一位规划员' },
    });
    expect(other.status()).toBe(200);
    await inputOf('editor-value').fill('1300');
    await page.getByTestId('editor-save').click();
    await page.locator('.ant-message').getByText('已被他人修改').waitFor();
    expect((await targetOf('公共停车泊位')).value).toBe(1150);
  });

  it('lists what changed since adoption, then adopts the plan again', async () => {
    await page.getByTestId('plan-changes').click();
    const drawer = page.getByTestId('changes-drawer');
    await drawer.getByTestId('changes-table').waitFor();
    const text = (await drawer.textContent()) ?? '';
    expect(text).toContain('公共停车泊位');
    expect(text).toContain('目标值：1000 → 1150');
    expect(text).toContain('期限：2025 → 2025Q4');
    expect(text).toContain('人大审议后调整');
    const changes = await read<PlanChanges>(`/plans/${planId}/changes`);
    expect(changes.changes.map((c) => c.label)).toEqual(
      expect.arrayContaining(['公共停车泊位', '公共文化新空间', '有场景、惠民生的街巷']),
    );
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    await page.getByTestId('plan-adopt').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect.poll(() => page.getByTestId('plan-status').textContent()).toBe('已通过');
    expect((await read<PlanChanges>(`/plans/${planId}/changes`)).changes).toEqual([]);
    expect(watched.errors).toEqual([]);
  });

  it('sets the flow targets’ yellow band on the settings page', async () => {
    await page.goto(`${server.url}/settings`);
    const input = inputOf('threshold-flowYellowPoints');
    await expect.poll(async () => Number(await input.inputValue())).toBe(10);
    await input.fill('5');
    await page.getByTestId('thresholds-save').click();
    await page.locator('.ant-message').getByText('已保存').waitFor();
    const saved = await read<LightThresholdsData>('/settings/light-thresholds');
    expect(saved).toMatchObject({ version: 1, thresholds: { flowYellowPoints: 5 } });
    expect(watched.errors).toEqual([]);
  });
});
