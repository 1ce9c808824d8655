import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PlanListItem } from '../../src/contract/plan.ts';
import { getJson } from './api.ts';
import {
  askLandingData,
  forgetEarlyAnswers,
  takeEarlyAnswer,
  takeSettledEarlyAnswer,
} from './early-answers.ts';

const plan = (id: string, year: number, status: string): PlanListItem => ({
  id,
  year,
  title: `沙坪坝区${year}年国民经济和社会发展计划`,
  status,
  sourceDocument: 'corpus/00_shapingba_2025_plan.txt',
  updatedAt: `${year}-01-15T08:00:00.000Z`,
  unitCode: '500106',
  unitName: '沙坪坝区',
});
const plans = [plan('p2024', 2024, 'adopted'), plan('p2025', 2025, 'adopted')];

/** A server that answers every GET with what `routes` says, and counts what was asked. */
function stubServer(routes: Record<string, unknown>) {
  const asked: string[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn((url: string) => {
      const path = url.replace(/^\/api/, '');
      asked.push(path);
      const body = routes[path];
      return Promise.resolve(
        body === undefined
          ? new Response(JSON.stringify({ code: 'NOT_FOUND', message: '无', messageEn: 'none' }), {
              status: 404,
            })
          : new Response(JSON.stringify(body), { status: 200 }),
      );
    }),
  );
  return asked;
}

/** Lets every answer already sent settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the landing page’s early requests', () => {
  afterEach(() => {
    forgetEarlyAnswers();
    vi.unstubAllGlobals();
  });

  it('ask for the session and the plan list, then the default plan’s headlines before its tree', async () => {
    const asked = stubServer({ '/session': { user: null }, '/plans': plans });
    askLandingData('/');
    await settle();
    // The latest year's plan is the default one (default-plan.ts).
    expect(asked).toEqual(['/session', '/plans', '/plans/p2025/headlines', '/plans/p2025']);
  });

  it('are not sent on any other page', async () => {
    const asked = stubServer({ '/session': { user: null }, '/plans': plans });
    askLandingData('/entry');
    await settle();
    expect(asked).toEqual([]);
    expect(takeEarlyAnswer('/session')).toBeNull();
  });

  it('answer the API client once, and a second call asks the server again', async () => {
    const asked = stubServer({ '/session': { user: null }, '/plans': plans });
    askLandingData('/');
    await settle();
    expect(await getJson<PlanListItem[]>('/plans')).toEqual(plans);
    expect(asked.filter((p) => p === '/plans')).toHaveLength(1);
    expect(await getJson<PlanListItem[]>('/plans')).toEqual(plans);
    expect(asked.filter((p) => p === '/plans')).toHaveLength(2);
  });

  it('give the server’s error answer as the API client’s error', async () => {
    stubServer({ '/session': { user: null }, '/plans': plans });
    askLandingData('/');
    await settle();
    // The stub has no headlines route: the early request was answered 404.
    await expect(getJson('/plans/p2025/headlines')).rejects.toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
  });

  it('hand over synchronously only what is already in', async () => {
    const pending = new Map<string, (r: Response) => void>();
    vi.stubGlobal(
      'fetch',
      vi.fn((url: string) => new Promise<Response>((resolve) => pending.set(url, resolve))),
    );
    askLandingData('/');
    await settle();
    expect(takeSettledEarlyAnswer('/session')).toBeNull(); // still on its way
    pending.get('/api/session')?.(new Response(JSON.stringify({ user: null }), { status: 200 }));
    await settle();
    expect(takeSettledEarlyAnswer('/session')).toEqual({ status: 200, text: '{"user":null}' });
    expect(takeSettledEarlyAnswer('/session')).toBeNull(); // taken
  });

  it('are forgotten after a login or logout: they spoke for the previous visitor', async () => {
    const asked = stubServer({ '/session': { user: null }, '/plans': plans });
    askLandingData('/');
    await settle();
    forgetEarlyAnswers();
    expect(takeSettledEarlyAnswer('/session')).toBeNull();
    await getJson('/plans');
    expect(asked.filter((p) => p === '/plans')).toHaveLength(2);
  });
});
