import { describe, expect, it } from 'vitest';
import { describeChange } from './describe-change.ts';

describe('describeChange', () => {
  it('lists the fields that changed with their old and new values', () => {
    expect(
      describeChange(
        { value: 1000, unit: '个', metric: 'x' },
        { value: 1200, unit: '个', metric: 'x' },
      ),
    ).toBe('value: 1000 → 1200');
  });

  it('lists the fields of a new record', () => {
    expect(describeChange(null, { status: 'adopted' })).toBe('status: adopted');
  });

  it('shows a missing value as a dash', () => {
    expect(describeChange({ reason: 'a' }, {})).toBe('reason: a → —');
  });
});
