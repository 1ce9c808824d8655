/**
 * The reporter's and the reviewer's day on the demo (issue 11 items 2, 3 and 9): the town
 * reporter lands on the entry form, meets the implausible-value rule, saves and deletes a
 * draft, submits after confirming and finds the values read-only; the reviewer lands on the
 * review queue, reads unit, last year, y/y and the comment, returns one row with one reason
 * and approves the rest after confirming.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryFormData, StatusData, TodoData } from '../web/app/api.ts';
import { formatPeriod as formatPeriodIn } from '../web/app/format.ts';
import {
  getJson,
  hasChromium,
  logInOnPage,
  saveScreenshot,
  startDemoJourney,
  tableRow as row,
  valueInput,
  type DemoJourney,
  type DemoServer,
} from './support.ts';

const town = '500106001';
const formatPeriod = (id: string) => formatPeriodIn(id, 'zh');
/** A month of the demo with no values yet for the town. */
const period = '202511';

describe.skipIf(!hasChromium)('the reporter’s and the reviewer’s day in the browser', () => {
  let journey: DemoJourney;
  let server: DemoServer;
  const open = () => journey.open();
  const form = () =>
    getJson<EntryFormData>(server.url, `/collection/form?unit=${town}&period=${period}`);
  const status = () =>
    getJson<StatusData>(server.url, `/collection/status?period=${period}&under=${town}`);
  /** Logs in on the login page with no page to return to: the user lands where their role works. */
  const logIn = (page: Page, username: string) => logInOnPage(page, server.url, username);
  const confirmPop = (page: Page) => page.locator('.ant-popconfirm .ant-btn-primary').click();

  beforeAll(async () => {
    journey = await startDemoJourney();
    server = journey.server;
  });
  afterAll(() => journey?.close());

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
    expect(new URL(page.url()).pathname).toBe('/todo');

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

  /** The to-do as the signed-in page reads it (the journeys' own reader reports for no unit). */
  const todoOf = (page: Page) =>
    page.evaluate(async () => {
      const response = await fetch('/api/collection/todo');
      return (await response.json()) as TodoData;
    });
  const periodSelect = (page: Page) => page.getByTestId('entry-period');

  it('lands the reporter on the to-do, returned form first, and opens an overdue form from it', async () => {
    const { page, errors } = await open();
    await logIn(page, 'town-reporter');
    expect(new URL(page.url()).pathname).toBe('/todo');
    const table = page.getByTestId('todo-table');
    await table.locator('tbody tr[data-row-key]').first().waitFor();
    const todo = await todoOf(page);
    // The reviewer returned one of November's values: that form leads the list.
    expect(todo.items[0]).toMatchObject({ unitCode: town, periodId: period, state: 'returned' });
    const rowKeys = await table
      .locator('tbody tr[data-row-key]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-row-key')));
    expect(rowKeys).toEqual(todo.items.slice(0, 20).map((i) => `${i.unitCode}:${i.periodId}`));
    expect(await page.getByTestId('todo-summary').innerText()).toContain(`逾期${todo.overdue}张`);

    await saveScreenshot(page, 'reporter-todo', { forDocs: true, fullPage: false });

    // The oldest overdue form that was never started opens in one click, at its period.
    const overdue = todo.items.find((i) => i.overdue && i.state === 'not-started')!;
    expect(overdue).toBeDefined();
    await row(page, 'todo-table', `${town}:${overdue.periodId}`).getByTestId('todo-open').click();
    await page.waitForURL((url) => url.pathname === '/entry');
    expect(new URL(page.url()).searchParams.get('period')).toBe(overdue.periodId);
    const overdueForm = await getJson<EntryFormData>(
      server.url,
      `/collection/form?unit=${town}&period=${overdue.periodId}`,
    );
    await row(page, 'entry-table', overdueForm.lines[0]!.indicatorCode).waitFor();
    expect(await page.locator('[data-testid="entry-table"] tbody tr[data-row-key]').count()).toBe(
      overdueForm.lines.length,
    );
    expect(errors).toEqual([]);
  });

  it('opens the entry form at the to-do’s first form, and takes a period typed as offices write it', async () => {
    const { page, errors } = await open();
    await logIn(page, 'town-reporter');
    const todo = await todoOf(page);
    const first = todo.items.find((i) => i.state !== 'submitted')!;
    await page.goto(`${server.url}/entry?unit=${town}`);
    await expect.poll(() => periodSelect(page).innerText()).toBe(formatPeriod(first.periodId));

    // Typed, not scrolled to: a month two years back is not among the recent choices.
    for (const [typed, id] of [
      ['2025年3月', '202503'],
      ['2024-10', '202410'],
    ] as const) {
      await periodSelect(page).click();
      await page.keyboard.type(typed);
      await page.keyboard.press('Enter');
      await page.waitForURL((url) => url.searchParams.get('period') === id);
      await expect.poll(() => periodSelect(page).innerText()).toBe(formatPeriod(id));
      const typedForm = await getJson<EntryFormData>(
        server.url,
        `/collection/form?unit=${town}&period=${id}`,
      );
      await row(page, 'entry-table', typedForm.lines[0]!.indicatorCode).waitFor();
      // The values shown are that period's: the first line's last-year column names its year before.
      expect(await page.locator('[data-testid="entry-table"] thead').innerText()).toContain(
        formatPeriod(typedForm.lines[0]!.lastYearPeriodId),
      );
    }
    expect(errors).toEqual([]);
  });

  it('fits the entry form and the to-do on a 390 px phone, without sideways scrolling', async () => {
    const phone = await journey.open('town-reporter', { width: 390, height: 844 });
    const { page, errors } = phone;
    const widthOf = () => page.evaluate(() => document.scrollingElement!.scrollWidth);
    const headerHeight = () =>
      page.evaluate(() => document.querySelector('.shell-header')!.getBoundingClientRect().height);

    await page.goto(`${server.url}/todo`);
    await page.locator('[data-testid="todo-table"] tbody tr[data-row-key]').first().waitFor();
    expect(await widthOf()).toBeLessThanOrEqual(390);

    const october = await getJson<EntryFormData>(
      server.url,
      `/collection/form?unit=${town}&period=202510`,
    );
    await page.goto(`${server.url}/entry?unit=${town}&period=202510`);
    const card = page.locator(
      `[data-testid="entry-table"] [data-row-key="${october.lines[0]!.indicatorCode}"]`,
    );
    await card.waitFor();
    // One card per indicator, every value box inside the screen.
    expect(await page.locator('[data-testid="entry-table"] [data-row-key]').count()).toBe(
      october.lines.length,
    );
    expect(await widthOf()).toBeLessThanOrEqual(390);
    // The header keeps one line (64 px), not a column of single characters.
    expect(await headerHeight()).toBeLessThanOrEqual(64);
    const box = await valueInput(page, october.lines[0]!.indicatorCode).boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    await valueInput(page, october.lines[0]!.indicatorCode).fill('1');
    await page.getByTestId('dirty-mark').first().waitFor();
    expect(await widthOf()).toBeLessThanOrEqual(390);
    await saveScreenshot(page, 'reporter-phone', { forDocs: true, fullPage: false });
    expect(errors).toEqual([]);
  });
});
