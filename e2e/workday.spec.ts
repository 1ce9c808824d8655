/**
 * The reporter's and the reviewer's day on the demo (issue 11 items 2, 3 and 9): the town
 * reporter lands on the entry form, meets the implausible-value rule, saves and deletes a
 * draft, submits after confirming and finds the values read-only; the reviewer lands on the
 * review queue, reads unit, last year, y/y and the comment, returns one row with one reason
 * and approves the rest after confirming.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryFormData, StatusData } from '../web/app/api.ts';
import {
  getJson,
  hasChromium,
  launchChromium,
  logInOnPage,
  openPage,
  saveScreenshot,
  startDemoServer,
  type DemoServer,
  type WatchedPage,
} from './support.ts';

const town = '500106001';
/** A month of the demo with no values yet for the town. */
const period = '202511';

describe.skipIf(!hasChromium)('the reporter’s and the reviewer’s day in the browser', () => {
  let server: DemoServer;
  let browser: Browser;
  const opened: WatchedPage[] = [];

  const open = async () => {
    const watched = await openPage(browser);
    opened.push(watched);
    return watched;
  };
  const form = () =>
    getJson<EntryFormData>(server.url, `/collection/form?unit=${town}&period=${period}`);
  const status = () =>
    getJson<StatusData>(server.url, `/collection/status?period=${period}&under=${town}`);
  /** Logs in on the login page with no page to return to: the user lands where their role works. */
  const logIn = (page: Page, username: string) => logInOnPage(page, server.url, username);
  const row = (page: Page, testId: string, key: string) =>
    page.locator(`[data-testid="${testId}"] tr[data-row-key="${key}"]`);
  const valueInput = (page: Page, code: string) =>
    page
      .locator(`[data-testid="value-input"][data-indicator="${code}"] input`)
      .or(page.locator(`input[data-testid="value-input"][data-indicator="${code}"]`));
  const confirmPop = (page: Page) => page.locator('.ant-popconfirm .ant-btn-primary').click();

  beforeAll(async () => {
    server = await startDemoServer();
    browser = await launchChromium();
  });

  afterAll(async () => {
    for (const w of opened) await w.context.close().catch(() => undefined);
    await browser?.close();
    await server?.close();
  });

  it('takes the reporter from login through a deleted draft to a confirmed, read-only submission', async () => {
    const before = await form();
    // Two flows of the month with last year's value: what the reporter fills in.
    const lines = before.lines
      .filter((l) => l.current === null && (l.lastYearValue ?? 0) > 0 && l.measure === 'flow')
      .slice(0, 2);
    expect(lines.length).toBe(2);
    const [first, second] = lines as [(typeof lines)[0], (typeof lines)[0]];
    const { page, errors } = await open();
    await logIn(page, 'town-reporter');
    expect(new URL(page.url()).pathname).toBe('/entry');

    await page.goto(`${server.url}/entry?unit=${town}&period=${period}`);
    await row(page, 'entry-table', first.indicatorCode).waitFor();
    // Thirty times last year: implausible until explained, and "测试" explains nothing.
    const input = valueInput(page, first.indicatorCode);
    await input.fill(String(first.lastYearValue! * 30));
    const line = row(page, 'entry-table', first.indicatorCode);
    await expect
      .poll(() => line.locator('[data-rule="implausible-needs-explanation"]').count())
      .toBe(1);

    // A plausible value saved as a draft, then deleted after confirming.
    await input.fill(String(Math.round(first.lastYearValue! * 105) / 100));
    await expect.poll(() => line.locator('[data-rule]').count()).toBe(0);
    await page.getByTestId('entry-save').click();
    await expect
      .poll(() => line.getByTestId('line-state').getAttribute('data-state'))
      .toBe('draft');
    await page.getByTestId('entry-delete-drafts').click();
    await confirmPop(page);
    await expect
      .poll(() => line.getByTestId('line-state').getAttribute('data-state'))
      .toBe('missing');
    expect((await form()).lines.find((l) => l.indicatorCode === first.indicatorCode)?.current).toBe(
      null,
    );

    // Both values entered, the second with a comment, and submitted after confirming.
    await valueInput(page, first.indicatorCode).fill(
      String(Math.round(first.lastYearValue! * 110) / 100),
    );
    await valueInput(page, second.indicatorCode).fill(
      String(Math.round(second.lastYearValue! * 120) / 100),
    );
    await page
      .locator(`[data-testid="comment-input"][data-indicator="${second.indicatorCode}"]`)
      .fill('新开商业综合体带动增长');
    await page.getByTestId('entry-submit').click();
    await confirmPop(page);
    await expect
      .poll(() => line.getByTestId('line-state').getAttribute('data-state'))
      .toBe('submitted');
    // Submitted values are read-only until returned.
    await page.getByTestId('entry-submitted-readonly').waitFor();
    expect(await valueInput(page, first.indicatorCode).isDisabled()).toBe(true);
    await saveScreenshot(page, 'reporter-day', { forDocs: true });
    const after = await form();
    expect(
      after.lines
        .filter((l) => [first.indicatorCode, second.indicatorCode].includes(l.indicatorCode))
        .map((l) => l.current?.state),
    ).toEqual(['submitted', 'submitted']);
    expect(errors).toEqual([]);
  });

  it('takes the reviewer from login to the queue, returns one row with one reason and approves the rest', async () => {
    const { page, errors } = await open();
    await logIn(page, 'reviewer');
    expect(new URL(page.url()).pathname).toBe('/review');
    const queue = page.getByTestId('review-queue');
    await queue.locator('tbody tr[data-row-key]').first().waitFor();
    const waiting = (await status()).cells.filter((c) => c.state === 'submitted');
    expect(waiting.length).toBe(2);
    const commented = waiting.find((c) => c.comment !== '')!;
    const plain = waiting.find((c) => c.comment === '')!;
    const commentedRow = row(page, 'review-queue', `${town}:${period}:${commented.indicatorCode}`);
    // Unit of measure and the reporter's comment are on the row.
    expect(await commentedRow.innerText()).toContain('新开商业综合体带动增长');
    expect(await commentedRow.innerText()).toContain(commented.measureUnit);
    await saveScreenshot(page, 'reviewer-day', { forDocs: true });

    // Return the commented row alone, with one reason.
    await commentedRow.getByTestId('queue-return').click();
    await page.getByTestId('review-reason').fill('请核实增长来源');
    await page.getByTestId('review-confirm').click();
    await expect
      .poll(
        async () =>
          (await status()).cells.find((c) => c.indicatorCode === commented.indicatorCode)?.state,
      )
      .toBe('returned');
    expect((await status()).cells.find((c) => c.indicatorCode === plain.indicatorCode)?.state).toBe(
      'submitted',
    );

    // Approve the other from the queue, after confirming.
    await row(page, 'review-queue', `${town}:${period}:${plain.indicatorCode}`)
      .getByTestId('queue-approve')
      .click();
    await confirmPop(page);
    await expect
      .poll(
        async () =>
          (await status()).cells.find((c) => c.indicatorCode === plain.indicatorCode)?.state,
      )
      .toBe('approved');
    // After approval the set still says when it was submitted.
    const approved = (await status()).cells.find((c) => c.indicatorCode === plain.indicatorCode);
    expect(approved?.submittedAt).not.toBeNull();
    expect(errors).toEqual([]);
  });
});
