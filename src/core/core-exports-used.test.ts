import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * No dead code in core: every value src/core exports is used by code that runs — in its own
 * file or elsewhere in src/, web/, bench/ or scripts/ — not only by tests. A rule the
 * services or the web re-code instead of calling shows up here as an export nobody uses.
 */
/**
 * Exports that only tests use today, each a rule whose running caller re-codes it or that
 * nothing needs yet; the list only shrinks (a name that gains a caller must leave it).
 */
const onlyTestedYet = new Set<string>([]);

const repositoryRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const coreFolder = path.join(repositoryRoot, 'src/core');
const runningFolders = ['src', 'web', 'bench', 'scripts'].map((f) => path.join(repositoryRoot, f));

const isTestCode = (file: string) =>
  /\.(test|spec)\.tsx?$|fixture\.ts$|test-support\.ts$|[\\/]test-[\w-]+\.ts$|[\\/]web[\\/]test[\\/]/.test(
    file,
  );

const filesUnder = (folder: string): string[] =>
  fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : filesUnder(full);
    return /\.(ts|tsx|mjs)$/.test(entry.name) ? [full] : [];
  });

/** The source without comments, so that an @example naming a function is not a use of it. */
const withoutComments = (source: string) =>
  source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');

/** The names of the values a file exports (functions, constants, classes). */
const exportedValues = (source: string): string[] =>
  [
    ...withoutComments(source).matchAll(
      /^export\s+(?:async\s+)?(?:function\*?|const|let|class)\s+([A-Za-z_$][\w$]*)/gm,
    ),
  ].map((m) => m[1] ?? '');

const uses = (source: string, name: string) =>
  (source.match(new RegExp(`(?<![\\w$.])${name.replace(/\$/g, '\\$')}(?![\\w$])`, 'g')) ?? [])
    .length;

describe('core exports only what running code uses', () => {
  it('reads exported names and ignores those in comments (the check can fail)', () => {
    const source = [
      '/** @example unused(1) */',
      'export function used(a: number) { return a; }',
      'export const alsoUsed = 1;',
      '// export const commented = 2;',
      'export type NotAValue = string;',
    ].join('\n');
    expect(exportedValues(source)).toEqual(['used', 'alsoUsed']);
    expect(uses(withoutComments(source), 'unused')).toBe(0);
  });

  it('has no export that only tests use', () => {
    const running = runningFolders
      .filter((f) => fs.existsSync(f))
      .flatMap(filesUnder)
      .filter((f) => !isTestCode(f))
      .map((file) => ({ file, source: withoutComments(fs.readFileSync(file, 'utf8')) }));
    const unused = running
      .filter(({ file }) => file.startsWith(coreFolder + path.sep))
      .flatMap(({ file, source }) =>
        exportedValues(source)
          .filter(
            (name) =>
              uses(source, name) === 1 &&
              !running.some((other) => other.file !== file && uses(other.source, name) > 0),
          )
          .map((name) => `${path.relative(repositoryRoot, file)}: ${name}`),
      );
    expect(unused.filter((name) => !onlyTestedYet.has(name))).toEqual([]);
    expect([...onlyTestedYet].filter((name) => !unused.includes(name))).toEqual([]);
  });
});
