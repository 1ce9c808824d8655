import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * SQL lives in src/store (one repository per aggregate); a service asks a repository.
 * The files below still hold queries and are being moved; the list only shrinks: a
 * file that no longer queries must leave it, and no new file may join it.
 */
const notYetConverted = new Set<string>();

const servicesFolder = path.dirname(fileURLToPath(import.meta.url));
const isTestFile = (name: string) => /\.test\.ts$|-fixture\.ts$/.test(name);

/** A Kysely query builder call, or the raw `sql` tag imported from kysely. */
const queryPatterns = [
  /\.(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto)\(/,
  /import\s*\{[^}]*\bsql\b[^}]*\}\s*from\s*'kysely'/,
];

const queriesIn = (source: string): string[] =>
  source
    .split('\n')
    .map((line, index) => ({ line: line.trim(), number: index + 1 }))
    .filter(({ line }) => queryPatterns.some((p) => p.test(line)))
    .map(({ line, number }) => `${number}: ${line}`);

describe('services hold no queries', () => {
  const files = fs
    .readdirSync(servicesFolder)
    .filter((name) => name.endsWith('.ts') && !isTestFile(name))
    .map((name) => ({
      name,
      queries: queriesIn(fs.readFileSync(path.join(servicesFolder, name), 'utf8')),
    }));

  it('finds the queries it looks for (the check can fail)', () => {
    expect(queriesIn("const row = await db\n  .selectFrom('unit')\n  .selectAll();")).toEqual([
      "2: .selectFrom('unit')",
    ]);
    expect(queriesIn("import { sql, type Kysely } from 'kysely';")).toHaveLength(1);
    expect(queriesIn("import type { Kysely } from 'kysely';")).toEqual([]);
  });

  it('has no query in a service outside the list still being converted', () => {
    const offending = files
      .filter((f) => f.queries.length > 0 && !notYetConverted.has(f.name))
      .map((f) => ({ file: f.name, queries: f.queries }));
    expect(offending).toEqual([]);
  });

  it('lists only files that still query (a converted file leaves the list)', () => {
    const names = new Set(files.map((f) => f.name));
    const stale = [...notYetConverted].filter(
      (name) => !names.has(name) || files.find((f) => f.name === name)?.queries.length === 0,
    );
    expect(stale).toEqual([]);
  });
});
