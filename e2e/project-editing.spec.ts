/**
 * Journey of the project office editing a key project on the Shapingba demo: the planner raises
 * a blocker and takes it to 待销号 with evidence, gives the 开工 node its planned date, approves
 * the baseline, moves the forecast (the baseline stays, the slip shows), and reports a month's
 * investment for review. Each step is read back from the API, not only from the page.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  BlockerView,
  MilestoneView,
  ProjectInvestmentView,
  ProjectView,
} from '../src/contract/project.ts';
import { daysBetween } from '../src/core/period.ts';
import {
  getJson,
  hasChromium,
  saveScreenshot,
  startDemoJourney,
  type DemoJourney,
  type DemoServer,
  type WatchedPage,
} from './support.ts';

describe.skipIf(!hasChromium)('editing a key project in the cockpit', () => {
  let journey: DemoJourney;
  let server: DemoServer;
  let watched: WatchedPage;
  let road: ProjectView;

  beforeAll(async () => {
    journey = await startDemoJourney();
    server = journey.server;
    const projects = await getJson<ProjectView[]>(server.url, '/projects');
    const found = projects.find((p) => p.name.includes('歌乐山'));
    if (!found) throw new Error('the demo has no 歌乐山 project');
    road = found;
    // The district's planner holds project.write over every unit.
    watched = await journey.open('planner');
  });
  afterAll(() => journey?.close());

  const api = <T>(suffix: string) =>
    getJson<T>(server.url, `/projects/${encodeURIComponent(road.code)}${suffix}`);

  it('raises a blocker, works on it and resolves it with evidence', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/projects/${encodeURIComponent(road.code)}`);
    const before = await api<BlockerView[]>('/blockers');
    await page.getByTestId('blocker-raise').click();
    await page.getByTestId('blocker-description').fill('征拆剩余3户未签约，影响施工便道');
    await page.getByTestId('blocker-due').fill('2026-12-31');
    await page.getByTestId('blocker-raise-ok').click();
    await expect
      .poll(async () => (await api<BlockerView[]>('/blockers')).length)
      .toBe(before.length + 1);
    const raised = (await api<BlockerView[]>('/blockers')).find((b) =>
      b.description.startsWith('征拆剩余3户'),
    );
    if (!raised) throw new Error('the blocker was not raised');
    expect(raised.state).toBe('open');
    expect(raised.unit.code).toBe(road.unit.code);

    await page.getByTestId(`blocker-${raised.id}-in-progress`).click();
    await expect
      .poll(
        async () => (await api<BlockerView[]>('/blockers')).find((b) => b.id === raised.id)?.state,
      )
      .toBe('in-progress');
    await page.getByTestId(`blocker-${raised.id}-resolved`).click();
    await page.getByTestId('blocker-move-text').fill('3户已签约腾房，便道已贯通');
    await page.getByTestId('blocker-move-ok').click();
    await expect
      .poll(async () => (await api<BlockerView[]>('/blockers')).find((b) => b.id === raised.id))
      .toMatchObject({ state: 'resolved', evidence: '3户已签约腾房，便道已贯通' });
    await saveScreenshot(page, 'project-blocker-resolved', { forDocs: true });
    expect(watched.errors).toEqual([]);
  });

  it('plans a node, approves the baseline and shows the slip when the forecast moves', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/projects/${encodeURIComponent(road.code)}`);
    const node = 'acceptance';
    await page.getByTestId(`milestone-edit-${node}`).click();
    await page.getByTestId('milestone-planned').fill('2026-12-20');
    await page.getByTestId('milestone-ok').click();
    const nodeOf = async () =>
      (await api<MilestoneView[]>('/milestones')).find((m) => m.node === node);
    await expect.poll(async () => (await nodeOf())?.plannedDate).toBe('2026-12-20');

    await page.getByTestId('baseline-open').click();
    // A re-baseline needs a reason; a first approval does not, and either way a reason is kept.
    await page.getByTestId('baseline-reason').fill('区政府专题会审定节点计划');
    await page.getByTestId('baseline-ok').click();
    await expect.poll(async () => (await nodeOf())?.baselineDate).toBe('2026-12-20');

    await page.getByTestId(`milestone-edit-${node}`).click();
    await page.getByTestId('milestone-forecast').fill('2027-01-19');
    await page.getByTestId('milestone-ok').click();
    // Slip against the baseline, in days, from the dates themselves.
    await expect
      .poll(async () => (await nodeOf())?.slipDays)
      .toBe(daysBetween('2026-12-20', '2027-01-19'));
    expect((await nodeOf())?.baselineDate).toBe('2026-12-20');
    await expect
      .poll(() => page.getByTestId('project-milestones').innerText())
      .toContain(String(daysBetween('2026-12-20', '2027-01-19')));
    await saveScreenshot(page, 'project-milestones-edited', { forDocs: true });
    expect(watched.errors).toEqual([]);
  });

  it('reports a month’s investment in 万元 and submits it for review', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/projects/${encodeURIComponent(road.code)}`);
    const investment = await api<ProjectInvestmentView>('/investment');
    await page.getByTestId('investment-entry').waitFor();
    await page
      .locator('[data-testid="investment-entry"] input.ant-input-number-input')
      .fill('1234.5');
    await page.getByTestId('investment-save').click();
    await expect
      .poll(async () => {
        const now = await api<ProjectInvestmentView>('/investment');
        return now.lines.filter((l) => l.state === 'submitted').length;
      })
      .toBe(investment.lines.filter((l) => l.state === 'submitted').length + 1);
    const submitted = (await api<ProjectInvestmentView>('/investment')).lines.find(
      (l) =>
        l.state === 'submitted' &&
        !investment.lines.some((o) => o.periodId === l.periodId && o.state === 'submitted'),
    );
    // 1234.5 万元 in yuan.
    expect(submitted?.actualYuan).toBe(12_345_000);
    await saveScreenshot(page, 'project-investment-entered', { forDocs: true });
    expect(watched.errors).toEqual([]);
  });

  it('creates a project in the registry and its owner edits its progress and stage', async () => {
    const { page } = watched;
    await page.goto(`${server.url}/projects`);
    await page.getByTestId('project-new').click();
    await page.getByTestId('project-code').fill('XM2025-E2E');
    await page.getByTestId('project-name').fill('磁器口后街停车楼');
    await page.getByTestId('project-unit').click();
    await page.keyboard.type(road.unit.name);
    await page
      .locator('.ant-select-item-option')
      .filter({ hasText: road.unit.name })
      .first()
      .click();
    await page
      .locator('[data-testid="project-total"] input, input[data-testid="project-total"]')
      .first()
      .fill('1.25');
    await page.getByTestId('project-start').fill('2025-06');
    await page.getByTestId('project-form-ok').click();
    await expect.poll(() => page.url()).toContain('/projects/XM2025-E2E');
    const created = await getJson<ProjectView>(server.url, '/projects/XM2025-E2E');
    expect(created).toMatchObject({
      name: '磁器口后街停车楼',
      unit: { code: road.unit.code },
      totalInvestmentYuan: 125_000_000,
      startDate: '2025-06',
      stage: 'reserve',
    });

    await page.getByTestId('project-edit').click();
    await page.getByTestId('project-progress').fill('桩基完成60%');
    await page.getByTestId('project-stage').click();
    await page.locator('.ant-select-item-option').filter({ hasText: '前期' }).first().click();
    await page.getByTestId('project-form-ok').click();
    await expect
      .poll(
        async () => (await getJson<ProjectView>(server.url, '/projects/XM2025-E2E')).progressNote,
      )
      .toBe('桩基完成60%');
    const edited = await getJson<ProjectView>(server.url, '/projects/XM2025-E2E');
    expect(edited.stage).toBe('preparation');
    expect(edited.version).toBe(created.version + 1);
    await saveScreenshot(page, 'project-created', { forDocs: true });
    expect(watched.errors).toEqual([]);
  });
});
