/**
 * Journey of the planning office at a 旬调度 on the Shapingba demo: the planner opens the
 * dispatch list of 2025年10月上旬 (the demo's simulated slips, blocker and last meeting), exports
 * it, records the dekad's meeting with one decision that becomes a follow-up item and one that
 * becomes a blocker on a project, and marks the last meeting's overdue item done. Every step is
 * read back from the API, not only from the page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DispatchListView } from '../src/contract/dispatch.ts';
import type { BlockerView, ProjectView } from '../src/contract/project.ts';
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

const dekad = '202510D1';

describe.skipIf(!hasChromium)('旬调度: the dispatch list and the meeting record', () => {
  let journey: DemoJourney;
  let server: DemoServer;
  let watched: WatchedPage;
  let river: ProjectView;

  beforeAll(async () => {
    journey = await startDemoJourney();
    server = journey.server;
    const projects = await getJson<ProjectView[]>(server.url, '/projects');
    const found = projects.find((p) => p.code === 'XM2025-008');
    if (!found) throw new Error('the demo has no project XM2025-008');
    river = found;
    watched = await journey.open('planner');
  });
  afterAll(() => journey?.close());

  const list = () => getJson<DispatchListView>(server.url, `/dispatch/${dekad}`);
  const rowsOf = (page: Page, testId: string) =>
    page.locator(`[data-testid="${testId}"] tbody tr.ant-table-row`);
  /** Picks an option of an antd Select by typing and choosing the first match. */
  const choose = async (page: Page, testId: string, text: string) => {
    await page.getByTestId(testId).click();
    await page.keyboard.type(text);
    await page
      .locator('.ant-select-dropdown:visible .ant-select-item-option')
      .filter({ hasText: text })
      .first()
      .click();
  };

  it('opens the list of a demo dekad typed in, with the rows the API gives', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/projects`);
    await page.getByTestId('projects-dispatch-link').click();
    await expect.poll(() => page.url()).toContain('/projects/dispatch');
    await page.getByTestId('dispatch-period').fill(dekad);
    await page.getByTestId('dispatch-period').press('Enter');
    await expect.poll(() => page.url()).toContain(`period=${dekad}`);
    const expected = await list();
    expect(expected.slippingMilestones.length).toBeGreaterThan(0);
    await expect
      .poll(() => rowsOf(page, 'dispatch-behind').count())
      .toBe(expected.behindPlan.length);
    await expect
      .poll(() => rowsOf(page, 'dispatch-slipping').count())
      .toBe(expected.slippingMilestones.length);
    await expect
      .poll(() => rowsOf(page, 'dispatch-blockers').count())
      .toBe(expected.blockers.length);
    await expect.poll(() => rowsOf(page, 'dispatch-carried').count()).toBe(expected.carried.length);
    await expect
      .poll(() => page.getByTestId('dispatch-caption').innerText())
      .toContain('2025年10月上旬');

    const download = await downloadBy(page, () => page.getByTestId('dispatch-export').click());
    const sheet = await readXlsx(download);
    expect(sheet.fileName).toContain(dekad);
    expect(sheet.rows[0]?.[0]).toContain('2025年10月上旬重点项目调度清单（截至2025-10-10）');
    // Title, header, then one row per project behind plan.
    expect(sheet.rows.slice(2).map((r) => r[0])).toEqual(expected.behindPlan.map((p) => p.code));
  });

  it('records the meeting: one decision becomes a follow-up item, the other a blocker', async () => {
    const { page } = watched;
    const before = await getJson<BlockerView[]>(
      server.url,
      `/projects/${encodeURIComponent(river.code)}/blockers`,
    );
    await page.getByTestId('dispatch-record').click();
    await page.getByTestId('meeting-held-on').fill('2025-10-10');
    await page.getByTestId('meeting-chair').fill('分管副区长');
    await page.getByTestId('meeting-attendees').fill(`区发展改革委、${river.unit.name}`);

    await page.getByTestId('decision-add').click();
    await page.getByTestId('decision-text-0').fill('10月15日前完成梁滩河项目施工方案专家评审');
    await choose(page, 'decision-unit-0', river.unit.name);
    await page.getByTestId('decision-deadline-0').fill('2025-10-15');

    await page.getByTestId('decision-add').click();
    await page.getByTestId('decision-text-1').fill('河道清淤弃土场选址未落实，需协调用地');
    await choose(page, 'decision-kind-1', '项目卡点');
    await choose(page, 'decision-unit-1', river.unit.name);
    await page.getByTestId('decision-deadline-1').fill('2025-10-20');
    await choose(page, 'decision-project-1', river.code);
    await choose(page, 'decision-blocker-type-1', '用地');
    await page.getByTestId('dispatch-record-ok').click();

    await expect.poll(async () => (await list()).meeting?.decisions.length ?? 0).toBe(2);
    const meeting = (await list()).meeting;
    expect(meeting).toMatchObject({ heldOn: '2025-10-10', chair: '分管副区长', version: 1 });
    const [item, blockerDecision] = meeting?.decisions ?? [];
    expect(item).toMatchObject({
      kind: 'follow-up',
      unit: { code: river.unit.code },
      deadline: '2025-10-15',
      status: 'open',
      blockerId: null,
    });
    expect(blockerDecision).toMatchObject({
      kind: 'blocker',
      project: { code: river.code },
      deadline: '2025-10-20',
    });
    const after = await getJson<BlockerView[]>(
      server.url,
      `/projects/${encodeURIComponent(river.code)}/blockers`,
    );
    expect(after).toHaveLength(before.length + 1);
    expect(after.find((b) => b.id === blockerDecision?.blockerId)).toMatchObject({
      type: 'land',
      description: '河道清淤弃土场选址未落实，需协调用地',
      unit: { code: river.unit.code },
      dueDate: '2025-10-20',
      state: 'open',
    });
    await expect.poll(() => rowsOf(page, 'dispatch-decisions').count()).toBe(2);
  });

  it('marks the last meeting’s overdue item done, and prints without the controls', async () => {
    const { page } = watched;
    const overdue = (await list()).carried.find((d) => d.status === 'overdue');
    if (!overdue) throw new Error('the demo carries no overdue item');
    await page.getByTestId('dispatch-carried').getByTestId(`item-state-${overdue.seq}`).click();
    await page.getByTestId('item-state-note').fill('临时用电已接入（模拟）');
    await page.getByTestId('item-state-ok').click();
    await expect
      .poll(async () => (await list()).carried.some((d) => d.id === overdue.id))
      .toBe(false);
    await saveScreenshot(page, 'dispatch', { forDocs: true });
    await page.emulateMedia({ media: 'print' });
    expect(await page.getByTestId('dispatch-record').isVisible()).toBe(false);
    expect(await page.getByTestId('dispatch-caption').innerText()).toContain('打印日期');
    await page.emulateMedia({ media: 'screen' });
    expect(watched.errors).toEqual([]);
  });
});
