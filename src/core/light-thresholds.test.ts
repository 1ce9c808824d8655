import { describe, expect, it } from 'vitest';
import { defaultLightThresholds } from './light-thresholds.ts';

describe('defaultLightThresholds', () => {
  it('holds the defaults of DESIGN.md §4', () => {
    expect(defaultLightThresholds).toEqual({
      flowYellowPoints: 10,
      growthYellowPoints: 1,
      levelYellowShare: 0.02,
      milestoneYellowDays: 30,
      dampRecovery: true,
    });
  });

  it('cannot be changed in place, so a deployment passes its own object instead', () => {
    expect(Object.isFrozen(defaultLightThresholds)).toBe(true);
  });
});
