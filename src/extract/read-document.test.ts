import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../core/domain-error.ts';
import type { ExtractedNode } from './extracted-plan.ts';
import { decodeHtmlEntities, htmlToText, readDocument } from './read-document.ts';
import { parsePlanStructure } from './structure.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const seedPath = path.resolve(repoRoot, '../shared/corpus/00_shapingba_2025_plan.txt');
const hasSeed = existsSync(seedPath);
if (!hasSeed) console.warn(`skipping seed docx tests: ${seedPath} is absent`);

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

async function buildDocx(lines: readonly string[]): Promise<Uint8Array> {
  const document = new Document({
    sections: [{ children: lines.map((line) => new Paragraph({ children: [new TextRun(line)] })) }],
  });
  return new Uint8Array(await Packer.toBuffer(document));
}

async function readError(bytes: Uint8Array, fileName: string): Promise<DomainError> {
  try {
    await readDocument(bytes, fileName);
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected readDocument to reject');
}

function shape(nodes: readonly ExtractedNode[]): unknown {
  return nodes.map((n) => ({
    key: n.key,
    title: n.title,
    text: n.text,
    children: shape(n.children),
  }));
}

const SAMPLE =
  '一、2024年执行情况\n(一)稳增长。GDP增长6%。\n二、2025年计划\n(一)抓投资。\n1.完成投资100亿元。';

describe.skipIf(!hasSeed)('readDocument on the seed report as .docx', () => {
  it('gives the same plan tree as the .txt', async () => {
    const seed = readFileSync(seedPath, 'utf8');
    const docx = await buildDocx(seed.split('\n'));
    const read = await readDocument(docx, '沙坪坝区2025年计划.docx');
    expect(read.format).toBe('docx');
    const fromDocx = parsePlanStructure(read.text);
    const fromTxt = parsePlanStructure(seed);
    expect(shape(fromDocx.nodes)).toEqual(shape(fromTxt.nodes));
    expect(fromDocx).toMatchObject({
      title: fromTxt.title,
      issuer: fromTxt.issuer,
      planYear: 2025,
      reviewYear: 2024,
    });
  });
});

describe('readDocument', () => {
  it('reads UTF-8 text as it is, dropping a BOM', async () => {
    await expect(readDocument(encode(`\ufeff${SAMPLE}`), 'plan.txt')).resolves.toEqual({
      text: SAMPLE,
      format: 'txt',
      encoding: 'utf-8',
    });
  });

  it('reads UTF-16LE text marked by a BOM', async () => {
    const units = [0xfeff, ...Array.from(SAMPLE, (c) => c.charCodeAt(0))];
    const bytes = new Uint8Array(new Uint16Array(units).buffer);
    expect((await readDocument(bytes, 'plan.txt')).text).toBe(SAMPLE);
  });

  it('reads a .docx with one line per paragraph', async () => {
    const bytes = await buildDocx(['一、甲', '', '（一）乙。', '1．丙。']);
    expect(await readDocument(bytes, 'plan.DOCX')).toEqual({
      text: '一、甲\n（一）乙。\n1．丙。',
      format: 'docx',
    });
  });

  it('sniffs a .docx and an HTML page when the name has no extension', async () => {
    expect((await readDocument(await buildDocx(['一、甲']), 'upload')).format).toBe('docx');
    expect((await readDocument(encode('<!DOCTYPE html><p>一、甲</p>'), 'upload')).format).toBe(
      'html',
    );
    expect((await readDocument(encode(SAMPLE), 'upload')).format).toBe('txt');
  });

  it('reads an HTML page as paragraphs of text', async () => {
    const html = `<!DOCTYPE html><html><head><title>标题</title><style>p{color:red}</style>
      <script>var a = "<p>不是正文</p>";</script></head><body>
      <table><tr><td>索引号:</td><td>115/2025-00101</td></tr></table>
      <p style="text-indent:2em">&nbsp;&nbsp;一、2024年执行情况</p><!-- 注释 -->
      <p>（一）稳增长。GDP增长6.5%，PM2.5&lt;35微克&#x2F;立方米&#12290;</p>
      <div>二、2025年<b>计划</b><br>1.新增就业3万人。</div></body></html>`;
    const { text, format } = await readDocument(encode(html), 'page.html');
    expect(format).toBe('html');
    expect(text).toBe(
      [
        '索引号: | 115/2025-00101',
        '一、2024年执行情况',
        '（一）稳增长。GDP增长6.5%，PM2.5<35微克/立方米。',
        '二、2025年计划',
        '1.新增就业3万人。',
      ].join('\n'),
    );
  });

  it('decodes a GB2312 page that says so in its <meta>', async () => {
    // "一、甲" in GB2312.
    const body = [0xd2, 0xbb, 0xa1, 0xa2, 0xbc, 0xd7];
    const head = encode('<html><head><meta charset="gb2312"></head><body><p>');
    const tail = encode('</p></body></html>');
    const bytes = new Uint8Array([...head, ...body, ...tail]);
    expect((await readDocument(bytes, 'page.htm')).text).toBe('一、甲');
  });

  it.each([
    ['an empty file', new Uint8Array(0), 'plan.txt', /空/u],
    ['a blank text', encode(' \n\u3000\n'), 'plan.txt', /空/u],
    [
      'random bytes',
      new Uint8Array(Array.from({ length: 512 }, (_, i) => (i * 97 + 13) % 256)),
      'plan.txt',
      /不是文本/u,
    ],
    [
      'random bytes named .docx',
      new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]),
      'plan.docx',
      /不是 Word/u,
    ],
    [
      'an OLE header (encrypted .docx or .doc)',
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      'plan.docx',
      /密码/u,
    ],
    ['a PDF', encode('%PDF-1.7\n...'), 'plan.pdf', /PDF/u],
    ['a legacy .doc name', encode(SAMPLE), 'plan.doc', /\.docx/u],
    ['an unknown extension', encode(SAMPLE), 'plan.xyz', /不支持/u],
  ])('rejects %s with UNREADABLE_DOCUMENT', async (_what, bytes, fileName, message) => {
    const error = await readError(bytes, fileName);
    expect(error.code).toBe('UNREADABLE_DOCUMENT');
    expect(error.message).toMatch(message);
    expect(error.messageEn.length).toBeGreaterThan(20);
    expect(error.details).toMatchObject({ fileName });
  });

  it('reads GBK bytes in a .txt as GB18030 and says so', async () => {
    // 一、甲， as Notepad on a Chinese Windows saves it.
    const bytes = new Uint8Array([0xd2, 0xbb, 0xa1, 0xa2, 0xbc, 0xd7, 0xa3, 0xac]);
    expect(await readDocument(bytes, 'plan.txt')).toEqual({
      text: '一、甲，',
      format: 'txt',
      encoding: 'gb18030',
    });
  });

  it('rejects a truncated .docx as damaged', async () => {
    const bytes = await buildDocx(SAMPLE.split('\n'));
    const error = await readError(bytes.subarray(0, Math.floor(bytes.length / 2)), 'plan.docx');
    expect(error.code).toBe('UNREADABLE_DOCUMENT');
    expect(error.message).toMatch(/损坏|不完整/u);
    expect(error.cause).toBeDefined();
  });

  it('rejects a file above the size limit', async () => {
    await expect(readDocument(encode(SAMPLE), 'plan.txt', { maxBytes: 10 })).rejects.toMatchObject({
      code: 'UNREADABLE_DOCUMENT',
      details: { maxBytes: 10 },
    });
  });

  it('reads and parses 20 MB of text without hanging', async () => {
    const block = `${SAMPLE.replace('二、2025年计划\n', '')}\n`;
    const text = block.repeat(Math.floor((20 * 1024 * 1024 - 1024) / encode(block).length));
    const started = performance.now();
    const read = await readDocument(encode(text), 'big.txt');
    const plan = parsePlanStructure(read.text);
    expect(plan.nodes.length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it('strips a 20 MB page full of stray "<" in linear time', () => {
    const html = `<p>${'PM2.5 < 35<i>;'.repeat(1_500_000)}</p>`;
    const started = performance.now();
    expect(htmlToText(html)).toMatch(/^PM2\.5 < 35;PM2\.5 < 35;/u);
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('decodeHtmlEntities', () => {
  it.each([
    ['&amp;&lt;&gt;&quot;&#39;', '&<>"\''],
    ['&ldquo;双城记&rdquo;', '“双城记”'],
    ['&#x4E00;&#19968;', '一一'],
    ['&nbsp;', ' '],
    ['&unknown; &', '&unknown; &'],
    ['&#0; &#xD800;', '\ufffd \ufffd'],
  ])('decodes %j', (input, expected) => {
    expect(decodeHtmlEntities(input)).toBe(expected);
  });
});
