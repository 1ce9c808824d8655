/**
 * A reporter is told in the browser: a reviewer returns the street's October value with a
 * reason, and the reporter's bell counts one unread notice that names the reason and leads
 * to the entry form of that unit and period.
 */
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  hasChromium,
  saveScreenshot,
  startDemoJourney,
  type DemoJourney,
  type DemoServer,
  type WatchedPage,
} from './support.ts';

const street = '500106001';
const period = '202510';

describe.skipIf(!hasChromium)('notices in the browser', () => {
  let journey: DemoJourney;
  let server: DemoServer;
  let reporter: WatchedPage;
  let reviewer: WatchedPage;

  /** A write through the API with the context's session and its CSRF token. */
  const write = async (
    context: BrowserContext,
    method: 'PUT' | 'POST',
    path: string,
    data: object,
  ) => {
    const session = await context.request.get(`${server.url}/api/session`);
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const response = await context.request.fetch(`${server.url}/api${path}`, {
      method,
      headers: { 'x-csrf-token': csrfToken },
      data,
    });
    expect(response.status(), `${method} ${path}: ${await response.text()}`).toBe(200);
  };

  beforeAll(async () => {
    journey = await startDemoJourney();
    server = journey.server;
    reporter = await journey.open('town-reporter');
    reviewer = await journey.open('reviewer');
  });
  afterAll(() => journey?.close());

  it('shows the reporter a returned value in the bell, with the reason, leading to the form', async () => {
    await write(reporter.context, 'PUT', '/collection/entries', {
      entries: [
        {
          unit: street,
          indicator: 'RETAIL',
          period,
          value: 1.5,
          comment: '企业停业整顿',
          version: 0,
        },
      ],
    });
    await write(reporter.context, 'POST', '/collection/submit', { unit: street, period });
    await write(reviewer.context, 'POST', '/collection/review', {
      unit: street,
      period,
      decision: 'return',
      reason: '与税务数据不符',
    });

    const { page } = reporter;
    await page.goto(`${server.url}/`);
    const bell = page.getByTestId('notice-bell');
    await bell.waitFor();
    await expect.poll(() => page.locator('.ant-badge-count').first().textContent()).toBe('1');
    await bell.click();
    const item = page.getByTestId('notice-item').first();
    await item.waitFor();
    expect(await item.getAttribute('data-kind')).toBe('returned');
    expect(await item.innerText()).toContain('与税务数据不符');
    await saveScreenshot(page, 'notices');
    await item.click();
    await expect.poll(() => page.url()).toContain(`/entry?unit=${street}&period=${period}`);
    expect(reporter.errors).toEqual([]);
  });
});
