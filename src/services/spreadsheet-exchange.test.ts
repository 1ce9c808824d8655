import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsListed } from '../core/batch-audit.ts';
import { encodeGbk } from '../extract/text-encoding-test-support.ts';
import { buildZip, workbookParts } from '../extract/xlsx-test-support.ts';
import { templateColumns } from '../reports/entry-template.ts';
import { testEngine } from '../store/test-database.ts';
import { createCollectionFixture, type CollectionFixture } from './collection-test-fixture.ts';
import { createSpreadsheetExchange, parseCsv } from './spreadsheet-exchange.ts';
import { systemActor, type Actor } from './ports.ts';
import { saveUploadFile } from './upload-file.ts';
import { stopWorkbookRowThread } from '../extract/workbook-row-thread.ts';

const columnOf = (header: string) => templateColumns.findIndex((c) => c.header === header) + 1;

/** Loads an .xlsx buffer with exceljs. */
async function loadWorkbook(content: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  return workbook;
}

const toUpload = async (workbook: ExcelJS.Workbook, fileName = 'filled.xlsx') => ({
  fileName,
  contentBase64: Buffer.from(await workbook.xlsx.writeBuffer()).toString('base64'),
});

describe(`spreadsheet exchange on ${testEngine}`, () => {
  let f: CollectionFixture;
  let reporter: Actor;
  let townsReporter: Actor;

  const count = async () =>
    Number(
      (
        await f.database.db
          .selectFrom('observation')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  beforeAll(async () => {
    f = await createCollectionFixture();
    reporter = f.actor('reporter', ['T1'], 'reporter-t1');
    townsReporter = f.actor('reporter', ['D'], 'reporter-d');
    await f.service.saveEntries(
      [
        { unit: 'T1', indicator: 'RETAIL', period: '202403', value: 100, version: 0 },
        { unit: 'T2', indicator: 'RETAIL', period: '202403', value: 200, version: 0 },
        { unit: 'T1', indicator: 'EMPLOY', period: '202503', value: 5000, version: 0 },
      ],
      systemActor,
    );
  });
  afterAll(() => f.dispose());

  it('renders a template with hidden code columns, a Chinese header and what is there', async () => {
    const file = await f.service.renderTemplate(
      { under: 'D', period: '202503' },
      townsReporter,
      'xlsx',
    );
    expect(file.fileName).toBe('填报模板-D-202503.xlsx');
    const sheet = (await loadWorkbook(file.content)).getWorksheet('填报');
    expect(sheet).toBeDefined();
    if (!sheet) return;
    expect(sheet.getRow(1).values).toEqual([undefined, ...templateColumns.map((c) => c.header)]);
    expect([1, 2, 3, 4].map((n) => sheet.getColumn(n).hidden)).toEqual([true, true, true, true]);
    expect(sheet.getColumn(5).hidden).toBe(false);
    // Two towns × three monthly indicators; T1's EMPLOY is there already.
    expect(sheet.actualRowCount - 1).toBe(6);
    const employ = sheet.getRow(2);
    expect(employ.getCell(1).value).toBe('T1');
    expect(employ.getCell(2).value).toBe('EMPLOY');
    expect(employ.getCell(columnOf('本期数值')).value).toBe(5000);
    expect(employ.getCell(columnOf('版本')).value).toBe(1);
    const retailT2 = sheet.getRow(7);
    expect(retailT2.getCell(columnOf('上年同期')).value).toBe(200);
    // The cells to fill in are shaded, the others are not.
    const shaded = (n: number) =>
      (employ.getCell(n).fill as { fgColor?: { argb?: string } } | undefined)?.fgColor?.argb;
    expect([columnOf('本期数值'), columnOf('说明')].map(shaded)).toEqual(['FFFFF7D6', 'FFFFF7D6']);
    expect([1, columnOf('单位'), columnOf('上年同期')].map(shaded)).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('takes back a template another program saved: prefixed tags, inline and shared text, a formula by its saved result', async () => {
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const text = (ref: string, t: string) =>
      `<x:c r="${ref}" t="inlineStr"><x:is><x:t>${t}</x:t></x:is></x:c>`;
    const sheet = `<?xml version="1.0" encoding="utf-8"?><x:worksheet xmlns:x="${main}"><x:sheetData>
      <x:row r="1">${text('A1', '单位编码')}${text('B1', '指标编码')}${text('C1', '期间编码')}${text('D1', '本期数值')}${text('E1', '说明')}</x:row>
      <x:row r="2">${text('A2', 'T1')}${text('B2', 'RETAIL')}<x:c r="C2"><x:v>202505</x:v></x:c><x:c r="D2"><x:f>100+5</x:f><x:v>105</x:v></x:c></x:row>
      <x:row r="3"><x:c r="A3" t="s"><x:v>0</x:v></x:c>${text('B3', 'RETAIL')}${text('C3', '202505')}<x:c r="D3"><x:v>1.2E2</x:v></x:c><x:c r="E3" t="s"><x:v>1</x:v></x:c></x:row>
    </x:sheetData></x:worksheet>`;
    const content = buildZip(
      workbookParts([{ name: '五月', xml: sheet }], {
        sharedStrings: `<?xml version="1.0" encoding="utf-8"?><x:sst xmlns:x="${main}"><x:si><x:t>T2</x:t></x:si><x:si><x:r><x:t>新店</x:t></x:r><x:r><x:t>开业</x:t></x:r></x:si></x:sst>`,
      }),
    );
    const job = await f.service.upload(
      { fileName: 'wps.xlsx', contentBase64: content.toString('base64') },
      townsReporter,
    );
    expect(job).toMatchObject({ status: 'done', problems: [], result: { written: 2 } });
    expect(await f.stored('T1', 'RETAIL', '202505')).toMatchObject({ value: 105, comment: '' });
    expect(await f.stored('T2', 'RETAIL', '202505')).toMatchObject({
      value: 120,
      comment: '新店开业',
    });
  });

  it('keeps a one-unit template to that unit and refuses a unit outside the scope', async () => {
    const rows = await f.service.buildTemplateRows({ unit: 'T1', period: '202503' }, reporter);
    expect(new Set(rows.rows.map((r) => r.unitCode))).toEqual(new Set(['T1']));
    await expect(
      f.service.buildTemplateRows({ unit: 'T2', period: '202503' }, reporter),
    ).rejects.toMatchObject({
      code: 'OUT_OF_SCOPE',
    });
    const under = await f.service.buildTemplateRows({ under: 'D', period: '202503' }, reporter);
    expect(new Set(under.rows.map((r) => r.unitCode))).toEqual(new Set(['T1']));
  });

  it('round-trips a real .xlsx: download, fill in with exceljs, upload, values stored as drafts', async () => {
    const file = await f.service.renderTemplate(
      { under: 'D', period: '202503' },
      townsReporter,
      'xlsx',
    );
    const workbook = await loadWorkbook(file.content);
    const sheet = workbook.getWorksheet('填报')!;
    const filled: Record<string, number> = {};
    sheet.eachRow((row, n) => {
      if (n === 1) return;
      const key = `${row.getCell(1).text}:${row.getCell(2).text}`;
      const value = key.endsWith('GOODAIR') ? 82.5 : key.endsWith('RETAIL') ? 120 + n : null;
      if (value === null) return;
      row.getCell(columnOf('本期数值')).value = value;
      filled[key] = value;
    });
    const job = await f.service.upload(await toUpload(workbook), townsReporter);
    expect(job).toMatchObject({
      status: 'done',
      problems: [],
      total: 6,
      parsed: 6,
      // The blank row of T2's EMPLOY is not reported, so not validated.
      validated: 5,
      written: 4,
      result: { written: 4, inserted: 4, updated: 0, skipped: 1 },
    });
    for (const [key, value] of Object.entries(filled)) {
      const [unit = '', indicator = ''] = key.split(':');
      expect(await f.stored(unit, indicator, '202503')).toMatchObject({
        value,
        source: 'import',
        state: 'draft',
      });
    }
  });

  it('rejects a file with several bad cells, lists each with sheet, row and column, and writes nothing', async () => {
    const before = await count();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('三月');
    sheet.addRow(templateColumns.map((c) => c.header));
    const row = (unit: string, indicator: string, period: string, value: unknown, comment = '') =>
      sheet.addRow(
        templateColumns.map((c) =>
          c.key === 'unitCode'
            ? unit
            : c.key === 'indicatorCode'
              ? indicator
              : c.key === 'periodId'
                ? period
                : c.key === 'value'
                  ? value
                  : c.key === 'comment'
                    ? comment
                    : null,
        ),
      );
    row('T1', 'GOODAIR', '202504', 80); // good
    row('XX', 'GOODAIR', '202504', 80); // row 3: unknown unit
    row('T1', 'GOODAIR', '202505', '八十'); // row 4: not a number
    row('T1', 'RETAIL', '202404', -5); // row 5: a falling cumulative
    row('T2', 'RETAIL', '202503', 900); // row 6: 350% above March last year, without a comment
    row('T1', 'GDP', '202504', 1); // row 7: a monthly period for a quarterly indicator
    const job = await f.service.upload(await toUpload(workbook, '三月.xlsx'), townsReporter);
    expect(job.status).toBe('rejected');
    expect(job.problems.map((p) => [p.sheet, p.row, p.column, p.columnName, p.rule])).toEqual([
      ['三月', 3, 'A', '单位编码', 'unknown-unit'],
      ['三月', 4, 'J', '本期数值', 'not-a-number'],
      ['三月', 5, 'J', '本期数值', 'cumulative-falls'],
      ['三月', 6, 'K', '说明', 'yoy-needs-comment'],
      ['三月', 7, 'C', '期间编码', 'wrong-cadence'],
    ]);
    expect(job.problems[1]).toMatchObject({ value: '八十', reason: '数值必须是数字' });
    expect(await count()).toBe(before);
  });

  it('lists cells outside the reporter’s scope', async () => {
    const csv = [
      '单位编码,指标编码,期间编码,本期数值',
      'T2,GOODAIR,202504,80',
      'T1,GOODAIR,202504,80',
    ].join('\n');
    const job = await f.service.upload(
      { fileName: 'x.csv', contentBase64: Buffer.from(csv).toString('base64') },
      reporter,
    );
    expect(job.problems).toEqual([
      expect.objectContaining({ sheet: 'x.csv', row: 2, column: 'A', rule: 'out-of-scope' }),
    ]);
  });

  it('takes a CSV with the same columns, quoted fields and a byte-order mark', async () => {
    const file = await f.service.renderTemplate({ unit: 'T1', period: '202504' }, reporter, 'csv');
    const text = file.content.toString('utf8');
    expect(text.startsWith('\uFEFF单位编码,指标编码,期间编码,版本,单位')).toBe(true);
    const rows = parseCsv(text);
    const valueAt = columnOf('本期数值') - 1;
    const commentAt = columnOf('说明') - 1;
    for (const r of rows.slice(1)) {
      if (r[1] === 'RETAIL') {
        r[valueAt] = '1,300';
        r[commentAt] = '新商圈开业, "五一"预热';
      }
      if (r[1] === 'EMPLOY') r[valueAt] = '5100';
    }
    const csv = rows
      .map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(','))
      .join('\r\n');
    const job = await f.service.upload(
      { fileName: 'april.csv', contentBase64: Buffer.from(`\uFEFF${csv}`).toString('base64') },
      reporter,
    );
    expect(job).toMatchObject({ status: 'done', result: { written: 2 } });
    expect(await f.stored('T1', 'RETAIL', '202504')).toMatchObject({
      value: 1300,
      comment: '新商圈开业, "五一"预热',
    });
  });

  it('reads a CSV saved by Excel on a Chinese Windows (GBK) and says it read GB18030', async () => {
    const csv = [
      '单位编码,指标编码,期间编码,本期数值,说明',
      'T1,RETAIL,202507,1250,暑期促销带动零售增长',
    ].join('\r\n');
    const job = await f.service.upload(
      { fileName: '七月.csv', contentBase64: Buffer.from(encodeGbk(csv)).toString('base64') },
      reporter,
    );
    expect(job).toMatchObject({ status: 'done', encoding: 'gb18030', result: { written: 1 } });
    expect(await f.stored('T1', 'RETAIL', '202507')).toMatchObject({
      value: 1250,
      comment: '暑期促销带动零售增长',
    });
  });

  it('refuses in the upload a change to an approved value', async () => {
    await f.service.submit({ unit: 'T1', period: '202504' }, reporter);
    await f.service.review(
      { unit: 'T1', period: '202504', decision: 'approve' },
      f.actor('reviewer', ['D']),
    );
    const csv = ['单位编码,指标编码,期间编码,本期数值', 'T1,EMPLOY,202504,5200'].join('\n');
    const job = await f.service.upload(
      { fileName: 'late.csv', contentBase64: Buffer.from(csv).toString('base64') },
      reporter,
    );
    expect(job.problems).toEqual([
      expect.objectContaining({ row: 2, column: 'D', rule: 'locked' }),
    ]);
    expect(await f.stored('T1', 'EMPLOY', '202504')).toMatchObject({
      value: 5100,
      state: 'approved',
    });
  });

  it('refuses a stale version column in a re-uploaded template', async () => {
    const file = await f.service.renderTemplate({ unit: 'T1', period: '202505' }, reporter, 'xlsx');
    await f.service.saveEntries(
      [{ unit: 'T1', indicator: 'GOODAIR', period: '202505', value: 70, version: 0 }],
      reporter,
    );
    const workbook = await loadWorkbook(file.content);
    const sheet = workbook.getWorksheet('填报')!;
    sheet.eachRow((row, n) => {
      if (n > 1 && row.getCell(2).value === 'GOODAIR') row.getCell(columnOf('本期数值')).value = 75;
    });
    const job = await f.service.upload(await toUpload(workbook), reporter);
    expect(job.problems).toEqual([
      expect.objectContaining({ columnName: '版本', rule: 'conflict' }),
    ]);
    expect(await f.stored('T1', 'GOODAIR', '202505')).toMatchObject({ value: 70 });
  });

  it('reports progress through a job and keeps it from other users', async () => {
    const csv = ['单位编码,指标编码,期间编码,本期数值', 'T1,GOODAIR,202506,80'].join('\n');
    const started = await f.service.startUpload(
      { fileName: 'june.csv', contentBase64: Buffer.from(csv).toString('base64') },
      reporter,
    );
    expect(started.status).toBe('parsing');
    await expect(f.service.getUploadJob(started.id, townsReporter)).rejects.toThrow(
      /not found|找不到/,
    );
    const done = await f.service.waitForUpload(started.id, reporter);
    expect(await f.service.getUploadJob(started.id, reporter)).toMatchObject({
      status: 'done',
      parsed: 1,
      validated: 1,
      written: 1,
    });
    expect(done.finishedAt).not.toBeNull();
    // After a restart (a new service over the same database) the job is known from its audit entry.
    const restarted = createSpreadsheetExchange(f.deps);
    expect(await restarted.getUploadJob(started.id, reporter)).toMatchObject({
      status: 'done',
      fileName: 'june.csv',
      written: 1,
    });
    await expect(restarted.getUploadJob(started.id, townsReporter)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(restarted.getUploadJob('never-started', reporter)).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringMatching(/未写入任何数据/),
    });
  });

  it.each([
    ['notes.txt', Buffer.from('hello')],
    ['random.xlsx', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251))],
    // 'Unit,éÿ' in Latin-1: 0xff is no lead byte in UTF-8 or GB18030 either, so nothing reads it.
    ['latin1.csv', Buffer.from([0x55, 0x6e, 0x69, 0x74, 0x2c, 0xe9, 0xff, 0x0a])],
    ['binary.csv', Buffer.from('单位编码,指标编码\u0000\u0001')],
    ['empty.csv', Buffer.alloc(0)],
    // A zip signature and nothing an archive holds after it.
    ['truncated.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 7)])],
  ])(
    'refuses %s at once as UNREADABLE_DOCUMENT, starting no job and writing nothing',
    async (fileName, content) => {
      const before = await count();
      await expect(
        f.service.startUpload({ fileName, contentBase64: content.toString('base64') }, reporter),
      ).rejects.toMatchObject({ code: 'UNREADABLE_DOCUMENT' });
      expect(await count()).toBe(before);
    },
  );

  it('refuses at once an .xlsx that would unpack to far more than it weighs (a zip bomb)', async () => {
    const workbook = new ExcelJS.Workbook();
    // 20 MB of one letter packs a thousand times smaller: no template is made of that.
    workbook.addWorksheet('填报').addRow(['单位编码', 'a'.repeat(20 * 1024 ** 2)]);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    expect(content.length).toBeLessThan(1024 ** 2);
    const before = await count();
    await expect(
      f.service.startUpload(
        { fileName: 'bomb.xlsx', contentBase64: content.toString('base64') },
        reporter,
      ),
    ).rejects.toMatchObject({
      code: 'UNREADABLE_DOCUMENT',
      message: expect.stringMatching(/解压后过大/),
    });
    expect(await count()).toBe(before);
  });

  it('refuses at once a zip archive that holds no workbook', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('填报').addRow(['单位编码']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    // The same archive with its workbook part renamed: still a zip, no longer a workbook.
    const renamed = Buffer.from(
      xlsx.toString('latin1').replaceAll('xl/workbook.xml', 'xl/workbook.xmX'),
      'latin1',
    );
    await expect(
      f.service.startUpload(
        { fileName: 'no-workbook.xlsx', contentBase64: renamed.toString('base64') },
        reporter,
      ),
    ).rejects.toMatchObject({ code: 'UNREADABLE_DOCUMENT' });
  });

  describe('an upload written in parts of three rows', () => {
    const inParts = () => createSpreadsheetExchange({ ...f.deps, uploadChunkRows: 3 });
    const header = '单位编码,指标编码,期间编码,本期数值';
    /** Seven rows of 2023, in T1 and T2: three parts, the last of one row. */
    const sevenRows = (last = 'T2,EMPLOY,202302,130') =>
      [
        header,
        'T1,RETAIL,202301,101',
        'T1,RETAIL,202302,102',
        'T2,RETAIL,202301,103',
        'T2,RETAIL,202302,104',
        'T1,EMPLOY,202301,110',
        'T1,EMPLOY,202302,120',
        last,
      ].join('\n');
    const csv = (fileName: string, text: string) => ({
      fileName,
      contentBase64: Buffer.from(text).toString('base64'),
    });
    const auditOf = (jobId: string) =>
      f.database.db
        .selectFrom('audit_log')
        .select(['new_value'])
        .where('entity_id', '=', `upload:${jobId}`)
        .orderBy('seq')
        .execute();
    const storedIn2023 = async () =>
      (
        await f.database.db
          .selectFrom('observation')
          .select('value')
          .where('year', '=', 2023)
          .execute()
      ).length;

    it('rolls back the parts already written when a later part has a bad cell', async () => {
      const job = await inParts().upload(
        csv('2023-bad.csv', sevenRows('T2,EMPLOY,202302,abc')),
        townsReporter,
      );
      expect(job).toMatchObject({ status: 'rejected', problemCount: 1, written: 0 });
      expect(job.problems).toEqual([expect.objectContaining({ row: 8, rule: 'not-a-number' })]);
      expect(await storedIn2023()).toBe(0);
      expect(await auditOf(job.id)).toEqual([]);
    });

    it('rolls back the parts already written when the file turns out unreadable further on', async () => {
      // Parts are checked and written while the rest of the file is still being read: here
      // two parts of three rows are written before the reader meets a row that never ends.
      const cell = (ref: string, text: string) =>
        `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
      const rows = sevenRows()
        .split('\n')
        .map((line, i) => {
          const [unit, indicator, period, value] = line.split(',') as [
            string,
            string,
            string,
            string,
          ];
          const n = i + 1;
          const last = i === 0 ? cell(`D${n}`, value) : `<c r="D${n}"><v>${value}</v></c>`;
          return `<row r="${n}">${cell(`A${n}`, unit)}${cell(`B${n}`, indicator)}${cell(`C${n}`, period)}${last}</row>`;
        });
      const parts = workbookParts([{ name: '填报', xml: '' }]);
      parts['xl/worksheets/sheet1.xml'] =
        `<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData>${rows.join('')}` +
        '<row r="9"><c r="A9" t="inlineStr"><is><t>T1</t></is></c>';
      const job = await inParts().upload(
        { fileName: '2023-cut.xlsx', contentBase64: buildZip(parts).toString('base64') },
        townsReporter,
      );
      expect(job).toMatchObject({
        status: 'failed',
        error: { code: 'UNREADABLE_DOCUMENT' },
        validated: 6,
        written: 0,
      });
      expect(await storedIn2023()).toBe(0);
      expect(await auditOf(job.id)).toEqual([]);
    });

    it('finds a duplicate in a later part of a row in an earlier one', async () => {
      const job = await inParts().upload(
        csv('2023-twice.csv', sevenRows('T1,RETAIL,202301,99')),
        townsReporter,
      );
      expect(job).toMatchObject({ status: 'rejected', problemCount: 1 });
      expect(job.problems).toEqual([expect.objectContaining({ row: 8, rule: 'duplicate' })]);
      expect(await storedIn2023()).toBe(0);
    });

    it('writes every part in one transaction, each with its own audit entry listing its rows', async () => {
      const job = await inParts().upload(csv('2023.csv', sevenRows()), townsReporter);
      expect(job).toMatchObject({
        status: 'done',
        written: 7,
        result: { written: 7, inserted: 7, updated: 0 },
      });
      expect(await storedIn2023()).toBe(7);
      const entries = await auditOf(job.id);
      expect(entries.map((e) => rowsListed(JSON.parse(e.new_value ?? '[]')))).toEqual([3, 3, 1]);
      // Read back from the audit alone, as after a restart, the job shows every row written.
      const reread = await createSpreadsheetExchange(f.deps).getUploadJob(job.id, townsReporter);
      expect(reread).toMatchObject({ status: 'done', written: 7 });
    });
  });

  it('removes the received file when the job ends, and a refused file at once', async () => {
    const good = await saveUploadFile(
      'one.csv',
      Buffer.from('单位编码,指标编码,期间编码,本期数值\nT1,RETAIL,202201,5\n'),
    );
    const job = await f.service.upload(good, reporter);
    expect(job.status).toBe('done');
    expect(fs.existsSync(good.path)).toBe(false);
    const refused = await saveUploadFile('noise.xlsx', Buffer.from('PK\u0003\u0004 no archive'));
    await expect(f.service.startUpload(refused, reporter)).rejects.toMatchObject({
      code: 'UNREADABLE_DOCUMENT',
    });
    expect(fs.existsSync(refused.path)).toBe(false);
  });

  it('lists the first 1,000 of 130,000 bad cells in row order and counts them all', async () => {
    const before = await count();
    const lines = ['单位编码,指标编码,期间编码,本期数值'];
    for (let i = 0; i < 130_000; i += 1) lines.push(`T1,RETAIL,202505,not-${i}`);
    const job = await f.service.upload(
      {
        fileName: 'many-bad.csv',
        contentBase64: Buffer.from(lines.join('\n')).toString('base64'),
      },
      reporter,
    );
    expect(job.status).toBe('rejected');
    expect(job.problemCount).toBeGreaterThanOrEqual(130_000);
    expect(job.problems).toHaveLength(1000);
    expect(job.problems[0]).toMatchObject({ row: 2, column: 'D' });
    expect(job.problems.map((p) => p.row)).toEqual(
      [...job.problems.map((p) => p.row)].sort((a, b) => a - b),
    );
    expect(await count()).toBe(before);
  }, 60_000);

  describe('with the .xlsx read on the warm reading thread', () => {
    const threaded = () => createSpreadsheetExchange({ ...f.deps, uploadParseThread: true });
    afterAll(() => stopWorkbookRowThread());
    /** A template of T1's RETAIL for the months of `year`, `value(k)` in month k (1–12). */
    async function monthsOf(year: number, value: (month: number) => unknown) {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('填报');
      sheet.addRow(templateColumns.map((c) => c.header));
      for (let m = 1; m <= 12; m++) {
        const period = `${year}${String(m).padStart(2, '0')}`;
        sheet.addRow(
          templateColumns.map((c) =>
            c.key === 'unitCode'
              ? 'T1'
              : c.key === 'indicatorCode'
                ? 'RETAIL'
                : c.key === 'periodId'
                  ? period
                  : c.key === 'version'
                    ? 0
                    : c.key === 'value'
                      ? value(m)
                      : c.key === 'unitName'
                        ? '一街道'
                        : null,
          ),
        );
      }
      return toUpload(workbook, `${year}.xlsx`);
    }

    it('writes what the file holds, and lists a bad cell where it is, as when read in this thread', async () => {
      const job = await threaded().upload(await monthsOf(2021, (m) => 1000 + m), reporter);
      expect(job).toMatchObject({ status: 'done', parsed: 12, result: { written: 12 } });
      expect(await f.stored('T1', 'RETAIL', '202107')).toMatchObject({ value: 1007 });
      const bad = await threaded().upload(
        await monthsOf(2019, (m) => (m === 5 ? '五百' : 2000 + m)),
        reporter,
      );
      expect(bad.status).toBe('rejected');
      expect(bad.problems.map((p) => [p.sheet, p.row, p.column, p.rule])).toEqual([
        ['填报', 6, 'J', 'not-a-number'],
      ]);
      expect(await f.stored('T1', 'RETAIL', '201907')).toBeUndefined();
    });

    it('fails the job with the reason, writing nothing, when the reading thread stops under it', async () => {
      const before = await count();
      // A sheet of 20 MB (20 pieces), written plainly: the thread is still reading, or waiting
      // to be asked for more, when the first part arrives.
      const cell = (ref: string, text: string) =>
        `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
      const rows = [
        '<row r="1">' +
          cell('A1', '单位编码') +
          cell('B1', '指标编码') +
          cell('C1', '期间编码') +
          cell('D1', '本期数值') +
          '</row>',
      ];
      for (let n = 2; n <= 150_000; n++)
        rows.push(
          `<row r="${n}">${cell(`A${n}`, 'T2')}${cell(`B${n}`, 'GOODAIR')}${cell(`C${n}`, '202001')}<c r="D${n}"><v>${50 + (n % 7)}</v></c></row>`,
        );
      const file = buildZip(workbookParts([{ name: '填报', xml: rows.join('') }]), [
        'xl/worksheets/sheet1.xml',
      ]);
      const exchange = createSpreadsheetExchange({
        ...f.deps,
        uploadParseThread: true,
        uploadChunkRows: 500,
      });
      const started = await exchange.startUpload(
        { fileName: 'big.xlsx', contentBase64: file.toString('base64') },
        reporter,
      );
      while ((await exchange.getUploadJob(started.id, reporter)).parsed === 0)
        await new Promise((resolve) => setTimeout(resolve, 1));
      await stopWorkbookRowThread();
      const job = await exchange.waitForUpload(started.id, reporter);
      expect(job).toMatchObject({ status: 'failed', written: 0, error: { code: 'INTERNAL' } });
      expect(job.error?.messageEn).toMatch(/thread reading the file stopped/);
      expect(await count()).toBe(before);
    }, 60_000);
  });
});

describe('parseCsv', () => {
  it.each([
    [
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['"x, y","say ""hi"""', [['x, y', 'say "hi"']]],
    ['"line\nbreak",2', [['line\nbreak', '2']]],
    ['\uFEFFa', [['a']]],
    ['a,,c', [['a', '', 'c']]],
  ])('reads %j', (text, expected) => {
    expect(parseCsv(text)).toEqual(expected);
  });
});
