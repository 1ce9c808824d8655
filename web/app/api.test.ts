import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  fileNameOf,
  getJson,
  isForbidden,
  isUnauthenticated,
  setUnauthenticatedListener,
} from './api.ts';

describe('fileNameOf', () => {
  it('prefers the UTF-8 file name', () => {
    expect(
      fileNameOf(
        `attachment; filename="____-1.xlsx"; filename*=UTF-8''%E5%A1%AB%E6%8A%A5%E6%A8%A1%E6%9D%BF-1.xlsx`,
      ),
    ).toBe('填报模板-1.xlsx');
  });

  it('falls back to the plain name, or null without a header', () => {
    expect(fileNameOf('attachment; filename="a.csv"')).toBe('a.csv');
    expect(fileNameOf(null)).toBeNull();
  });
});

describe('error kinds', () => {
  const error = (status: number, code: string) =>
    new ApiError(status, { code, message: '', messageEn: '' });

  it('tells a refusal from other errors', () => {
    expect(isForbidden(error(403, 'FORBIDDEN'))).toBe(true);
    expect(isForbidden(error(403, 'OUT_OF_SCOPE'))).toBe(true);
    expect(isForbidden(error(409, 'CONFLICT'))).toBe(false);
    expect(isUnauthenticated(error(401, 'UNAUTHENTICATED'))).toBe(true);
    expect(isUnauthenticated(new Error('x'))).toBe(false);
  });

  it('keeps the details the server sent', () => {
    const e = new ApiError(409, {
      code: 'CONFLICT',
      message: '',
      messageEn: '',
      details: { a: 1 },
    });
    expect(e.details).toEqual({ a: 1 });
  });
});

describe('a 401 answer', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    setUnauthenticatedListener(null);
  });
  const answer401 = () =>
    vi.stubGlobal(
      'fetch',
      vi.fn(() =>
        Promise.resolve(
          new Response(
            JSON.stringify({ code: 'UNAUTHENTICATED', message: '请先登录', messageEn: 'log in' }),
            { status: 401 },
          ),
        ),
      ),
    );

  it('tells the session listener, so the cockpit can show the login page', async () => {
    answer401();
    const listener = vi.fn();
    setUnauthenticatedListener(listener);
    await expect(getJson('/plans')).rejects.toMatchObject({ status: 401 });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('from the session route itself does not (a failed login is the login page’s own)', async () => {
    answer401();
    const listener = vi.fn();
    setUnauthenticatedListener(listener);
    await expect(getJson('/session')).rejects.toMatchObject({ status: 401 });
    expect(listener).not.toHaveBeenCalled();
  });
});
