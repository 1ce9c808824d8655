/**
 * The key-project tests' fixture: a fresh test database, a district `D` with the units a test
 * names under it, the project and audit services, and actors scoped by unit code — what the
 * registry, milestone, blocker, 旬调度 and exchange tests each built again by hand.
 */
import { defaultLightThresholds } from '../core/light-thresholds.ts';
import type { Role } from '../core/permission.ts';
import { createTestDatabase, type TestDatabase } from '../store/test-database.ts';
import { createAuditService, type AuditService } from './audit-service.ts';
import {
  createSequentialIds,
  systemActor,
  type Actor,
  type Clock,
  type ServiceDeps,
} from './ports.ts';
import { createProjectService, type ProjectService } from './project-service.ts';
import { createRegistryService } from './registry-service.ts';

/** A unit under the district: code, name and level (a department, else a region at that level). */
export type UnitUnderDistrict = readonly [code: string, name: string, level: string];

/** A district-level infrastructure project under construction, named 项目<code>. */
export type ProjectUnderConstruction = readonly [
  code: string,
  unitCode: string,
  townCode?: string | null,
];

export interface ProjectFixture {
  readonly database: TestDatabase;
  readonly deps: ServiceDeps;
  readonly projects: ProjectService;
  readonly audit: AuditService;
  /** The path of a unit by code. */
  readonly paths: ReadonlyMap<string, string>;
  /** An actor with these roles over these units (by code), as a logged-in session would be. */
  readonly actor: (roles: Role[], unitCodes: string[], id?: string) => Actor;
}

export async function createProjectFixture(options: {
  readonly clock: Clock;
  /** Ids run `<idPrefix>1, <idPrefix>2, …`. */
  readonly idPrefix: string;
  readonly districtName?: string;
  readonly units: readonly UnitUnderDistrict[];
  readonly underConstruction?: readonly ProjectUnderConstruction[];
}): Promise<ProjectFixture> {
  const database = await createTestDatabase();
  const deps: ServiceDeps = {
    database,
    clock: options.clock,
    ids: createSequentialIds(options.idPrefix),
    thresholds: defaultLightThresholds,
  };
  const registry = createRegistryService(deps);
  await registry.createUnit(
    {
      code: 'D',
      name: options.districtName ?? '区',
      kind: 'region',
      level: 'district',
      parentCode: null,
    },
    systemActor,
  );
  for (const [code, name, level] of options.units)
    await registry.createUnit(
      {
        code,
        name,
        kind: level === 'department' ? 'department' : 'region',
        level,
        parentCode: 'D',
      },
      systemActor,
    );
  const paths = new Map((await registry.listUnits()).map((u) => [u.code, u.path]));
  const projects = createProjectService(deps);
  for (const [code, unitCode, townCode] of options.underConstruction ?? [])
    await projects.createProject(
      {
        code,
        name: `项目${code}`,
        kind: 'infrastructure',
        level: 'district',
        stage: 'construction',
        unitCode,
        ...(townCode === undefined ? {} : { townCode }),
      },
      systemActor,
    );
  return {
    database,
    deps,
    projects,
    audit: createAuditService(deps),
    paths,
    actor: (roles, unitCodes, id = roles.join('-')) => ({
      id,
      name: id,
      requestId: `req-${id}`,
      roles,
      scopePaths: unitCodes.map((c) => paths.get(c) ?? `/missing-${c}/`),
    }),
  };
}
