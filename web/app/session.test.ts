import { describe, expect, it } from 'vitest';
import {
  canEnterData,
  canReviewData,
  canReviewProgress,
  isUnitInScope,
  landingPathFor,
  loginPathFor,
  safeNextPath,
  unitsInScope,
  type Role,
} from './session.ts';
import { buildSessionUser, buildUnitView } from '../test/builders.ts';

const units = [
  buildUnitView('district', '/d/'),
  buildUnitView('town', '/d/t/'),
  buildUnitView('community', '/d/t/c/'),
  buildUnitView('town2', '/d/t2/'),
  buildUnitView('dept', '/d/p/', 'department'),
];

describe('unitsInScope', () => {
  it('gives a user their units with everything below them', () => {
    expect(
      unitsInScope(units, buildSessionUser(['reporter'], ['town'])).map((u) => u.code),
    ).toEqual(['town', 'community']);
  });

  it('keeps a department reporter out of the towns', () => {
    const user = buildSessionUser(['reporter'], ['dept']);
    expect(isUnitInScope(units, user, 'dept')).toBe(true);
    expect(isUnitInScope(units, user, 'town')).toBe(false);
  });

  it('gives an administrator bound to no unit everything, and anyone else bound to none nothing', () => {
    expect(unitsInScope(units, buildSessionUser(['admin']))).toHaveLength(units.length);
    expect(unitsInScope(units, buildSessionUser(['reporter']))).toEqual([]);
    expect(unitsInScope(units, null)).toEqual([]);
  });
});

describe('roles', () => {
  it.each<[Role, boolean, boolean, boolean]>([
    ['admin', true, true, true],
    ['planner', false, false, true],
    ['reviewer', false, true, true],
    ['reporter', true, false, false],
    ['viewer', false, false, false],
  ])('lets a %s enter %s, review data %s, review progress %s', (role, enter, review, progress) => {
    const user = buildSessionUser([role]);
    expect(canEnterData(user)).toBe(enter);
    expect(canReviewData(user)).toBe(review);
    expect(canReviewProgress(user)).toBe(progress);
  });

  it('lets nobody do anything without a session', () => {
    expect(canEnterData(null)).toBe(false);
    expect(canReviewData(undefined)).toBe(false);
  });
});

describe('landingPathFor', () => {
  it.each([
    [['reporter'], '/todo'],
    [['reviewer'], '/review'],
    [['reporter', 'reviewer'], '/review'],
    [['planner', 'reviewer'], '/'],
    [['admin'], '/'],
    [['viewer'], '/'],
  ] as const)('sends %j to %s', (roles, expected) => {
    expect(landingPathFor(buildSessionUser([...roles]))).toBe(expected);
  });
});

describe('safeNextPath', () => {
  it.each([
    ['/entry?unit=1', '/entry?unit=1'],
    [null, '/'],
    ['', '/'],
    ['https://evil.example/', '/'],
    ['//evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['/login', '/'],
    ['/login?next=/x', '/'],
  ])('goes from %j to %j', (next, expected) => {
    expect(safeNextPath(next)).toBe(expected);
  });

  it('builds a login path that comes back', () => {
    expect(loginPathFor('/entry?unit=1')).toBe('/login?next=%2Fentry%3Funit%3D1');
    expect(safeNextPath(decodeURIComponent(loginPathFor('/review').split('next=')[1]!))).toBe(
      '/review',
    );
    expect(loginPathFor('/')).toBe('/login');
  });
});
