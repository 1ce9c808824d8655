/** Routes of the key-project registry: list with filters, one project, create, edit. */
import { Type } from 'typebox';
import { ErrorBody } from '../../contract/common.ts';
import {
  ProjectCreateBody,
  ProjectDetail,
  ProjectListQuery,
  ProjectPatchBody,
  ProjectView,
} from '../../contract/project.ts';
import type { Services } from '../app.ts';
import { actorOf, requirePermission } from '../auth.ts';
import type { Api } from './registry-routes.ts';

const errors = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
};
const CodeParams = Type.Object({ code: Type.String({ maxLength: 50 }) });

// The project service checks the scope (the project's responsible unit) itself.
export function registerProjectRoutes(api: Api, services: Services): void {
  api.get(
    '/projects',
    {
      schema: {
        tags: ['project'],
        summary: '重点项目清单 Key projects, filtered by stage, kind, level, unit, town or text',
        querystring: ProjectListQuery,
        response: { 200: Type.Array(ProjectView) },
      },
    },
    (request) => services.projects.listProjects(request.query),
  );
  api.get(
    '/projects/:code',
    {
      schema: {
        tags: ['project'],
        summary: '项目详情 One project with its links to the plan',
        params: CodeParams,
        response: { 200: ProjectDetail, ...errors },
      },
    },
    (request) => services.projects.getProject(request.params.code),
  );
  api.post(
    '/projects',
    {
      preHandler: requirePermission('project.write'),
      schema: {
        tags: ['project'],
        summary: '登记项目 Register a project',
        body: ProjectCreateBody,
        response: { 200: ProjectDetail, ...errors },
      },
    },
    (request) => services.projects.createProject(request.body, actorOf(request)),
  );
  api.patch(
    '/projects/:code',
    {
      preHandler: requirePermission('project.write'),
      schema: {
        tags: ['project'],
        summary: '修改项目 Edit a project (the version the editor saw)',
        params: CodeParams,
        body: ProjectPatchBody,
        response: { 200: ProjectDetail, ...errors },
      },
    },
    (request) => {
      const { reason, ...patch } = request.body;
      return services.projects.updateProject(request.params.code, patch, actorOf(request), reason);
    },
  );
}
