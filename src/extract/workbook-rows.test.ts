import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { isDomainError } from '../core/domain-error.ts';
import {
  isDateFormat,
  readWorkbookRowBatches,
  readWorkbookRows,
  type CellContent,
} from './workbook-rows.ts';
import { buildZip, workbookParts } from './xlsx-test-support.ts';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-workbook-rows-'));
afterAll(() => fs.rmSync(folder, { recursive: true, force: true }));
let fileCount = 0;
const saved = (content: Buffer | ArrayBuffer) => {
  const file = path.join(folder, `${++fileCount}.xlsx`);
  fs.writeFileSync(file, Buffer.from(content as ArrayBuffer));
  return file;
};

async function readAll(file: string, options?: Parameters<typeof readWorkbookRows>[1]) {
  const rows: { sheet: string; number: number; values: Record<number, CellContent> }[] = [];
  for await (const row of readWorkbookRows(file, options))
    rows.push({ sheet: row.sheet, number: row.number, values: { ...row.values } });
  return rows;
}

const cellsOf = (values: Record<number, CellContent>) => ({ ...values });

/** What a cell holds, as the rule reads it: numbers as they are, text trimmed (empty text is no content). */
type Written =
  | { kind: 'number'; value: number }
  | { kind: 'text'; value: string }
  | { kind: 'bool'; value: boolean }
  | { kind: 'date'; value: Date }
  | { kind: 'formula'; result: number | string }
  | { kind: 'rich'; runs: string[] }
  | { kind: 'empty' };

const expected = (w: Written): CellContent => {
  const text = (s: string) => (s.trim() === '' ? null : s.trim());
  switch (w.kind) {
    case 'number':
      return w.value;
    case 'text':
      return text(w.value);
    case 'bool':
      return w.value ? 'true' : 'false';
    case 'date':
      return w.value.toISOString().slice(0, 10);
    case 'formula':
      return typeof w.result === 'number' ? w.result : text(w.result);
    case 'rich':
      return text(w.runs.join(''));
    case 'empty':
      return null;
  }
};

// Text as reporters type it: codes, Chinese, XML's special characters, spaces around.
const textArb = fc.oneof(
  fc.constantFrom('500106001', 'IND_VA_GROWTH', '202503', '小龙坎街道', '  说明 ', 'a<b>&"c\'', ''),
  fc.string({ maxLength: 12 }).filter((s) => !/_x[0-9a-fA-F]{4}_/.test(s)),
  fc.string({ unit: 'grapheme', maxLength: 8 }).filter((s) => !/_x[0-9a-fA-F]{4}_/.test(s)),
);
const writtenArb: fc.Arbitrary<Written> = fc.oneof(
  fc.record({
    kind: fc.constant('number' as const),
    value: fc.oneof(
      fc.integer({ min: -1e9, max: 1e9 }),
      // A cell holds no negative zero (exceljs writes -0 as 0), so none is generated.
      fc
        .double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true })
        .map((v) => (Object.is(v, -0) ? 0 : v)),
    ),
  }),
  fc.record({ kind: fc.constant('text' as const), value: textArb }),
  fc.record({ kind: fc.constant('bool' as const), value: fc.boolean() }),
  fc.record({
    kind: fc.constant('date' as const),
    value: fc
      .integer({ min: Date.UTC(1950, 0, 1) / 86_400_000, max: Date.UTC(2090, 0, 1) / 86_400_000 })
      .map((day) => new Date(day * 86_400_000)),
  }),
  fc.record({
    kind: fc.constant('formula' as const),
    result: fc.oneof(
      fc.integer({ min: -1e6, max: 1e6 }),
      textArb.filter((s) => s.trim() !== ''),
    ),
  }),
  fc.record({
    kind: fc.constant('rich' as const),
    runs: fc.array(textArb, { minLength: 1, maxLength: 3 }),
  }),
  fc.constant({ kind: 'empty' as const }),
);
const sheetNameArb = fc.constantFrom('填报', '三月', 'Sheet 2', 'R&D', '附表（一）');
const workbookArb = fc.uniqueArray(
  fc.record({
    name: sheetNameArb,
    rows: fc.array(fc.array(writtenArb, { minLength: 1, maxLength: 6 }), { maxLength: 8 }),
  }),
  { minLength: 1, maxLength: 3, selector: (s) => s.name },
);

function fill(sheet: ExcelJS.Worksheet, rows: Written[][]) {
  rows.forEach((cells, r) =>
    cells.forEach((w, c) => {
      if (w.kind === 'empty') return;
      const cell = sheet.getCell(r + 1, c + 1);
      if (w.kind === 'number' || w.kind === 'text' || w.kind === 'bool') cell.value = w.value;
      else if (w.kind === 'date') {
        cell.value = w.value;
        cell.numFmt = 'yyyy-mm-dd';
      } else if (w.kind === 'formula') cell.value = { formula: 'A1', result: w.result };
      else if (w.kind === 'rich') cell.value = { richText: w.runs.map((text) => ({ text })) };
    }),
  );
}

/** Rows as the rule says they read: every row written, with the cells that hold something. */
const expectedRows = (sheets: { name: string; rows: Written[][] }[]) =>
  sheets.flatMap((s) =>
    s.rows
      .map((cells, r) => ({
        sheet: s.name,
        number: r + 1,
        values: Object.fromEntries(
          cells.flatMap((w, c) => {
            const v = expected(w);
            return v === null ? [] : [[c + 1, v]];
          }),
        ),
      }))
      // exceljs writes no element for a row without a cell holding a value.
      .filter((_, r) => s.rows[r]!.some((w) => w.kind !== 'empty')),
  );

/** A cell of hand-written sheet XML, in one of the shapes programs write, with what it holds. */
interface WrittenCell {
  readonly xml: (ref: string | null) => string;
  readonly holds: CellContent;
}

const escapeXml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const sharedTexts = ['单位编码', ' 指标 ', 'R&D', '', '500106001'];
const sharedXml = sharedTexts.map((t) => `<si><t xml:space="preserve">${escapeXml(t)}</t></si>`);
const heldText = (text: string): CellContent => (text.trim() === '' ? null : text.trim());
/** Serial days as Excel's 1900 system counts them, as a date. */
const serialDate = (serial: number) =>
  new Date(Date.UTC(1899, 11, 30) + serial * 86_400_000).toISOString().slice(0, 10);
const refAttr = (ref: string | null, quote = '"') =>
  ref === null ? '' : ` r=${quote}${ref}${quote}`;
const numberText = fc.oneof(
  fc.integer({ min: -1e9, max: 1e9 }).map(String),
  fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }).map(String),
  fc.constantFrom('007', '-0', '1.5E-3', '123456789012345678901', '999999999999999', '-12.50'),
);
const writtenCellArb: fc.Arbitrary<WrittenCell> = fc.oneof(
  fc.nat({ max: sharedTexts.length - 1 }).map((k) => ({
    xml: (ref: string | null) => `<c${refAttr(ref)} t="s"><v>${k}</v></c>`,
    holds: heldText(sharedTexts[k]!),
  })),
  fc.nat({ max: sharedTexts.length - 1 }).map((k) => ({
    xml: (ref: string | null) => `<c${refAttr(ref, "'")} t='s' s='0'><v>${k}</v></c>`,
    holds: heldText(sharedTexts[k]!),
  })),
  numberText.map((text) => ({
    xml: (ref: string | null) => `<c${refAttr(ref)} s="2"><v>${text}</v></c>`,
    holds: Number(text),
  })),
  numberText.map((text) => ({
    xml: (ref: string | null) => `<c${refAttr(ref)} t="n">\n  <v>${text}</v>\n</c>`,
    holds: Number(text),
  })),
  fc.integer({ min: 1, max: 80_000 }).map((serial) => ({
    xml: (ref: string | null) => `<c${refAttr(ref)} s="1"><v>${serial}</v></c>`,
    holds: serialDate(serial),
  })),
  fc.boolean().map((b) => ({
    xml: (ref: string | null) => `<c${refAttr(ref)} t="b"><v>${b ? 1 : 0}</v></c>`,
    holds: String(b),
  })),
  textArb.map((text) => ({
    xml: (ref: string | null) =>
      `<c${refAttr(ref)} t="inlineStr"><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`,
    holds: heldText(text),
  })),
  textArb.map((text) => ({
    xml: (ref: string | null) =>
      `<c${refAttr(ref)} t="str"><f>A1&amp;""</f><v>${escapeXml(text)}</v></c>`,
    holds: heldText(text),
  })),
  fc.integer({ min: -1000, max: 1000 }).map((n) => ({
    xml: (ref: string | null) => `<c${refAttr(ref)}><f>B1*2</f><v>${n}</v></c>`,
    holds: n,
  })),
  fc.constant<WrittenCell>({
    xml: (ref: string | null) => `<c${refAttr(ref)} s="2"/>`,
    holds: null,
  }),
  fc.constant<WrittenCell>({
    xml: (ref: string | null) => `<c${refAttr(ref)}><v></v></c>`,
    holds: null,
  }),
);
const between = fc.constantFrom('', '', '', ' ', '\n  ', '<!-- <c r="Z1"><v>1</v></c> -->');
const writtenRowArb = fc.record({
  skip: fc.nat({ max: 2 }),
  numbered: fc.boolean(),
  // A comment may hold what looks like a row (not its end: the sheet is cut into pieces at `</row>`).
  before: fc.constantFrom('', '', '\n', '<!-- <row r="99"><c r="A99"><v>9</v></c> -->'),
  cells: fc.array(
    fc.record({ gap: fc.nat({ max: 2 }), ref: fc.boolean(), cell: writtenCellArb, after: between }),
    { maxLength: 8 },
  ),
});
type WrittenRow = typeof writtenRowArb extends fc.Arbitrary<infer R> ? R : never;
const letters = (column: number): string =>
  column <= 26
    ? String.fromCharCode(64 + column)
    : letters(Math.floor((column - 1) / 26)) + letters(((column - 1) % 26) + 1);

/** The sheet XML of `rows` and the rows the rule says are read from it (row number → cells). */
function writtenSheet(rows: readonly WrittenRow[]) {
  const xml: string[] = [];
  const want: { number: number; values: Record<number, CellContent> }[] = [];
  let number = 0;
  for (const row of rows) {
    // A row without its number follows the one before; only a numbered row can skip some.
    number += row.numbered ? 1 + row.skip : 1;
    const values: Record<number, CellContent> = {};
    const cells: string[] = [];
    let column = 0;
    for (const { gap, ref, cell, after } of row.cells) {
      const withRef = ref || gap > 0;
      column += 1 + (withRef ? gap : 0);
      cells.push(cell.xml(withRef ? `${letters(column)}${number}` : null) + after);
      if (cell.holds !== null) values[column] = cell.holds;
    }
    const open = `<row${row.numbered ? ` r="${number}"` : ''} spans="1:9"`;
    xml.push(row.before + (cells.length === 0 ? `${open}/>` : `${open}>${cells.join('')}</row>`));
    want.push({ number, values });
  }
  return { xml: xml.join(''), want };
}
const writtenStyles =
  '<cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="4"/></cellXfs>';
const writtenWorkbook = (xml: string, stored: readonly string[] = []) =>
  saved(
    buildZip(
      workbookParts([{ name: '填报', xml }], {
        sharedStrings: sharedXml.join(''),
        styles: writtenStyles,
      }),
      stored,
    ),
  );

describe('reading the rows of an .xlsx as it is unpacked', () => {
  it('reads what was written, on workbooks exceljs writes with shared strings', async () => {
    await fc.assert(
      fc.asyncProperty(workbookArb, async (sheets) => {
        const workbook = new ExcelJS.Workbook();
        for (const s of sheets) fill(workbook.addWorksheet(s.name), s.rows);
        const file = saved(await workbook.xlsx.writeBuffer());
        expect(await readAll(file)).toEqual(expectedRows(sheets));
      }),
      { numRuns: 60 },
    );
  });

  it('reads what was written, on workbooks exceljs streams out with inline strings', async () => {
    await fc.assert(
      fc.asyncProperty(workbookArb, async (sheets) => {
        const file = path.join(folder, `${++fileCount}.xlsx`);
        const writer = new ExcelJS.stream.xlsx.WorkbookWriter({
          filename: file,
          useSharedStrings: false,
          useStyles: true,
        });
        for (const s of sheets) {
          const sheet = writer.addWorksheet(s.name);
          fill(sheet, s.rows);
          sheet.commit();
        }
        await writer.commit();
        expect(await readAll(file)).toEqual(expectedRows(sheets));
      }),
      { numRuns: 40 },
    );
  });

  it('reads a sheet far larger than one chunk of the unpacked XML, row for row', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('填报');
    const want: Record<number, CellContent>[] = [];
    for (let r = 1; r <= 5000; r++) {
      const row = [
        `5001060${r % 30}`,
        `指标${r % 17}`,
        202500 + (r % 12) + 1,
        r * 1.25,
        ` 备注${r} `,
      ];
      sheet.addRow(row);
      want.push({ 1: row[0]!, 2: row[1]!, 3: row[2]!, 4: row[3]!, 5: `备注${r}` });
    }
    const rows = await readAll(saved(await workbook.xlsx.writeBuffer()));
    expect(rows.map((r) => r.number)).toEqual(want.map((_, i) => i + 1));
    expect(rows.map((r) => cellsOf(r.values))).toEqual(want);
  });

  it('reads what other spreadsheet programs write: inline rich text, phonetic guides, escapes, CDATA, comments', async () => {
    const file = saved(
      buildZip(
        workbookParts(
          [
            {
              name: '填报',
              xml:
                '<row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b/></rPr><t xml:space="preserve">单位 </t></r><r><t>编码</t></r><rPh sb="0" eb="2"><t>ダンイ</t></rPh></is></c>' +
                '<c r="B1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c><c r="D1" t="inlineStr"><is><t><![CDATA[a<b>&amp;]]></t></is></c></row>' +
                '<!-- a comment with <row r="9"><c r="A9"><v>9</v></c></row> in it -->' +
                '<row r="2"><c r="A2" t="str"><f>B2&amp;"x"</f><v>R&amp;D &#x4E2D;&#25991;</v></c><c r="B2" t="s"><v>2</v></c></row>',
            },
          ],
          {
            sharedStrings:
              '<si><t>指标_x000D_编码</t></si><si><r><t>期间</t></r><r><rPr/><t>编码</t></r><rPh><t>キカン</t></rPh></si><si><t>_x005F_x0041_</t></si>',
          },
        ),
      ),
    );
    expect(await readAll(file)).toEqual([
      {
        sheet: '填报',
        number: 1,
        values: { 1: '单位 编码', 2: '指标\r编码', 3: '期间编码', 4: 'a<b>&amp;' },
      },
      { sheet: '填报', number: 2, values: { 1: 'R&D 中文', 2: '_x0041_' } },
    ]);
  });

  it('reads booleans, errors, ISO dates, formulas by their cached value, and leaves uncalculated formulas empty', async () => {
    const file = saved(
      buildZip(
        workbookParts([
          {
            name: 'S',
            xml:
              '<row r="3"><c r="A3" t="b"><v>1</v></c><c r="B3" t="b"><v>0</v></c><c r="C3" t="e"><v>#DIV/0!</v></c>' +
              '<c r="D3" t="d"><v>2025-03-31T00:00:00Z</v></c><c r="E3"><f>SUM(A1:A2)</f><v>12.5</v></c>' +
              '<c r="F3"><f t="shared" ref="F3:F4" si="0">E3*2</f><v>25</v></c><c r="G3"><f>NOW()</f></c>' +
              '<c r="H3" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="I3"><v></v></c><c r="J3" s="0"/><c r="K3" t="n"><v>-1.5E-3</v></c></row>',
          },
        ]),
      ),
    );
    expect(await readAll(file)).toEqual([
      {
        sheet: 'S',
        number: 3,
        values: {
          1: 'true',
          2: 'false',
          3: '#DIV/0!',
          4: '2025-03-31',
          5: 12.5,
          6: 25,
          8: '#DIV/0!',
          11: -0.0015,
        },
      },
    ]);
  });

  it('reads numbers in a date format as dates (built-in and custom formats, the 1904 system too)', async () => {
    const styles =
      '<numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/><numFmt numFmtId="165" formatCode="#,##0.00&quot;元&quot;"/></numFmts>' +
      '<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="164" applyNumberFormat="1"><alignment/></xf><xf numFmtId="165"/><xf numFmtId="4"/></cellXfs>';
    const row =
      '<row r="1"><c r="A1"><v>45717</v></c><c r="B1" s="1"><v>45717</v></c><c r="C1" s="2"><v>45717</v></c><c r="D1" s="3"><v>45717</v></c><c r="E1" s="4"><v>45717</v></c></row>';
    const file = saved(buildZip(workbookParts([{ name: 'S', xml: row }], { styles })));
    expect((await readAll(file))[0]?.values).toEqual({
      1: 45717,
      2: '2025-03-01',
      3: '2025-03-01',
      4: 45717,
      5: 45717,
    });
    const file1904 = saved(
      buildZip(
        workbookParts([{ name: 'S', xml: row }], {
          styles,
          workbookPr: '<workbookPr date1904="1"/>',
        }),
      ),
    );
    expect((await readAll(file1904))[0]?.values[2]).toBe('2029-03-02');
  });

  it('tells date formats from number formats', () => {
    for (const code of [
      'yyyy-mm-dd',
      'm/d/yy',
      'yyyy"年"m"月"d"日"',
      '[$-804]yyyy年m月',
      'h:mm:ss',
      'mmm-yy',
    ])
      expect(isDateFormat(code), code).toBe(true);
    for (const code of [
      'General',
      '0.00',
      '#,##0"元"',
      '0.0%',
      '[Red]0.00',
      '_(* #,##0_)',
      '"day"0',
    ])
      expect(isDateFormat(code), code).toBe(false);
  });

  it('takes columns and rows from their position when a cell or row has no reference, and reads single quotes', async () => {
    const file = saved(
      buildZip(
        workbookParts([
          {
            name: 'S',
            xml:
              "<row><c t='inlineStr'><is><t>a</t></is></c><c><v>2</v></c><c r='E1'><v>5</v></c><c><v>6</v></c></row>" +
              '<row r="4"/><row><c r="B5"><v>7</v></c></row>',
          },
        ]),
      ),
    );
    expect(await readAll(file)).toEqual([
      { sheet: 'S', number: 1, values: { 1: 'a', 2: 2, 5: 5, 6: 6 } },
      { sheet: 'S', number: 4, values: {} },
      { sheet: 'S', number: 5, values: { 2: 7 } },
    ]);
  });

  it('reads parts whose elements carry a namespace prefix (as .NET libraries write them)', async () => {
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const file = saved(
      buildZip(
        workbookParts(
          [
            {
              name: '填报',
              xml: `<?xml version="1.0" encoding="utf-8"?><x:worksheet xmlns:x="${main}"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="inlineStr"><x:is><x:t>内联</x:t></x:is></x:c><x:c r="C1"><x:v>3</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
            },
          ],
          {
            sharedStrings: `<?xml version="1.0" encoding="utf-8"?><x:sst xmlns:x="${main}"><x:si><x:t>共享</x:t></x:si></x:sst>`,
          },
        ),
      ),
    );
    expect(await readAll(file)).toEqual([
      { sheet: '填报', number: 1, values: { 1: '共享', 2: '内联', 3: 3 } },
    ]);
  });

  it("follows the workbook's sheet order and names, not the archive's, and skips chart sheets", async () => {
    const parts = workbookParts([
      { name: 'first', xml: '<row r="1"><c r="A1"><v>1</v></c></row>' },
      { name: 'second', xml: '<row r="1"><c r="A1"><v>2</v></c></row>' },
    ]);
    parts['xl/workbook.xml'] = parts['xl/workbook.xml']!.replace(
      /<sheets>.*<\/sheets>/,
      '<sheets><sheet name="乙" sheetId="2" r:id="rId2"/><sheet name="图" sheetId="3" r:id="rIdC"/><sheet name="甲 &amp; 丙" sheetId="1" r:id="rId1" state="hidden"/></sheets>',
    );
    parts['xl/_rels/workbook.xml.rels'] = parts['xl/_rels/workbook.xml.rels']!.replace(
      'Target="worksheets/sheet2.xml"',
      'Target="/xl/worksheets/sheet2.xml"',
    ).replace(
      '</Relationships>',
      '<Relationship Id="rIdC" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet" Target="chartsheets/sheet1.xml"/></Relationships>',
    );
    // The archive lists the second sheet first.
    const reordered = Object.fromEntries(Object.entries(parts).reverse());
    expect(await readAll(saved(buildZip(reordered, ['xl/worksheets/sheet1.xml'])))).toEqual([
      { sheet: '乙', number: 1, values: { 1: 2 } },
      { sheet: '甲 & 丙', number: 1, values: { 1: 1 } },
    ]);
  });

  it('reads merged header cells as their top-left cell, the rest empty, columns unshifted', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('填报');
    sheet.getCell('A1').value = '单位编码';
    sheet.getCell('B1').value = '指标编码';
    sheet.mergeCells('B1:C1');
    sheet.getCell('D1').value = '本期数值';
    sheet.addRow(['500106001', 'RETAIL', 'x', 12]);
    expect(await readAll(saved(await workbook.xlsx.writeBuffer()))).toEqual([
      { sheet: '填报', number: 1, values: { 1: '单位编码', 2: '指标编码', 4: '本期数值' } },
      { sheet: '填报', number: 2, values: { 1: '500106001', 2: 'RETAIL', 3: 'x', 4: 12 } },
    ]);
  });

  it('reads a sheet of several MiB, deflated or stored, whatever falls on the boundaries of the pieces it is read in', async () => {
    // Chinese text (three bytes a character) and rows of varying length put row ends and
    // characters at every offset of the 1 MiB pieces the sheet is inflated and scanned in.
    const want: { number: number; values: Record<number, CellContent> }[] = [];
    const xml: string[] = [];
    for (let r = 1; r <= 40_000; r++) {
      const text = `重庆市沙坪坝区${'街道'.repeat(r % 7)}${r}`;
      const number = r % 3 === 0 ? r / 4 : r;
      const values: Record<number, CellContent> = { 1: text, 2: number };
      if (r % 5 !== 0) values[3] = 'ab'.repeat(r % 5);
      want.push({ number: r, values });
      xml.push(
        `<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>${text}</t></is></c><c r="B${r}"><v>${number}</v></c><c r="C${r}" t="s"><v>${r % 5}</v></c></row>`,
      );
    }
    const parts = workbookParts([{ name: '填报', xml: xml.join('') }], {
      sharedStrings: [0, 1, 2, 3, 4].map((k) => `<si><t>${'ab'.repeat(k)}</t></si>`).join(''),
    });
    expect(Buffer.byteLength(parts['xl/worksheets/sheet1.xml']!)).toBeGreaterThan(4 * 1024 ** 2);
    for (const stored of [[], ['xl/worksheets/sheet1.xml', 'xl/sharedStrings.xml']]) {
      const shares: number[] = [];
      const rows = await readAll(saved(buildZip(parts, stored)), {
        onShareRead: (share) => shares.push(share),
      });
      // Progress: told once a piece, growing, all of the sheet read at the end.
      expect(shares.length).toBeGreaterThanOrEqual(4);
      expect(shares).toEqual([...shares].sort((a, b) => a - b));
      expect(shares.at(-1)).toBe(1);
      expect(rows.length, `stored: ${stored.join()}`).toBe(want.length);
      expect(
        rows.map(({ number, values }) => ({ number, values })),
        `stored: ${stored.join()}`,
      ).toEqual(want);
    }
  });

  it("reads only the columns asked for after a sheet's first row, the first row whole, in batches of rows", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('填报');
    const other = workbook.addWorksheet('说明');
    sheet.addRow(['单位编码', '单位', '本期数值', '说明']);
    for (let r = 2; r <= 3000; r++)
      sheet.addRow([`U${r}`, `单位${r}`, r * 2, r % 2 ? '备注' : null]);
    other.addRow(['填报说明', '第二列']);
    other.addRow(['请勿修改', '编码列']);
    const file = saved(await workbook.xlsx.writeBuffer());
    const asked: string[] = [];
    const batches: number[] = [];
    const rows: { sheet: string; number: number; values: Record<number, CellContent> }[] = [];
    const options = {
      columnsAfterFirstRow: (name: string, first: { values: readonly CellContent[] }) => {
        asked.push(`${name}:${first.values.filter((v) => v !== undefined).join('|')}`);
        return name === '填报' ? [1, 3] : null;
      },
    };
    for await (const batch of readWorkbookRowBatches(file, options)) {
      batches.push(batch.length);
      for (const row of batch)
        rows.push({ sheet: row.sheet, number: row.number, values: { ...row.values } });
    }
    expect(asked).toEqual(['填报:单位编码|单位|本期数值|说明', '说明:填报说明|第二列']);
    expect(rows[0]).toEqual({
      sheet: '填报',
      number: 1,
      values: { 1: '单位编码', 2: '单位', 3: '本期数值', 4: '说明' },
    });
    expect(rows[1]).toEqual({ sheet: '填报', number: 2, values: { 1: 'U2', 3: 4 } });
    expect(rows[2999]).toEqual({ sheet: '填报', number: 3000, values: { 1: 'U3000', 3: 6000 } });
    expect(rows.slice(3000)).toEqual([
      { sheet: '说明', number: 1, values: { 1: '填报说明', 2: '第二列' } },
      { sheet: '说明', number: 2, values: { 1: '请勿修改', 2: '编码列' } },
    ]);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(3002);
    expect(batches.length).toBeLessThan(10);
  });

  it('reads every shape of row and cell other programs write as the rule says, with or without references, spaces and comments', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(writtenRowArb, { minLength: 1, maxLength: 12 }),
        fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 6 }),
        async (rows, columns) => {
          const { xml, want } = writtenSheet(rows);
          const file = writtenWorkbook(xml);
          expect(await readAll(file)).toEqual(want.map((w) => ({ sheet: '填报', ...w })));
          // Only the asked columns after the first row: the others are passed over, not misread.
          const only = (values: Record<number, CellContent>) =>
            Object.fromEntries(Object.entries(values).filter(([c]) => columns.includes(+c)));
          expect(await readAll(file, { columnsAfterFirstRow: () => columns })).toEqual(
            want.map((w, k) => ({
              sheet: '填报',
              number: w.number,
              values: k === 0 ? w.values : only(w.values),
            })),
          );
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads a sheet of several MiB mixing every shape of row the same, whatever falls on the boundaries of its pieces', async () => {
    const rows = fc.sample(writtenRowArb, { numRuns: 24_000, seed: 20261129 });
    const { xml, want } = writtenSheet(rows);
    expect(Buffer.byteLength(xml)).toBeGreaterThan(3 * 1024 ** 2);
    for (const stored of [[], ['xl/worksheets/sheet1.xml']]) {
      const read = await readAll(writtenWorkbook(xml, stored));
      expect(read.length).toBe(want.length);
      expect(read.map(({ number, values }) => ({ number, values }))).toEqual(want);
    }
  });

  it('stops with UNREADABLE_DOCUMENT once the parts unpack past the limit, before holding them', async () => {
    const rows = Array.from(
      { length: 4000 },
      (_, i) => `<row r="${i + 1}"><c r="A${i + 1}"><v>${i}</v></c></row>`,
    ).join('');
    const file = saved(buildZip(workbookParts([{ name: 'S', xml: rows }])));
    const error = await readAll(file, { maxUnpackedBytes: 50_000 }).catch((e: unknown) => e);
    expect(isDomainError(error) && error.code).toBe('UNREADABLE_DOCUMENT');
    expect((await readAll(file, { maxUnpackedBytes: 1_000_000 })).length).toBe(4000);
  });

  it('refuses a sheet cut off inside a row, and a file that is not a zip archive', async () => {
    const cut = buildZip(workbookParts([{ name: 'S', xml: '' }]));
    const parts = workbookParts([{ name: 'S', xml: '' }]);
    parts['xl/worksheets/sheet1.xml'] =
      '<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c>';
    for (const file of [saved(buildZip(parts)), saved(Buffer.from('PK\u0003\u0004 not really'))]) {
      const error = await readAll(file).catch((e: unknown) => e);
      expect(isDomainError(error) && error.code, file).toBe('UNREADABLE_DOCUMENT');
    }
    expect(await readAll(saved(cut))).toEqual([]);
  });
});
