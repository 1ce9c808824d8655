import { describe, expect, it } from 'vitest';
import { rollupChangeOf } from './rollup.ts';

// Each expectation follows from the rule: approved values count in the sum, submitted ones
// in their own bucket, drafts and returned values nowhere; the change is after minus before.
describe('rollupChangeOf', () => {
  it('adds a new approved value to the approved bucket', () => {
    expect(rollupChangeOf(null, { value: 7, state: 'approved' })).toEqual({
      sum: 7,
      count: 1,
      submittedSum: 0,
      submittedCount: 0,
    });
  });

  it('moves a value from the submitted bucket to the approved one on approval', () => {
    expect(
      rollupChangeOf({ value: 5, state: 'submitted' }, { value: 5, state: 'approved' }),
    ).toEqual({ sum: 5, count: 1, submittedSum: -5, submittedCount: -1 });
  });

  it('adds the difference when an approved value changes', () => {
    expect(
      rollupChangeOf({ value: 7, state: 'approved' }, { value: 9.5, state: 'approved' }),
    ).toEqual({ sum: 2.5, count: 0, submittedSum: 0, submittedCount: 0 });
  });

  it('takes a removed approved value out', () => {
    expect(rollupChangeOf({ value: 4, state: 'approved' }, null)).toEqual({
      sum: -4,
      count: -1,
      submittedSum: 0,
      submittedCount: 0,
    });
  });

  it('counts a submitted draft in the submitted bucket', () => {
    expect(rollupChangeOf({ value: 5, state: 'draft' }, { value: 5, state: 'submitted' })).toEqual({
      sum: 0,
      count: 0,
      submittedSum: 5,
      submittedCount: 1,
    });
  });

  it('is null when nothing that counts changes', () => {
    expect(rollupChangeOf({ value: 5, state: 'draft' }, { value: 8, state: 'draft' })).toBeNull();
    expect(rollupChangeOf(null, { value: 8, state: 'returned' })).toBeNull();
    expect(
      rollupChangeOf({ value: 5, state: 'approved' }, { value: 5, state: 'approved' }),
    ).toBeNull();
  });
});
