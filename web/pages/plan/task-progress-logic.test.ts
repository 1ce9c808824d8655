import { describe, expect, it } from 'vitest';
import type { TaskProgress } from '../../app/api.ts';
import type { Role } from '../../app/session.ts';
import {
  canFileProgress,
  isAwaitingReview,
  progressByNode,
  progressDraftFor,
} from './task-progress-logic.ts';
import { buildSessionUser, buildUnitView } from '../../test/builders.ts';

const units = [
  buildUnitView('district', '/d/', 'department'),
  buildUnitView('hr', '/d/hr/', 'department'),
  buildUnitView('trade', '/d/trade/', 'department'),
];

const update = (period: string, overrides: Partial<TaskProgress> = {}): TaskProgress => ({
  id: `p-${period}`,
  nodeId: 'n1',
  unitCode: 'hr',
  unitName: 'hr',
  period,
  narrative: `进展${period}`,
  percentComplete: 40,
  problems: '',
  state: 'submitted',
  reviewReason: '',
  version: 2,
  createdAt: '',
  updatedAt: '',
  updatedBy: 'dept-reporter',
  submittedAt: null,
  reviewedAt: null,
  reviewedBy: null,
  ...overrides,
});

describe('canFileProgress', () => {
  it.each<[string, Role[], string[], boolean]>([
    ['the lead unit’s reporter', ['reporter'], ['hr'], true],
    ['a reporter above the lead unit', ['reporter'], ['district'], true],
    ['another unit’s reporter', ['reporter'], ['trade'], false],
    ['a reviewer of the lead unit', ['reviewer'], ['hr'], false],
  ])('lets %s file: %s', (_, roles, codes, expected) => {
    expect(canFileProgress(buildSessionUser(roles, codes), units, [{ code: 'hr' }])).toBe(expected);
  });

  it('lets nobody file without a session', () => {
    expect(canFileProgress(null, units, [{ code: 'hr' }])).toBe(false);
  });
});

describe('progressDraftFor', () => {
  const history = [
    update('202511', { percentComplete: 60 }),
    update('202510', { state: 'accepted' }),
  ];

  it('edits the month’s update when there is one', () => {
    expect(progressDraftFor(history, '202511')).toEqual({
      period: '202511',
      narrative: '进展202511',
      percentComplete: 60,
      problems: '',
      version: 2,
      isLocked: false,
    });
    expect(progressDraftFor(history, '202510').isLocked).toBe(true);
  });

  it('starts a new month from the latest percent complete', () => {
    expect(progressDraftFor(history, '202512')).toMatchObject({
      version: 0,
      percentComplete: 60,
      narrative: '',
    });
    expect(progressDraftFor([], '202512').percentComplete).toBe(0);
  });
});

describe('progress lookups', () => {
  it('finds a task by node id and knows what waits for review', () => {
    const map = progressByNode([
      { nodeId: 'n1', key: 'k', label: '35', title: 't', leadUnits: [], latest: update('202511') },
    ]);
    expect(map.get('n1')?.label).toBe('35');
    expect(isAwaitingReview(map.get('n1')?.latest)).toBe(true);
    expect(isAwaitingReview(update('202511', { state: 'accepted' }))).toBe(false);
    expect(isAwaitingReview(null)).toBe(false);
  });
});
