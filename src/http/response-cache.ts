/**
 * A small cache of serialized, compressed responses, keyed by what they depend on (for the
 * plan tree: the plan, the date and the data version). Each entry keeps the JSON and its
 * brotli and gzip forms, made once, so a hit costs a lookup and a write of bytes.
 */
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

interface Entry {
  readonly identity: Buffer;
  readonly br: Buffer;
  readonly gzip: Buffer;
}

export interface ResponseCache {
  /**
   * Answers from the cache under `key`, or builds the body with `build` (serialized by the
   * route's response schema), compresses and keeps it. A failing build is not kept.
   */
  send(
    request: FastifyRequest,
    reply: FastifyReply,
    key: string,
    build: () => Promise<unknown>,
  ): Promise<FastifyReply>;
}

/** The encoding to answer with: brotli, then gzip, when the client says it takes them. */
export function chooseEncoding(acceptEncoding: string | undefined): 'br' | 'gzip' | 'identity' {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find((v) => v !== undefined);
    accepted.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const takes = (name: string) => (accepted.get(name) ?? accepted.get('*') ?? 0) > 0;
  if (takes('br')) return 'br';
  if (takes('gzip')) return 'gzip';
  return 'identity';
}

/** A cache of at most `maxEntries` responses; the oldest goes first. */
export function createResponseCache(maxEntries = 32): ResponseCache {
  // Promises, so that concurrent misses of one key build it once.
  const entries = new Map<string, Promise<Entry>>();
  return {
    async send(request, reply, key, build) {
      let entry = entries.get(key);
      if (!entry) {
        entry = (async () => {
          const serialized = reply.serialize(await build());
          const identity =
            typeof serialized === 'string'
              ? Buffer.from(serialized)
              : Buffer.from(serialized as ArrayBuffer);
          const [br, gz] = await Promise.all([
            brotli(identity, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } }),
            gzip(identity),
          ]);
          return { identity, br, gzip: gz };
        })();
        entries.set(key, entry);
        if (entries.size > maxEntries) entries.delete(entries.keys().next().value!);
        entry.catch(() => entries.delete(key));
      }
      const ready = await entry;
      const encoding = chooseEncoding(request.headers['accept-encoding']);
      void reply
        .header('content-type', 'application/json; charset=utf-8')
        .header('vary', 'accept-encoding');
      if (encoding !== 'identity') void reply.header('content-encoding', encoding);
      return reply.send(encoding === 'identity' ? ready.identity : ready[encoding]);
    },
  };
}
