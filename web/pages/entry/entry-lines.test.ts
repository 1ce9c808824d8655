import { describe, expect, it } from 'vitest';
import { ApiError, type EntryFormData, type FormLineData } from '../../app/api.ts';
import {
  applyCurrentValues,
  buildEntries,
  checkLine,
  conflictsOf,
  countStates,
  hasSubmittable,
  initialDraft,
  isLineEditable,
  parseEnteredNumber,
  problemsOf,
  switchDraftMode,
  type LineDraft,
} from './entry-lines.ts';

const buildLine = (overrides: Partial<FormLineData> = {}): FormLineData => ({
  indicatorCode: 'RETAIL',
  indicatorName: '社会消费品零售总额',
  indicatorNameEn: 'Retail sales of consumer goods',
  unit: '亿元',
  measure: 'flow',
  decimals: 2,
  current: null,
  lastYearPeriodId: '202412',
  lastYearValue: 100,
  previousCumulative: 1000,
  lastYearCumulative: 1100,
  rules: {
    minValue: 0,
    maxValue: null,
    maxYoyChangePct: 50,
    maxMagnitude: null,
    acceptsCumulative: true,
  },
  ...overrides,
});

const stored = (
  value: number,
  state: 'draft' | 'submitted' | 'approved' | 'returned' = 'draft',
) => ({
  value,
  state,
  version: 3,
  comment: '',
  reviewReason: '',
  source: 'entered',
  submittedAt: null,
  updatedAt: '2025-12-05T00:00:00Z',
  updatedBy: 'town-reporter',
});

const buildForm = (lines: FormLineData[], canWrite = true): EntryFormData => ({
  unit: { code: '500106001', name: '小龙坎街道', kind: 'region' },
  period: { id: '202512', type: 'month', start: '2025-12-01', end: '2025-12-31' },
  canWrite,
  lines,
  counts: { due: lines.length, missing: 0, draft: 0, submitted: 0, approved: 0, returned: 0 },
});

const draft = (text: string, comment = ''): LineDraft => ({ text, comment });

describe('parseEnteredNumber', () => {
  it.each([
    ['', null],
    ['  ', null],
    ['12', 12],
    ['1,234.5', 1234.5],
    ['１２．５', 12.5],
    ['-3', -3],
    ['.5', 0.5],
    ['1e3', 1000],
  ])('reads %j as %j', (text, expected) => {
    expect(parseEnteredNumber(text)).toBe(expected);
  });

  it.each(['abc', '12abc', '1.2.3', '--1'])('reads %j as not a number', (text) => {
    expect(parseEnteredNumber(text)).toBeNaN();
  });
});

describe('checkLine', () => {
  it('computes the year-on-year change and the cumulative as the reporter types', () => {
    const c = checkLine(buildLine(), draft('120'), 'period');
    expect(c.periodValue).toBe(120);
    expect(c.yoyChangePct).toBeCloseTo(20);
    expect(c.cumulative).toBe(1120);
    expect(c.problems).toEqual([]);
    expect(c.isDirty).toBe(true);
  });

  it('takes a cumulative entry less the previous cumulative as the period value', () => {
    const c = checkLine(buildLine(), draft('1130'), 'cumulative');
    expect(c.periodValue).toBe(130);
    expect(c.yoyChangePct).toBeCloseTo(30);
  });

  it('asks for a comment when the change against last year is beyond the threshold', () => {
    const c = checkLine(buildLine(), draft('200'), 'period');
    expect(c.problems.map((p) => [p.rule, p.field])).toEqual([['yoy-needs-comment', 'comment']]);
    expect(checkLine(buildLine(), draft('200', '新开商场'), 'period').problems).toEqual([]);
  });

  it('refuses a cumulative below the previous one', () => {
    const c = checkLine(buildLine(), draft('900'), 'cumulative');
    expect(c.problems.map((p) => p.rule)).toEqual(['cumulative-falls']);
  });

  it.each([
    [{ minValue: 10, maxValue: null }, '5', 'below-min'],
    [{ minValue: null, maxValue: 50 }, '60', 'above-max'],
    // The indicator's own magnitude bound: a rate in percent never beyond ±1,000.
    [{ minValue: null, maxValue: null, maxMagnitude: 1000 }, '-1200', 'beyond-magnitude'],
  ])('applies the bounds %j to %s', (bounds, text, rule) => {
    const line = buildLine({
      measure: 'stock',
      lastYearValue: null,
      previousCumulative: null,
      rules: { maxMagnitude: null, ...bounds, maxYoyChangePct: null, acceptsCumulative: false },
    });
    expect(checkLine(line, draft(text), 'period').problems.map((p) => p.rule)).toEqual([rule]);
  });

  it('flags text that is not a number', () => {
    expect(checkLine(buildLine(), draft('abc'), 'period').problems.map((p) => p.rule)).toEqual([
      'not-a-number',
    ]);
  });

  it('enters a stock as its level even in cumulative mode', () => {
    const line = buildLine({ measure: 'stock', previousCumulative: null });
    expect(checkLine(line, draft('120'), 'cumulative').periodValue).toBe(120);
  });

  it('is not dirty when the value and comment are what is stored', () => {
    const line = buildLine({ current: stored(120) });
    expect(checkLine(line, draft('120'), 'period').isDirty).toBe(false);
    expect(checkLine(line, draft('1120'), 'cumulative').isDirty).toBe(false);
    expect(checkLine(line, draft('121'), 'period').isDirty).toBe(true);
    expect(checkLine(line, draft('120', '说明'), 'period').isDirty).toBe(true);
  });

  it('leaves an emptied box alone instead of saving it', () => {
    const c = checkLine(buildLine({ current: stored(120) }), draft(''), 'period');
    expect(c.isDirty).toBe(false);
    expect(c.entered).toBeNull();
  });
});

describe('initialDraft and switchDraftMode', () => {
  it('shows the stored value in the chosen mode', () => {
    const line = buildLine({ current: stored(0.3) });
    expect(initialDraft(line, 'period').text).toBe('0.3');
    expect(initialDraft(line, 'cumulative').text).toBe('1000.3');
    expect(initialDraft(buildLine(), 'period')).toEqual({ text: '', comment: '' });
  });

  it('keeps the meaning of a typed number when the mode switches', () => {
    const line = buildLine({ previousCumulative: 0.1 });
    const cumulative = switchDraftMode(line, draft('0.2'), 'cumulative');
    expect(cumulative.text).toBe('0.3');
    expect(switchDraftMode(line, cumulative, 'period').text).toBe('0.2');
  });

  it('leaves non-flows and unreadable text as typed', () => {
    expect(switchDraftMode(buildLine({ measure: 'rate' }), draft('5'), 'cumulative').text).toBe(
      '5',
    );
    expect(switchDraftMode(buildLine(), draft('x'), 'cumulative').text).toBe('x');
  });
});

describe('buildEntries', () => {
  it('sends changed lines with the version edited and holds back lines that break a rule', () => {
    const form = buildForm([
      buildLine({ indicatorCode: 'A', current: stored(100) }),
      buildLine({ indicatorCode: 'B' }),
      buildLine({ indicatorCode: 'C' }),
      buildLine({ indicatorCode: 'D' }),
    ]);
    const drafts = new Map([
      ['A', draft('1110')],
      ['B', draft('1105', '  ok ')],
      ['C', draft('1500')],
      ['D', draft('')],
    ]);
    expect(buildEntries(form, drafts, 'cumulative')).toEqual({
      entries: [
        {
          unit: '500106001',
          indicator: 'A',
          period: '202512',
          value: 1110,
          mode: 'cumulative',
          version: 3,
        },
        {
          unit: '500106001',
          indicator: 'B',
          period: '202512',
          value: 1105,
          mode: 'cumulative',
          comment: 'ok',
          version: 0,
        },
      ],
      blocked: ['C'],
    });
  });

  it('skips approved lines and everything when the unit is not writable', () => {
    const locked = buildLine({ indicatorCode: 'A', current: stored(100, 'approved') });
    const open = buildLine({ indicatorCode: 'B' });
    const drafts = new Map([
      ['A', draft('110')],
      ['B', draft('110')],
    ]);
    expect(
      buildEntries(buildForm([locked, open]), drafts, 'period').entries.map((e) => e.indicator),
    ).toEqual(['B']);
    expect(buildEntries(buildForm([locked, open], false), drafts, 'period').entries).toEqual([]);
    expect(isLineEditable(buildForm([locked]), locked)).toBe(false);
  });

  it('keeps submitted lines read-only until a reviewer returns them', () => {
    const waiting = buildLine({ indicatorCode: 'A', current: stored(100, 'submitted') });
    const returned = buildLine({ indicatorCode: 'B', current: stored(100, 'returned') });
    expect(isLineEditable(buildForm([waiting]), waiting)).toBe(false);
    expect(isLineEditable(buildForm([returned]), returned)).toBe(true);
    const drafts = new Map([
      ['A', draft('110')],
      ['B', draft('110')],
    ]);
    expect(
      buildEntries(buildForm([waiting, returned]), drafts, 'period').entries.map(
        (e) => e.indicator,
      ),
    ).toEqual(['B']);
  });
});

describe('server answers', () => {
  it('reads the current values of a conflict', () => {
    const error = new ApiError(409, {
      code: 'CONFLICT',
      message: '冲突',
      messageEn: 'conflict',
      details: {
        conflicts: [
          {
            unit: 'u',
            indicator: 'RETAIL',
            period: 'p',
            yourVersion: 0,
            current: { value: 1.8, version: 1, state: 'draft' },
          },
          { indicator: 'BROKEN' },
        ],
      },
    });
    expect([...conflictsOf(error)]).toEqual([
      ['RETAIL', { value: 1.8, version: 1, state: 'draft' }],
    ]);
    expect(conflictsOf(new Error('x')).size).toBe(0);
  });

  it('reads the problems of a rejected save by indicator', () => {
    const error = new ApiError(400, {
      code: 'VALIDATION_FAILED',
      message: '校验失败',
      messageEn: 'failed',
      details: {
        problems: [
          {
            row: 1,
            indicator: 'RETAIL',
            field: 'comment',
            rule: 'yoy-needs-comment',
            reason: '请填写说明',
            reasonEn: 'add a comment',
          },
        ],
      },
    });
    expect(problemsOf(error).get('RETAIL')).toEqual([
      {
        rule: 'yoy-needs-comment',
        field: 'comment',
        reason: '请填写说明',
        reasonEn: 'add a comment',
      },
    ]);
  });

  it('puts the current values of a conflict in place of the loaded ones', () => {
    const form = buildForm([
      buildLine({ indicatorCode: 'A' }),
      buildLine({ indicatorCode: 'B', current: stored(5) }),
    ]);
    const next = applyCurrentValues(
      form,
      new Map([['A', { value: 7, version: 2, state: 'submitted' }]]),
    );
    expect(next.lines[0]!.current).toMatchObject({ value: 7, version: 2, state: 'submitted' });
    expect(next.lines[1]).toBe(form.lines[1]);
    expect(applyCurrentValues(form, new Map())).toBe(form);
  });
});

describe('form state', () => {
  it('counts the lines by state and knows when something can be submitted', () => {
    const form = buildForm([
      buildLine({ indicatorCode: 'A' }),
      buildLine({ indicatorCode: 'B', current: stored(1, 'approved') }),
      buildLine({ indicatorCode: 'C', current: stored(1, 'returned') }),
    ]);
    expect(countStates(form)).toEqual({
      missing: 1,
      draft: 0,
      submitted: 0,
      approved: 1,
      returned: 1,
    });
    expect(hasSubmittable(form)).toBe(true);
    expect(hasSubmittable(buildForm([buildLine({ current: stored(1, 'submitted') })]))).toBe(false);
  });
});
