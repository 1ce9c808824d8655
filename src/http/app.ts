/**
 * Builds the Fastify application from its dependencies: every route with its
 * TypeBox schema, OpenAPI at /api/docs, one error shape, and (when given) the
 * built web cockpit with a fallback to its index.html.
 */
import fs from 'node:fs';
import path from 'node:path';
import { constants as zlibConstants } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import ajvFormats from 'ajv-formats';
import Fastify, { type FastifyInstance, type FastifySchemaCompiler } from 'fastify';
import helmet from 'helmet';
import { defaultAuthOptions, registerAuth, type AuthOptions } from './auth.ts';
import { bodyLimits } from './body-limits.ts';
import { handleClientError, registerErrorHandler, sendFrameworkError } from './error-handler.ts';
import { registerAccountRoutes } from './routes/account-routes.ts';
import { registerCollectionRoutes } from './routes/collection-routes.ts';
import { registerNotificationRoutes } from './routes/notification-routes.ts';
import { registerCommentRoutes } from './routes/comment-routes.ts';
import { registerDocumentRoutes } from './routes/document-routes.ts';
import { registerRankingRoutes } from './routes/ranking-routes.ts';
import { registerWarningRoutes } from './routes/warning-routes.ts';
import { registerPlanRoutes } from './routes/plan-routes.ts';
import { registerDispatchRoutes } from './routes/dispatch-routes.ts';
import { registerProjectRoutes } from './routes/project-routes.ts';
import { registerRegistryRoutes } from './routes/registry-routes.ts';

// The services and their dependencies live in services.ts, so that route files need not
// import this file (which imports them).
import { buildServices, type AppDeps } from './services.ts';
import { RowProblem } from '../contract/common.ts';
export { buildServices, type AppDeps, type Services } from './services.ts';

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
      // strict: false would also let NaN and Infinity pass as numbers; keep that check on.
      strictNumbers: true,
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
    // Small by default; the batch and upload routes raise it for themselves (body-limits.ts).
    bodyLimit: bodyLimits.small,
    trustProxy: deps.trustProxy ?? false,
    frameworkErrors: sendFrameworkError,
    clientErrorHandler: handleClientError,
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.setValidatorCompiler(createValidatorCompiler());
  registerErrorHandler(app);
  registerSecurityHeaders(app);
  // JSON answers and the cockpit's files, compressed when the client accepts it; brotli at a
  // quality that costs about what gzip does (the default 11 is for files built once).
  await app.register(fastifyCompress, {
    threshold: 1024,
    encodings: ['br', 'gzip'],
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } },
  });
  const services = buildServices(deps);
  const authOptions: AuthOptions = { ...defaultAuthOptions, ...deps.auth };
  await registerAuth(app, services.accounts, authOptions);

  // Schemas answers share by reference, documented once in OpenAPI's components under their $id.
  app.addSchema(RowProblem);
  await app.register(fastifySwagger, {
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
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
      registerPlanRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), services, deps);
      registerAccountRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), services, authOptions);
      registerCollectionRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), services);
      registerNotificationRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), services);
      registerDocumentRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), services);
      registerWarningRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), services);
      registerRankingRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), services);
      registerProjectRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), services, deps);
      registerDispatchRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), services);
      registerCommentRoutes(api.withTypeProvider<TypeBoxTypeProvider>(), services);
      done();
    },
    { prefix: '/api' },
  );

  const webRoot = deps.webRoot;
  if (webRoot && fs.existsSync(path.join(webRoot, 'index.html'))) {
    // Files are looked up at request time (wildcard), so a rebuilt web needs no restart;
    // client-side routes (/plans/…) fall back to index.html in the not-found handler.
    await app.register(fastifyStatic, {
      root: path.resolve(webRoot),
      // The build writes .br and .gz beside each script and style (vite.config.ts): served as
      // they are, the landing page's dozens of files cost the server no compression work while
      // its first API requests wait in the same queue. Files without them are compressed as before.
      preCompressed: true,
      // Vite names every file under assets/ by its content hash: it never changes, so it may be
      // kept for a year; index.html names the current ones and is checked on every load.
      setHeaders: (reply, filePath) => {
        void reply.header(
          'cache-control',
          isHashedAsset(filePath) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  }
  return app;
}

export type LantuApp = Awaited<ReturnType<typeof buildApp>>;

/** A file of the built web whose name carries its content hash (Vite's assets/ folder), or its .br/.gz. */
const isHashedAsset = (filePath: string) =>
  filePath.split(path.sep).includes('assets') && /-[\w-]{8,}\.\w+(\.br|\.gz)?$/.test(filePath);

/**
 * Security headers on every response (helmet): a Content-Security-Policy that lets the
 * cockpit and the API docs run from this origin only (Ant Design and Swagger UI set inline
 * styles; no inline script anywhere), no framing, no MIME sniffing, no referrer to other
 * sites, and HSTS for browsers that reached it over https. Helmet itself, built once:
 * @fastify/helmet builds it again for every request, parsing the policy each time, which
 * cost the cached plan tree a fifth of its throughput under load.
 */
function registerSecurityHeaders(app: FastifyInstance): void {
  const setHeaders = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // The cockpit loads nothing from other origins, and downloads (templates) must still open.
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: { maxAge: 180 * 24 * 60 * 60, includeSubDomains: false },
  });
  app.addHook('onRequest', (request, reply, done) => {
    setHeaders(request.raw, reply.raw, (error?: unknown) =>
      done(error instanceof Error ? error : undefined),
    );
  });
}
