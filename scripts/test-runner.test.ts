import { describe, expect, it } from 'vitest';

interface PassCounts {
  passed: number;
  failed: number;
  skipped: number;
  brokenFiles: number;
  ok: boolean;
}

interface TestRunner {
  POSTGRES_SUITES: string[];
  summarizeVitestReport(report: unknown, exitCode: number): PassCounts;
  formatClosingLine(passes: ReadonlyArray<{ passed: number; failed: number }>): string;
  isCiEnvironment(env: Record<string, string | undefined>): boolean;
  formatNotice(title: string, lines: string[]): string;
}

// A specifier in a variable keeps tsc from looking for types of a plain .mjs script.
const runnerPath = './test.mjs';
const runner = (await import(runnerPath)) as TestRunner;

const file = (status: string, tests: string[]) => ({
  status,
  assertionResults: tests.map((s) => ({ status: s })),
});

describe('summarizeVitestReport', () => {
  it('reads passed, failed and skipped counts from a clean report', () => {
    const report = {
      numPassedTests: 10,
      numFailedTests: 0,
      numPendingTests: 2,
      numTodoTests: 1,
      testResults: [file('passed', ['passed', 'skipped'])],
    };
    expect(runner.summarizeVitestReport(report, 0)).toEqual({
      passed: 10,
      failed: 0,
      skipped: 3,
      brokenFiles: 0,
      ok: true,
    });
  });

  it('counts a file that failed without a failing test as one failure', () => {
    const report = {
      numPassedTests: 4,
      numFailedTests: 1,
      testResults: [
        file('failed', ['failed', 'passed']),
        file('failed', []),
        file('passed', ['passed']),
      ],
    };
    expect(runner.summarizeVitestReport(report, 1)).toMatchObject({
      passed: 4,
      failed: 2,
      brokenFiles: 1,
      ok: false,
    });
  });

  it.each([
    ['no report at all', null],
    ['an empty report', { numPassedTests: 0, numFailedTests: 0, testResults: [] }],
  ])('counts one failure when the runner exits non-zero with %s', (_label, report) => {
    expect(runner.summarizeVitestReport(report, 1)).toMatchObject({ failed: 1, ok: false });
  });

  it('treats an empty report with exit code 0 as a clean pass', () => {
    expect(runner.summarizeVitestReport({ testResults: [] }, 0)).toMatchObject({
      passed: 0,
      failed: 0,
      ok: true,
    });
  });
});

describe('formatClosingLine', () => {
  it('totals every pass into the plain closing line', () => {
    const passes = [
      { passed: 300, failed: 1 },
      { passed: 120, failed: 0 },
      { passed: 0, failed: 0 },
    ];
    expect(runner.formatClosingLine(passes)).toBe('420 passed, 1 failed');
  });

  it('matches the closing-line pattern CI reads', () => {
    expect(runner.formatClosingLine([{ passed: 0, failed: 0 }])).toMatch(
      /^\d+ passed, \d+ failed$/,
    );
  });
});

describe('isCiEnvironment', () => {
  it.each([
    ['true', true],
    ['1', true],
    ['TRUE', true],
    ['false', false],
    ['', false],
    [undefined, false],
  ])('reads CI=%s as %s', (value, expected) => {
    expect(runner.isCiEnvironment({ CI: value })).toBe(expected);
  });
});

describe('formatNotice', () => {
  it('frames the title and every line between rules as wide as the longest line', () => {
    const notice = runner.formatNotice('PostgreSQL skipped: only SQLite was tested.', [
      'apt-get install postgresql',
    ]);
    const lines = notice.trim().split('\n');
    expect(lines[0]).toMatch(/^=+$/);
    expect(lines.at(-1)).toBe(lines[0]);
    expect(lines[1]).toContain('PostgreSQL skipped');
    expect(lines[0]!.length).toBeGreaterThanOrEqual(lines[1]!.length);
  });
});

describe('POSTGRES_SUITES', () => {
  it('names the folders whose tests touch the database', () => {
    expect(runner.POSTGRES_SUITES).toEqual(['src/store', 'src/services', 'src/http', 'src/cli']);
  });
});
