/**
 * Builds the Fastify application from its dependencies: every route with its
 * TypeBox schema, OpenAPI at /api/docs, one error shape, and (when given) the
 * built web cockpit with a fallback to its index.html.
 */
import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyRequest } from 'fastify';
import type { LightThresholds } from '../core/light-thresholds.ts';
import { createAuditService } from '../services/audit-service.ts';
import { createObservationService } from '../services/observation-service.ts';
import { createPlanService } from '../services/plan-service.ts';
import type { Actor, Clock, IdGenerator } from '../services/ports.ts';
import { createRegistryService } from '../services/registry-service.ts';
import type { LantuDatabase } from '../store/database.ts';
import { registerErrorHandler } from './error-handler.ts';
import { registerPlanRoutes } from './routes/plan-routes.ts';
import { registerRegistryRoutes } from './routes/registry-routes.ts';

export interface AppDeps {
  readonly database: LantuDatabase;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly thresholds: LightThresholds;
  readonly version: string;
  /** Folder of the built web cockpit; the API alone when absent. */
  readonly webRoot?: string;
  readonly logger?: boolean | object;
}

export function buildServices(deps: AppDeps) {
  return {
    registry: createRegistryService(deps),
    observations: createObservationService(deps),
    plans: createPlanService(deps),
    audit: createAuditService(deps),
  };
}
export type Services = ReturnType<typeof buildServices>;

/** Until accounts land (issue 5) the actor is whoever the client says, for the audit log. */
export const actorOf = (request: FastifyRequest): Actor => {
  const header = request.headers['x-lantu-actor'];
  const name =
    typeof header === 'string' && header.trim() !== '' ? header.trim().slice(0, 64) : 'anonymous';
  return { id: name, name, requestId: request.id };
};

export async function buildApp(deps: AppDeps) {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 64 * 1024 * 1024,
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();
  registerErrorHandler(app);

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Lantu 蓝图 API',
        description: '计划、目标、指标与数据的接口 — plans, targets, indicators and data',
        version: deps.version,
      },
    },
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });

  const services = buildServices(deps);
  await app.register(
    (api, _opts, done) => {
      registerRegistryRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), services, deps);
      registerPlanRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), services);
      done();
    },
    { prefix: '/api' },
  );

  const webRoot = deps.webRoot;
  if (webRoot && fs.existsSync(path.join(webRoot, 'index.html'))) {
    await app.register(fastifyStatic, { root: path.resolve(webRoot), wildcard: false });
    // Client-side routes (/plans/…, /targets/…) all load the single page.
    app.get('/*', (request, reply) => {
      if (request.url.startsWith('/api/')) {
        return reply
          .status(404)
          .send({ code: 'NOT_FOUND', message: '没有这个接口', messageEn: 'no such API route' });
      }
      return reply.sendFile('index.html');
    });
  }
  return app;
}

export type LantuApp = Awaited<ReturnType<typeof buildApp>>;
