/**
 * A district with departments and their users, for the scheduled jobs' tests: each job tells
 * a unit's reporters or reviewers, so each test needs the same small registry and accounts.
 */
import { createAccountService } from '../services/account-service.ts';
import { systemActor, type Actor, type ServiceDeps } from '../services/ports.ts';
import { createRegistryService } from '../services/registry-service.ts';

/**
 * Creates district `D`, the departments under it, and one user per (username, role, unit);
 * answers each user as the actor a logged-in session would be.
 */
export async function seedDepartmentUsers(
  deps: ServiceDeps,
  departments: readonly (readonly [code: string, name: string])[],
  people: readonly (readonly [username: string, role: 'reporter' | 'reviewer', unit: string])[],
): Promise<Map<string, Actor>> {
  const registry = createRegistryService(deps);
  await registry.createUnit(
    { code: 'D', name: '区', kind: 'region', level: 'district', parentCode: null },
    systemActor,
  );
  for (const [code, name] of departments)
    await registry.createUnit(
      { code, name, kind: 'department', level: 'department', parentCode: 'D' },
      systemActor,
    );
  const paths = new Map((await registry.listUnits()).map((u) => [u.code, u.path]));
  const accounts = createAccountService(deps);
  const users = new Map<string, Actor>();
  for (const [username, role, unit] of people) {
    await accounts.createUser(
      { username, password: 'a long enough password', roles: [role], unitCodes: [unit] },
      systemActor,
    );
    users.set(username, {
      id: username,
      name: username,
      requestId: '',
      roles: [role],
      scopePaths: [paths.get(unit) ?? '/none/'],
    });
  }
  return users;
}
