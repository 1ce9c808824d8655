/**
 * Journeys of data collection on the demo: the town reporter logs in, enters a value and
 * submits it; the reviewer approves it and the cockpit shows it approved; an upload with a bad
 * cell lists every bad cell and writes nothing; a good upload writes; a write without the CSRF
 * token is refused; task progress is filed and accepted from the plan page.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanListItem } from '../src/contract/plan.ts';
import type { EntryFormData, PlanProgress, StatusData } from '../web/app/api.ts';
import {
  demoPassword,
  diagnoseStep,
  downloadBy,
  getJson,
  hasChromium,
  saveScreenshot,
  startDemoJourney,
  tableRow as row,
  traceUploads,
  valueInput,
  type DemoJourney,
  type DemoServer,
  type UploadTrace,
  submitLogin,
} from './support.ts';

const town = '500106001';
/** A month of the demo with no values yet for the town: entered, submitted, approved. */
const entryPeriod = '202511';
/** Another empty month: the uploads. */
const uploadPeriod = '202510';

if (!hasChromium)
  console.warn(
    'e2e: /usr/bin/chromium is missing (apt-get install chromium fonts-noto-cjk); skipping',
  );

describe.skipIf(!hasChromium)('data collection in the browser', () => {
  let journey: DemoJourney;
  let server: DemoServer;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-e2e-upload-'));
  const open = () => journey.open();
  const form = (unit: string, period: string) =>
    getJson<EntryFormData>(server.url, `/collection/form?unit=${unit}&period=${period}`);
  const lineOf = (f: EntryFormData, code: string) => f.lines.find((l) => l.indicatorCode === code)!;

  /** Logs in through the login page, starting from `start` (which sends an anonymous user there). */
  const logIn = async (page: Page, username: string, start: string) => {
    await page.goto(`${server.url}${start}`);
    await page.waitForURL(/\/login\?next=/);
    await submitLogin(page, username);
    await page.waitForURL((url) => !url.pathname.startsWith('/login'));
    await expect
      .poll(() => page.getByTestId('user-menu').getAttribute('data-username'))
      .toBe(username);
  };
  /**
   * Chooses `file` in the upload panel, waits until the page shows that file's job finished
   * (done, rejected or failed), whatever the outcome, and expects it `expected`: a wrong outcome
   * fails on its status and error, not on a timeout. On failure the screenshot and every job
   * answer the page read go to artifacts/failures/<name>.*.
   */
  const uploadAndFinish = (
    page: Page,
    trace: UploadTrace,
    file: string,
    name: string,
    expected: 'done' | 'rejected',
  ) =>
    diagnoseStep(
      page,
      name,
      async () => {
        await page.locator('[data-testid="upload-panel"] input[type="file"]').setInputFiles(file);
        const finished = page.locator(
          `[data-testid="upload-job"][data-file-name="${path.basename(file)}"]` +
            ':is([data-status="done"], [data-status="rejected"], [data-status="failed"])',
        );
        await finished.waitFor();
        expect(await finished.getAttribute('data-status')).toBe(expected);
      },
      () => trace,
    );

  beforeAll(async () => {
    journey = await startDemoJourney();
    server = journey.server;
  });
  afterAll(async () => {
    await journey?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('lets the town reporter enter a value with the rules shown as they type, and submit it', async () => {
    const before = lineOf(await form(town, entryPeriod), 'RETAIL');
    expect(before.current).toBeNull();
    const lastYear = before.lastYearValue!;
    const { page, errors } = await open();
    await logIn(page, 'town-reporter', `/entry?unit=${town}&period=${entryPeriod}`);
    expect(new URL(page.url()).pathname).toBe('/entry');
    await row(page, 'entry-table', 'RETAIL').waitFor();
    expect(await page.getByTestId('user-roles').count()).toBe(0); // the menu is closed
    expect(await page.getByTestId('user-menu').innerText()).toContain('小龙坎街道');

    // A jump of +100% against last year needs a comment: the rule shows before any save.
    const input = valueInput(page, 'RETAIL');
    await input.fill(String(lastYear * 2));
    const retail = row(page, 'entry-table', 'RETAIL');
    await expect.poll(() => retail.getByTestId('yoy').innerText()).toBe('+100.0%');
    expect(await retail.locator('[data-rule="yoy-needs-comment"]').count()).toBe(1);

    // +10% passes; the cumulative follows.
    const value = Math.round(lastYear * 1.1 * 100) / 100;
    await input.fill(String(value));
    await expect.poll(() => retail.locator('[data-rule]').count()).toBe(0);
    expect(await retail.getByTestId('yoy').innerText()).toMatch(/^\+(9\.|10\.)/);
    expect(await retail.getByTestId('derived').innerText()).toContain('累计');
    expect(await retail.getByTestId('entry-rules').innerText()).toContain('50%');
    await saveScreenshot(page, 'entry', { forDocs: true });

    await page.getByTestId('entry-submit').click();
    // Submitting asks to confirm first.
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect
      .poll(() => retail.getByTestId('line-state').getAttribute('data-state'))
      .toBe('submitted');
    const after = lineOf(await form(town, entryPeriod), 'RETAIL');
    expect(after.current).toMatchObject({ value, state: 'submitted' });
    // Approved lines and other lines are untouched; other lines stay missing.
    expect(lineOf(await form(town, entryPeriod), 'IND_OUTPUT').current).toBeNull();
    expect(errors).toEqual([]);
  });

  it('sends an anonymous user to the login page and refuses the entry form to a reviewer', async () => {
    const { page } = await open();
    await page.goto(`${server.url}/review`);
    await page.waitForURL(/\/login\?next=%2Freview/);
    await submitLogin(page, 'reviewer', 'wrong-password');
    await page.getByTestId('login-error').waitFor();
    expect(await page.getByTestId('login-error').innerText()).not.toBe('');

    await page.getByTestId('login-password').fill(demoPassword);
    await page.getByTestId('login-submit').click();
    await page.waitForURL(/\/review/);
    await page.goto(`${server.url}/entry?unit=${town}&period=${entryPeriod}`);
    await page.getByTestId('forbidden').waitFor();
    expect(await page.getByTestId('forbidden').innerText()).toContain('无权操作');
  });

  it('lets the reviewer approve the submitted set, and the cockpit shows the value approved', async () => {
    const { page, errors } = await open();
    await logIn(page, 'reviewer', `/review?period=${entryPeriod}`);
    const set = row(page, 'review-sets', town);
    await set.waitFor();
    await saveScreenshot(page, 'review');
    await page.locator(`[data-testid="review-approve"][data-unit="${town}"]`).click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await expect
      .poll(async () => {
        const status = await getJson<StatusData>(
          server.url,
          `/collection/status?period=${entryPeriod}&under=${town}`,
        );
        return status.cells.find((c) => c.indicatorCode === 'RETAIL')?.state;
      })
      .toBe('approved');
    await expect.poll(() => set.count()).toBe(0);
    await page.getByTestId('review-tab-approved').click();
    await set.waitFor();
    expect(await page.locator(`[data-testid="review-reopen"][data-unit="${town}"]`).count()).toBe(
      1,
    );

    // The cockpit: the town's RETAIL series shows the month approved.
    await page.goto(`${server.url}/indicators/RETAIL?unit=${town}`);
    const newest = page.locator('[data-testid="period-table"] tr[data-row-key="202511"]');
    await newest.waitFor();
    expect(await newest.getByTestId('period-state').getAttribute('data-state')).toBe('approved');
    expect(await newest.innerText()).toContain('已审核');
    expect(errors).toEqual([]);
  });

  it('rejects an upload with a bad cell, lists every bad cell, and writes nothing', async () => {
    const { page, errors } = await open();
    const trace = traceUploads(page);
    await logIn(page, 'town-reporter', `/entry?unit=${town}&period=${uploadPeriod}`);
    await row(page, 'entry-table', 'RETAIL').waitFor();
    const download = await downloadBy(page, () => page.getByTestId('template-xlsx').click());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).map((v) =>
      typeof v === 'string' ? v : '',
    );
    const valueColumn = header.indexOf('本期数值');
    const codeColumn = header.indexOf('指标编码');
    expect(valueColumn).toBeGreaterThan(0);
    const before = await form(town, uploadPeriod);
    // Row 2 gets text, row 3 a good value: all or nothing means row 3 is not written either.
    const goodCode = sheet.getRow(3).getCell(codeColumn).text;
    const good = lineOf(before, goodCode);
    sheet.getRow(2).getCell(valueColumn).value = 'abc';
    sheet.getRow(3).getCell(valueColumn).value = good.lastYearValue ?? 1;
    const bad = path.join(tmp, 'bad.xlsx');
    await workbook.xlsx.writeFile(bad);

    await uploadAndFinish(page, trace, bad, 'upload-rejected', 'rejected');
    await page.getByTestId('upload-problems').waitFor();
    const problems = page.locator('[data-testid="upload-problems"] tbody tr.ant-table-row');
    expect(await problems.count()).toBe(1);
    const text = await problems.first().innerText();
    expect(text).toContain('abc');
    expect(text).toContain('本期数值');
    expect(text).toMatch(/\b2\b/);
    await saveScreenshot(page, 'upload-rejected');
    const after = await form(town, uploadPeriod);
    expect(after.lines.map((l) => l.current)).toEqual(before.lines.map((l) => l.current));

    // The same file with the bad cell fixed goes in.
    sheet.getRow(2).getCell(valueColumn).value = null;
    const fixed = path.join(tmp, 'fixed.xlsx');
    await workbook.xlsx.writeFile(fixed);
    await uploadAndFinish(page, trace, fixed, 'upload-fixed', 'done');
    await page.getByTestId('upload-done').waitFor();
    await expect
      .poll(async () => lineOf(await form(town, uploadPeriod), goodCode).current?.value)
      .toBe(good.lastYearValue ?? 1);
    await expect
      .poll(() =>
        row(page, 'entry-table', goodCode).getByTestId('line-state').getAttribute('data-state'),
      )
      .toBe('draft');
    expect(errors).toEqual([]);
  });

  it('refuses a write from the page without the CSRF token, and takes it with the token', async () => {
    const { page } = await open();
    await logIn(page, 'town-reporter', `/entry?unit=${town}&period=${uploadPeriod}`);
    const entry = {
      unit: town,
      indicator: 'IND_OUTPUT',
      period: uploadPeriod,
      value: 1,
      // Far below last October's value: the year-on-year rule asks why.
      comment: '企业停产检修',
      version: 0,
    };
    const attempt = (withToken: boolean) =>
      page.evaluate(
        async ({ body, withToken }) => {
          const session = (await (await fetch('/api/session')).json()) as { csrfToken: string };
          const headers: Record<string, string> = { 'content-type': 'application/json' };
          if (withToken) headers['x-csrf-token'] = session.csrfToken;
          const r = await fetch('/api/collection/entries', {
            method: 'PUT',
            headers,
            body: JSON.stringify({ entries: [body] }),
          });
          return { status: r.status, body: (await r.json()) as { code?: string } };
        },
        { body: entry, withToken },
      );
    const refused = await attempt(false);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    expect(lineOf(await form(town, uploadPeriod), 'IND_OUTPUT').current).toBeNull();
    expect((await attempt(true)).status).toBe(200);
    expect(lineOf(await form(town, uploadPeriod), 'IND_OUTPUT').current?.value).toBe(1);
  });

  it('lets the lead unit’s reporter file a task update on the plan page, and a reviewer accept it', async () => {
    const plan = (await getJson<PlanListItem[]>(server.url, '/plans'))[0]!;
    const progress = await getJson<PlanProgress>(server.url, `/plans/${plan.id}/progress`);
    const task = progress.find((p) => p.leadUnits.some((u) => u.code === '500106-D07'))!;

    const reporter = await open();
    await logIn(reporter.page, 'dept-reporter', `/entry`);
    await reporter.page.goto(`${server.url}/plans/${plan.id}`);
    await reporter.page.getByTestId('expand-all').click();
    await reporter.page
      .locator(`[data-testid="task-progress"][data-node="${task.nodeId}"]`)
      .click();
    await reporter.page.getByTestId('progress-narrative').fill('完成职业技能培训1200人次');
    await reporter.page
      .locator('[data-testid="progress-percent"] input')
      .or(reporter.page.locator('input[data-testid="progress-percent"]'))
      .fill('75');
    await reporter.page.getByTestId('progress-submit').click();
    await expect
      .poll(async () => {
        const now = await getJson<PlanProgress>(server.url, `/plans/${plan.id}/progress`);
        return now.find((p) => p.nodeId === task.nodeId)?.latest?.state;
      })
      .toBe('submitted');
    await saveScreenshot(reporter.page, 'task-progress', { fullPage: false });

    const reviewer = await open();
    await logIn(reviewer.page, 'reviewer', `/review`);
    await reviewer.page.goto(`${server.url}/plans/${plan.id}`);
    await reviewer.page.getByTestId('expand-all').click();
    await reviewer.page
      .locator(`[data-testid="task-progress"][data-node="${task.nodeId}"]`)
      .click();
    await reviewer.page.getByTestId('progress-accept').click();
    await expect
      .poll(async () => {
        const now = await getJson<PlanProgress>(server.url, `/plans/${plan.id}/progress`);
        return now.find((p) => p.nodeId === task.nodeId)?.latest;
      })
      .toMatchObject({ state: 'accepted', percentComplete: 75 });
  });

  it('shows the overdue list and the rates per unit and department, and a card on the Overview', async () => {
    const { page, errors } = await open();
    await logIn(page, 'viewer', '/timeliness?year=2025');
    await page.goto(`${server.url}/timeliness?year=2025`);
    await page.getByTestId('overdue-table').waitFor();
    await page.getByTestId('rates-units').waitFor();
    await page.getByTestId('rates-departments').waitFor();
    expect(
      await page.locator('[data-testid="rates-units"] tbody tr.ant-table-row').count(),
    ).toBeGreaterThan(0);
    await saveScreenshot(page, 'timeliness');
    await page.goto(`${server.url}/`);
    await page.getByTestId('timeliness-card').waitFor();
    await page.getByTestId('card-completeness').waitFor();
    expect(errors).toEqual([]);
  });
});
