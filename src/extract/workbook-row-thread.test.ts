import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { isDomainError } from '../core/domain-error.ts';
import {
  readWorkbookRowBatchesInThread,
  stopWorkbookRowThread,
  WorkbookThreadStopped,
} from './workbook-row-thread.ts';
import { readWorkbookRowBatches, type CellContent } from './workbook-rows.ts';
import { buildZip, workbookParts } from './xlsx-test-support.ts';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'lantu-row-thread-'));
afterAll(async () => {
  await stopWorkbookRowThread();
  fs.rmSync(folder, { recursive: true, force: true });
});
let fileCount = 0;
const saved = (content: Buffer | ArrayBuffer) => {
  const file = path.join(folder, `${++fileCount}.xlsx`);
  fs.writeFileSync(file, Buffer.from(content as ArrayBuffer));
  return file;
};

type Batch = { sheet: string; number: number; values: Record<number, CellContent> }[];
const plain = (
  rows: readonly { sheet: string; number: number; values: readonly CellContent[] }[],
) => rows.map((r) => ({ sheet: r.sheet, number: r.number, values: { ...r.values } }));
async function batchesOf(rows: AsyncIterable<readonly Parameters<typeof plain>[0][number][]>) {
  const out: Batch[] = [];
  for await (const batch of rows) out.push(plain(batch));
  return out;
}

/** A workbook of two sheets, several thousand rows, every kind of value a cell holds. */
async function mixedWorkbook() {
  const workbook = new ExcelJS.Workbook();
  const data = workbook.addWorksheet('填报');
  data.addRow(['单位编码', '单位', '本期数值', '说明', '日期']);
  for (let r = 2; r <= 6000; r++) {
    const row = data.addRow([
      `U${r % 37}`,
      `单位${r}`,
      r % 5 === 0 ? -r / 8 : r,
      r % 3 ? '备注' : null,
      new Date(Date.UTC(2025, 0, 1 + (r % 300))),
    ]);
    row.getCell(5).numFmt = 'yyyy-mm-dd';
  }
  const notes = workbook.addWorksheet('说明');
  notes.addRow(['填报说明', true, { formula: '1+1', result: 2 }]);
  notes.addRow([{ richText: [{ text: '请勿' }, { text: '修改' }] }, '编码列']);
  return saved(await workbook.xlsx.writeBuffer());
}

/** A sheet of ~12 MB written plainly, stored: a dozen pieces, more than the thread reads ahead. */
const bigSheet = () => {
  const rows: string[] = [];
  for (let n = 1; n <= 150_000; n++)
    rows.push(`<row r="${n}"><c r="A${n}"><v>${n}</v></c><c r="B${n}"><v>${n % 7}</v></c></row>`);
  return saved(
    buildZip(workbookParts([{ name: 'S', xml: rows.join('') }]), ['xl/worksheets/sheet1.xml']),
  );
};

describe('reading an .xlsx on the warm reading thread', () => {
  it('hands over what the reader gives in this thread, batch for batch, only the headed columns after a first row', async () => {
    const file = await mixedWorkbook();
    const here = await batchesOf(readWorkbookRowBatches(file));
    expect(await batchesOf(readWorkbookRowBatchesInThread(file))).toEqual(here);
    expect(here.flat()[3]).toEqual({
      sheet: '填报',
      number: 4,
      values: { 1: 'U4', 2: '单位4', 3: 4, 4: '备注', 5: '2025-01-05' },
    });
    // Headed columns: 单位编码 (1) and 本期数值 (3) in 填报; none of 说明's header is asked for.
    const headed = await batchesOf(
      readWorkbookRowBatchesInThread(file, { headers: ['单位编码', '本期数值'] }),
    );
    const rows = headed.flat();
    expect(rows[0]!.values).toEqual(here.flat()[0]!.values);
    expect(rows[4]).toEqual({ sheet: '填报', number: 5, values: { 1: 'U5', 3: -0.625 } });
    expect(rows.filter((r) => r.sheet === '说明')).toEqual([
      { sheet: '说明', number: 1, values: { 1: '填报说明', 2: 'true', 3: 2 } },
      { sheet: '说明', number: 2, values: {} },
    ]);
  });

  it('ends a reading with the file’s own error, and tells progress as it goes', async () => {
    const parts = workbookParts([{ name: 'S', xml: '' }]);
    parts['xl/worksheets/sheet1.xml'] =
      '<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c>';
    const error = await batchesOf(readWorkbookRowBatchesInThread(saved(buildZip(parts)))).catch(
      (e: unknown) => e,
    );
    expect(isDomainError(error) && error.code).toBe('UNREADABLE_DOCUMENT');
    const shares: number[] = [];
    await batchesOf(
      readWorkbookRowBatchesInThread(await mixedWorkbook(), { onShareRead: (s) => shares.push(s) }),
    );
    expect(shares.at(-1)).toBe(1);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
  });

  it('cancels a reading its caller leaves early and serves the next one', async () => {
    const file = await mixedWorkbook();
    for await (const batch of readWorkbookRowBatchesInThread(file)) {
      expect(batch.length).toBeGreaterThan(0);
      break;
    }
    const again = await batchesOf(readWorkbookRowBatchesInThread(file));
    expect(again.flat()).toHaveLength(6002);
  });

  it('ends a reading with WorkbookThreadStopped when the thread stops under it, and starts a new thread for the next', async () => {
    const file = bigSheet();
    const reading = readWorkbookRowBatchesInThread(file);
    await reading.next();
    await stopWorkbookRowThread();
    const error = await (async () => {
      for (;;) if ((await reading.next()).done) return null;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookThreadStopped);
    expect((await batchesOf(readWorkbookRowBatchesInThread(file))).flat()).toHaveLength(150_000);
  });

  it('does not keep the process alive once its readings are done', async () => {
    const file = await mixedWorkbook();
    const script = `
      import { readWorkbookRowBatchesInThread, startWorkbookRowThread } from ${JSON.stringify(path.resolve('src/extract/workbook-row-thread.ts'))};
      startWorkbookRowThread();
      let n = 0;
      for await (const batch of readWorkbookRowBatchesInThread(${JSON.stringify(file)})) n += batch.length;
      console.log(n);`;
    const scriptFile = path.join(folder, 'read.mjs');
    fs.writeFileSync(scriptFile, script);
    const child = spawnSync(process.execPath, ['--import', 'tsx', scriptFile], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(child.stderr).toBe('');
    expect({ status: child.status, out: child.stdout.trim() }).toEqual({ status: 0, out: '6002' });
  }, 70_000);
});
