// Vite build of the web cockpit: web/ → dist/web, served by the Lantu server (see src/http).
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import zlib from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const vendorGroups: { name: string; test: RegExp; priority: number }[] = [
  // React and the router change rarely: one long-cached chunk.
  {
    name: 'react',
    test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler)[\\/]/,
    priority: 40,
  },
  // ECharts and zrender are only needed by pages with charts; a separate chunk keeps them off the shell.
  { name: 'echarts', test: /node_modules[\\/](echarts|zrender|tslib)[\\/]/, priority: 30 },
  // exceljs is loaded on the first export only.
  { name: 'exceljs', test: /node_modules[\\/]exceljs[\\/]/, priority: 30 },
];

const earlyStart = fileURLToPath(new URL('./web/early-start.ts', import.meta.url));
const landingPage = fileURLToPath(
  new URL('./web/pages/overview/overview-page.tsx', import.meta.url),
);

/**
 * What the landing page (the Overview) needs first, in index.html: web/early-start.ts as a
 * script of its own ahead of the app's — Vite would otherwise fold every script of the page
 * into one entry, and the page's requests would wait until React and Ant Design had downloaded
 * and evaluated — and modulepreloads of the Overview's chunks, fetched beside the app's.
 */
function landingScripts(): Plugin {
  return {
    name: 'lantu-landing-scripts',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const early = { tag: 'script', injectTo: 'head-prepend' as const };
        const module = { type: 'module', crossorigin: true };
        // The dev server compiles the script on request and serves every module on its own.
        if (!ctx.bundle)
          return { html, tags: [{ ...early, attrs: { ...module, src: '/early-start.ts' } }] };
        const chunks = Object.values(ctx.bundle).filter((c) => c.type === 'chunk');
        const byFile = new Map(chunks.map((c) => [c.fileName, c]));
        const entryOf = (id: string) => {
          const chunk = chunks.find((c) => c.facadeModuleId === id);
          if (!chunk) throw new Error(`${id} is missing from the build`);
          return chunk;
        };
        const withImports = (file: string, seen = new Set<string>()) => {
          if (seen.has(file)) return seen;
          seen.add(file);
          for (const f of byFile.get(file)?.imports ?? []) withImports(f, seen);
          return seen;
        };
        const app = ctx.chunk ? withImports(ctx.chunk.fileName) : new Set<string>();
        const landing = [...withImports(entryOf(landingPage).fileName)].filter((f) => !app.has(f));
        return {
          html,
          tags: [
            { ...early, attrs: { ...module, src: `/${entryOf(earlyStart).fileName}` } },
            ...landing.map((f) => ({
              tag: 'link',
              attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}` },
              injectTo: 'head' as const,
            })),
          ],
        };
      },
    },
  };
}

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/**
 * Writes a .br and a .gz beside every script and style of the build, compressed once at the
 * highest levels; the server sends them as they are (src/http/app.ts, preCompressed) instead
 * of compressing each file for each visitor while the page's API requests wait behind it.
 */
function precompressed(): Plugin {
  return {
    name: 'lantu-precompressed',
    apply: 'build',
    async writeBundle(options, bundle) {
      const dir = options.dir ?? '';
      const files = Object.keys(bundle).filter((f) => /\.(js|css)$/.test(f));
      await Promise.all(
        files.map(async (f) => {
          const file = path.join(dir, f);
          const data = await fs.readFile(file);
          if (data.length < 1024) return; // the server leaves those uncompressed too
          const [br, gz] = await Promise.all([
            brotli(data, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
            gzip(data, { level: 9 }),
          ]);
          await Promise.all([fs.writeFile(`${file}.br`, br), fs.writeFile(`${file}.gz`, gz)]);
        }),
      );
    },
  };
}

export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [react(), landingScripts(), precompressed()],
  build: {
    outDir: '../dist/web',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      input: {
        index: fileURLToPath(new URL('./web/index.html', import.meta.url)),
        'early-start': earlyStart,
      },
      output: {
        codeSplitting: { groups: vendorGroups },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  preview: {
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
});
