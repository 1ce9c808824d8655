import { describe, expect, it } from 'vitest';
import { demoDataDay } from './server.ts';

describe('the demo data day', () => {
  it('is the last day of the month after the last reported month, across a year end and February', () => {
    // September's reports are due in October; on 31 October none of October's is late yet.
    expect(demoDataDay('202509')).toBe('2025-10-31');
    expect(demoDataDay('202512')).toBe('2026-01-31');
    expect(demoDataDay('202401')).toBe('2024-02-29');
  });
});
