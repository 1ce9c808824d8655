import { describe, expect, it } from 'vitest';
import { periodInclusion } from './data-date.ts';

const base = { hasOwnValue: false, dueDate: '2025-11-15', today: '2025-11-20' };

describe('periodInclusion', () => {
  it('counts a unit’s own approved total as complete', () =>
    expect(periodInclusion({ ...base, hasOwnValue: true, approved: 0, expected: 26 })).toBe(
      'complete',
    ));

  it('counts a sum once every reporting unit is approved', () =>
    expect(periodInclusion({ ...base, approved: 26, expected: 26 })).toBe('complete'));

  it('holds back an incomplete sum within the grace period after the due day', () =>
    expect(periodInclusion({ ...base, approved: 19, expected: 26 })).toBe('pending'));

  it('admits an incomplete sum as partial once due day plus ten days have passed', () => {
    expect(periodInclusion({ ...base, today: '2025-11-25', approved: 19, expected: 26 })).toBe(
      'pending',
    );
    expect(periodInclusion({ ...base, today: '2025-11-26', approved: 19, expected: 26 })).toBe(
      'partial',
    );
  });

  it('never counts a period where nothing is approved', () =>
    expect(periodInclusion({ ...base, today: '2026-11-28', approved: 0, expected: 26 })).toBe(
      'pending',
    ));
});
