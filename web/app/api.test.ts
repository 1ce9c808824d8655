import { describe, expect, it } from 'vitest';
import { ApiError, fileNameOf, isForbidden, isUnauthenticated } from './api.ts';

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
