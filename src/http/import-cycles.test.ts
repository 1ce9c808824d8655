/**
 * No file of src/http or src/store reaches itself through its imports (type imports
 * included): a route file imports the services' type, never the app that imports it. The
 * graph is read from the source text, so a new circle fails here before it confuses a reader.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const srcRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The relative imports and re-exports of a file, resolved to absolute paths. */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^;]*?from\s+'(\.{1,2}\/[^']+)'/gu)].map((m) =>
    path.resolve(path.dirname(file), m[1]!),
  );
}

/** Every circle through the files of `folder`, as the list of files around it. */
function circlesIn(folder: string): string[][] {
  const files = sourceFiles(path.join(srcRoot, folder));
  const inFolder = new Set(files);
  const graph = new Map(files.map((f) => [f, importsOf(f).filter((i) => inFolder.has(i))]));
  const circles: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open')
        circles.push(stack.slice(stack.indexOf(next)).map((f) => path.relative(srcRoot, f)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of files) if (!state.has(file)) visit(file);
  return circles;
}

describe('imports', () => {
  it.each(['http', 'store'])('form no circle in src/%s', (folder) => {
    expect(circlesIn(folder)).toEqual([]);
  });

  it('finds a circle when there is one (the walker itself)', () => {
    const dir = fs.mkdtempSync(path.join(srcRoot, 'http', '.cycle-probe-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'a.ts'),
        "import type { B } from './b.ts';\nexport type A = B;\n",
      );
      fs.writeFileSync(
        path.join(dir, 'b.ts'),
        "import type { A } from './a.ts';\nexport type B = A;\n",
      );
      const circles = circlesIn(path.join('http', path.basename(dir)));
      expect(circles).toHaveLength(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
