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
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import Fastify, { type FastifySchemaCompiler } from 'fastify';
import type { LightThresholds } from '../core/light-thresholds.ts';
import { createAccountService } from '../services/account-service.ts';
import { createAuditService } from '../services/audit-service.ts';
import { createCollectionService } from '../services/collection-service.ts';
import { createObservationService } from '../services/observation-service.ts';
import { createPlanService } from '../services/plan-service.ts';
import { createProjectService } from '../services/project-service.ts';
import type { Clock, IdGenerator } from '../services/ports.ts';
import { createRegistryService } from '../services/registry-service.ts';
import type { LantuDatabase } from '../store/database.ts';
import { defaultAuthOptions, registerAuth, type AuthOptions } from './auth.ts';
import type { CountingPolicy } from '../core/rollup.ts';
import { registerErrorHandler } from './error-handler.ts';
import { registerAccountRoutes } from './routes/account-routes.ts';
import { registerCollectionRoutes } from './routes/collection-routes.ts';
import { registerPlanRoutes } from './routes/plan-routes.ts';
import { registerProjectRoutes } from './routes/project-routes.ts';
import { registerRegistryRoutes } from './routes/registry-routes.ts';

export interface AppDeps {
  readonly database: LantuDatabase;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly thresholds: LightThresholds;
  readonly counting?: CountingPolicy;
  readonly version: string;
  /** Folder of the built web cockpit; the API alone when absent. */
  readonly webRoot?: string;
  readonly logger?: boolean | object;
  /** Public read and cookie switches (defaults: public read on, Secure only on https). */
  readonly auth?: Partial<AuthOptions>;
  /** Take the client address from X-Forwarded-For (behind a load balancer), for login throttling. */
  readonly trustProxy?: boolean;
}

export function buildServices(deps: AppDeps) {
  return {
    registry: createRegistryService(deps),
    observations: createObservationService(deps),
    plans: createPlanService(deps),
    audit: createAuditService(deps),
    accounts: createAccountService(deps),
    collection: createCollectionService(deps),
    projects: createProjectService(deps),
  };
}
export type Services = ReturnType<typeof buildServices>;

/** The actor of a request is its session's user (see auth.ts); kept here for the route files. */
export { actorOf } from './auth.ts';

/**
 * Query strings and parameters arrive as text and are coerced to their schema's types;
 * bodies are JSON and are not, so that a blank value sent as null is rejected rather
 * than stored as 0.
 */
function createValidatorCompiler(): FastifySchemaCompiler<object> {
  const build = (coerceTypes: false | 'array') => {
    const ajv = new Ajv({
      allErrors: true,
      coerceTypes,
      useDefaults: true,
      removeAdditional: false,
      strict: false,
    });
    // ajv-formats is CommonJS; its callable export sits on .default under NodeNext.
    (ajvFormats as unknown as { default: (a: Ajv) => void }).default(ajv);
    return ajv;
  };
  const coercing = build('array');
  const strict = build(false);
  return ({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema);
}

export async function buildApp(deps: AppDeps) {
  const app = Fastify({
    logger: deps.logger ?? false,
    bodyLimit: 64 * 1024 * 1024,
    trustProxy: deps.trustProxy ?? false,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(createValidatorCompiler());
  registerErrorHandler(app);
  const services = buildServices(deps);
  const authOptions: AuthOptions = { ...defaultAuthOptions, ...deps.auth };
  await registerAuth(app, services.accounts, authOptions);

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

  await app.register(
    (api, _opts, done) => {
      registerRegistryRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), services, deps);
      registerPlanRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), services);
      registerAccountRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), services, authOptions);
      registerCollectionRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), services);
      registerProjectRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), services, deps);
      done();
    },
    { prefix: '/api' },
  );

  const webRoot = deps.webRoot;
  if (webRoot && fs.existsSync(path.join(webRoot, 'index.html'))) {
    // Files are looked up at request time (wildcard), so a rebuilt web needs no restart;
    // client-side routes (/plans/…) fall back to index.html in the not-found handler.
    await app.register(fastifyStatic, { root: path.resolve(webRoot) });
  }
  return app;
}

export type LantuApp = Awaited<ReturnType<typeof buildApp>>;
