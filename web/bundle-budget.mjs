#!/usr/bin/env node
// Reports the gzip size of the web cockpit's chunks and fails when the initial JavaScript —
// what index.html loads before the first page can render — is over budget.
// Usage: node web/bundle-budget.mjs [--budget-kb 500] [--json]   (BUNDLE_DIST=<dir>: another build)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import console from 'node:console';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = process.env.BUNDLE_DIST ?? path.resolve(here, '../dist/web');
const args = process.argv.slice(2);
const budgetKb = Number(args[args.indexOf('--budget-kb') + 1]) || 500;
const asJson = args.includes('--json');

/** Sizes of one built file. */
const measure = (rel) => {
  const bytes = fs.readFileSync(path.join(dist, rel));
  return { file: rel, bytes: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
};

/** The JavaScript files index.html loads at once: its module script and the modulepreloads. */
export function initialScripts(html) {
  const found = new Set();
  for (const m of html.matchAll(/<script[^>]+type="module"[^>]+src="\/?([^"]+)"/g)) found.add(m[1]);
  for (const m of html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="\/?([^"]+)"/g))
    found.add(m[1]);
  return [...found];
}

/** Follows the static imports of a chunk (what the browser must fetch before it runs). */
const staticImports = (rel, seen = new Set()) => {
  if (seen.has(rel)) return seen;
  seen.add(rel);
  const code = fs.readFileSync(path.join(dist, rel), 'utf8');
  for (const m of code.matchAll(
    /(?:^|[;\n}])\s*import\s*(?:[\w{},*\s$]+from\s*)?["']\.\/([^"']+\.js)["']/g,
  ))
    staticImports(path.posix.join(path.posix.dirname(rel), m[1]), seen);
  return seen;
};

if (!fs.existsSync(path.join(dist, 'index.html'))) {
  console.error(`no build in ${dist}: run npm run build first`);
  process.exit(2);
}
const html = fs.readFileSync(path.join(dist, 'index.html'), 'utf8');
const initial = new Set();
for (const rel of initialScripts(html)) for (const f of staticImports(rel)) initial.add(f);
const all = fs
  .readdirSync(path.join(dist, 'assets'))
  .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
  .map((f) => measure(`assets/${f}`))
  .sort((a, b) => b.gzip - a.gzip);
const initialFiles = all.filter((f) => initial.has(f.file));
const initialGzip = initialFiles.reduce((s, f) => s + f.gzip, 0);
const totalGzip = all.reduce((s, f) => s + f.gzip, 0);
const kb = (n) => (n / 1024).toFixed(1);
const ok = initialGzip <= budgetKb * 1024;
// The landing page (Overview) also needs its lazy chunk and what it imports, ECharts included.
const landing = new Set(initial);
for (const f of all.filter((x) => /\/overview-page-[^/]+\.js$/.test(x.file)))
  for (const g of staticImports(f.file)) landing.add(g);
const landingGzip = all.filter((f) => landing.has(f.file)).reduce((s, f) => s + f.gzip, 0);
// The stylesheets index.html loads block the first paint too (Ant Design's, since zeroRuntime).
const styleFiles = new Set(
  [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="\/?([^"]+)"/g)].map((m) => m[1]),
);
const initialCssGzip = all.filter((f) => styleFiles.has(f.file)).reduce((s, f) => s + f.gzip, 0);

if (asJson) {
  console.log(
    JSON.stringify(
      {
        budgetKb,
        initialGzip,
        initialCssGzip,
        landingGzip,
        totalGzip,
        ok,
        initial: initialFiles,
        all,
      },
      null,
      2,
    ),
  );
} else {
  console.log(`web bundle (dist/web), gzip level 9`);
  for (const f of all)
    console.log(
      `${initial.has(f.file) ? '*' : ' '} ${f.file.padEnd(44)} ${kb(f.bytes).padStart(8)} KB  ${kb(f.gzip).padStart(7)} KB gz`,
    );
  console.log(
    `* initial JavaScript: ${kb(initialGzip)} KB gzip (budget ${budgetKb} KB) — ${ok ? 'within budget' : 'OVER BUDGET'}`,
  );
  console.log(
    `  initial + Overview route: ${kb(landingGzip)} KB gzip (ECharts loads after the cards)`,
  );
  console.log(`  initial CSS (outside the budget): ${kb(initialCssGzip)} KB gzip`);
  console.log(`  all chunks and styles: ${kb(totalGzip)} KB gzip`);
}
process.exit(ok ? 0 : 1);
