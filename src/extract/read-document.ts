import mammoth from 'mammoth';
import { DomainError } from '../core/domain-error.ts';
import { decodeTextFile, type TextEncodingName } from './text-encoding.ts';

/** The formats a plan document can be imported from. */
export type DocumentFormat = 'txt' | 'docx' | 'html';

/** A plan document's text, with the format it was read from. */
export interface DocumentText {
  text: string;
  format: DocumentFormat;
  /** The encoding a plain-text file was read in (GB18030 for GBK files); absent for .docx and .html. */
  encoding?: TextEncodingName;
}

/** Limits for `readDocument`; a deployment may raise them. */
export interface ReadDocumentOptions {
  /** Largest file accepted, and largest text a .docx may unpack to. Default 20 MB. */
  maxBytes?: number;
}

/** Default upper bound on a plan document: a year's report is well under 1 MB. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
// Compound File Binary: legacy .doc, and also any password-protected .docx.
const OLE_SIGNATURE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const PDF_SIGNATURE = [0x25, 0x50, 0x44, 0x46];

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((byte, i) => bytes[i] === byte);
}

function unreadable(message: string, messageEn: string, details: object, cause?: unknown) {
  return new DomainError('UNREADABLE_DOCUMENT', message, messageEn, { details, cause });
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot === -1 ? '' : fileName.slice(dot + 1).toLowerCase();
}

/**
 * Reads a plan document's bytes as text: UTF-8 (or BOM-marked UTF-16) .txt, .docx through
 * mammoth, or .html with its markup stripped and paragraph breaks kept. Rejects empty,
 * oversized, binary, wrongly encoded, encrypted, legacy .doc and corrupt files with an
 * `UNREADABLE_DOCUMENT` error that tells the user what to do. Reading the bytes is the
 * caller's job.
 * @example await readDocument(new TextEncoder().encode('一、…'), 'plan.txt') // { text: '一、…', format: 'txt' }
 */
export async function readDocument(
  bytes: Uint8Array,
  fileName: string,
  options: ReadDocumentOptions = {},
): Promise<DocumentText> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  const details = { fileName, byteLength: bytes.byteLength };
  if (bytes.byteLength === 0) throw emptyDocument(details);
  if (bytes.byteLength > maxBytes) {
    const limitMb = Math.round(maxBytes / 1024 / 1024);
    throw unreadable(
      `文件过大（超过 ${limitMb} MB），请确认选择的是计划报告本身，或删去图片后再导入。`,
      `The file is larger than ${limitMb} MB. Check that it is the plan report itself, or remove images and import again.`,
      { ...details, maxBytes },
    );
  }
  if (startsWith(bytes, OLE_SIGNATURE)) {
    throw unreadable(
      '文件是旧版 Word（.doc）或设置了打开密码的 Word 文档，无法读取。请在 Word 中取消密码并另存为 .docx 后再导入。',
      'The file is a legacy Word .doc or a password-protected Word document. Remove the password in Word and save it as .docx, then import again.',
      { ...details, signature: 'ole' },
    );
  }
  if (startsWith(bytes, PDF_SIGNATURE)) {
    throw unreadable(
      '暂不支持 PDF。请将报告另存为 .docx、.txt 或 .html 后再导入。',
      'PDF is not supported. Save the report as .docx, .txt or .html and import again.',
      { ...details, signature: 'pdf' },
    );
  }

  const format = chooseFormat(bytes, extensionOf(fileName), details);
  let text: string;
  switch (format) {
    case 'docx':
      text = await readDocx(bytes, maxBytes, details);
      break;
    case 'html':
      text = htmlToText(decodeHtml(bytes, details));
      break;
    case 'txt': {
      const decoded = decodeText(bytes, details);
      if (decoded.text.trim() === '') throw emptyDocument(details);
      return { text: decoded.text, format, encoding: decoded.encoding };
    }
  }
  if (text.trim() === '') throw emptyDocument(details);
  return { text, format };
}

function emptyDocument(details: object): DomainError {
  return unreadable(
    '文件是空的，没有可读取的文字。请确认选择了正确的计划报告文件。',
    'The file is empty: it holds no text to read. Check that you chose the right plan report.',
    details,
  );
}

function chooseFormat(bytes: Uint8Array, extension: string, details: object): DocumentFormat {
  const isZip = startsWith(bytes, ZIP_SIGNATURE);
  switch (extension) {
    case 'docx':
      if (!isZip) {
        throw unreadable(
          '文件扩展名是 .docx，但内容不是 Word 文档（可能已损坏或改过扩展名）。请在 Word 中重新另存为 .docx 后再导入。',
          'The file is named .docx but is not a Word document (it may be damaged or renamed). Save it again as .docx from Word and import again.',
          { ...details, expected: 'zip' },
        );
      }
      return 'docx';
    case 'doc':
      throw unreadable(
        '不支持旧版 Word（.doc）格式。请在 Word 中另存为 .docx 后再导入。',
        'Legacy Word .doc files are not supported. Save the file as .docx from Word and import again.',
        details,
      );
    case 'html':
    case 'htm':
    case 'xhtml':
      return 'html';
    case 'txt':
    case 'text':
      return 'txt';
    default: {
      if (isZip) return 'docx';
      const head = new TextDecoder('utf-8').decode(bytes.subarray(0, 1024)).trimStart();
      if (/^(<!doctype html|<html|<\?xml|<head|<body|<meta|<div|<p[\s>])/iu.test(head)) {
        return 'html';
      }
      if (extension === '') return 'txt';
      throw unreadable(
        `不支持 .${extension} 文件。请导入 .docx、.txt 或 .html 格式的计划报告。`,
        `.${extension} files are not supported. Import the plan report as .docx, .txt or .html.`,
        { ...details, extension },
      );
    }
  }
}

/**
 * Decodes plain text by `decodeTextFile`: a BOM's encoding, else UTF-8, else GB18030 (GBK).
 * A binary file, or bytes valid in none of them, is rejected rather than guessed, so offsets
 * never point at mojibake.
 */
function decodeText(
  bytes: Uint8Array,
  details: object,
): { text: string; encoding: TextEncodingName } {
  const hasUtf16Bom =
    (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!hasUtf16Bom && (startsWith(bytes, ZIP_SIGNATURE) || looksBinary(bytes))) {
    throw unreadable(
      '文件不是文本文件（可能是图片、压缩包或其他二进制文件）。请导入 .docx、.txt 或 .html 格式的计划报告。',
      'The file is not a text file (it looks like an image, an archive or another binary file). Import the plan report as .docx, .txt or .html.',
      { ...details, reason: 'binary' },
    );
  }
  const decoded = decodeTextFile(bytes);
  if (decoded) return decoded;
  // Valid in no encoding we read: the strict UTF-8 decoder throws the user's message.
  return { text: decodeStrict(bytes, 'utf-8', details), encoding: 'utf-8' };
}

function decodeStrict(bytes: Uint8Array, encoding: string, details: object): string {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch (error) {
    throw unreadable(
      '文件既不是 UTF-8 也不是 GBK/GB18030 编码，无法正确读取中文。请用记事本或 WPS 打开后“另存为”UTF-8 编码，再导入。',
      'The file is neither UTF-8 nor GBK/GB18030 encoded, so its Chinese text cannot be read. Open it in a text editor, save it as UTF-8, and import again.',
      { ...details, reason: 'encoding', encoding },
      error,
    );
  }
}

/** NUL bytes, or many control characters in the first 8 KB, mark a binary file. */
function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 8192);
  let controls = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) {
      controls++;
    }
  }
  return controls > sample.length / 20;
}

async function readDocx(bytes: Uint8Array, maxBytes: number, details: object): Promise<string> {
  let raw: string;
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    raw = (await mammoth.extractRawText({ buffer })).value;
  } catch (error) {
    throw unreadable(
      'Word 文档已损坏或不完整，无法读取。请在 Word 中打开并重新另存为 .docx 后再导入。',
      'The Word document is damaged or incomplete and cannot be read. Open it in Word, save it again as .docx, and import again.',
      { ...details, reason: 'corrupt' },
      error,
    );
  }
  // A zip bomb unpacks far beyond its size on disk: bound the text as well as the file.
  if (raw.length > maxBytes) {
    throw unreadable(
      'Word 文档内容过大，无法导入。请确认选择的是计划报告本身。',
      'The Word document unpacks to too much text. Check that it is the plan report itself.',
      { ...details, textLength: raw.length, maxBytes },
    );
  }
  // mammoth ends every paragraph with a blank line; one line per paragraph, as in the .txt.
  return raw
    .replace(/\r\n?/gu, '\n')
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
    .join('\n');
}

function decodeHtml(bytes: Uint8Array, details: object): string {
  if (bytes[0] === 0xff || bytes[0] === 0xfe) return decodeText(bytes, details).text;
  const head = new TextDecoder('latin1').decode(bytes.subarray(0, 2048));
  const charset = /<meta[^>]*charset\s*=\s*["']?\s*([\w-]+)/iu.exec(head)?.[1]?.toLowerCase();
  // Chinese government portals still publish GB2312 pages; the page says so in its <meta>.
  if (charset !== undefined && /^(gb2312|gbk|gb18030)$/u.test(charset)) {
    return decodeStrict(bytes, 'gb18030', details);
  }
  return decodeStrict(bytes, 'utf-8', details);
}

const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'br',
  'caption',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'thead',
  'tfoot',
  'tr',
  'ul',
]);
const CELL_TAGS = new Set(['td', 'th']);
const SKIPPED_TAGS = new Set(['script', 'style', 'head', 'noscript', 'template', 'title']);

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ensp: ' ',
  emsp: ' ',
  thinsp: ' ',
  ideographicspace: '\u3000',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  mdash: '—',
  ndash: '–',
  hellip: '…',
  middot: '·',
  bull: '•',
  times: '×',
  divide: '÷',
  deg: '°',
  plusmn: '±',
  permil: '‰',
  laquo: '«',
  raquo: '»',
  yen: '¥',
  copy: '©',
  reg: '®',
  sup2: '²',
  sup3: '³',
  micro: 'µ',
  le: '≤',
  ge: '≥',
};

/** Decodes named, decimal and hexadecimal character references; unknown ones stay as written. */
export function decodeHtmlEntities(text: string): string {
  return text.replace(
    /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z][a-zA-Z0-9]{1,31});/gu,
    (all, ref: string) => {
      if (ref.startsWith('#')) {
        const hex = ref[1] === 'x' || ref[1] === 'X';
        const code = Number.parseInt(ref.slice(hex ? 2 : 1), hex ? 16 : 10);
        const valid = code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff);
        return valid ? String.fromCodePoint(code) : '\ufffd';
      }
      return NAMED_ENTITIES[ref] ?? NAMED_ENTITIES[ref.toLowerCase()] ?? all;
    },
  );
}

/**
 * Strips HTML to plain text with one line per paragraph: block elements and <br> break
 * lines, table cells are joined with " | " (as the portal's metadata table reads in the
 * corpus), script/style/head are dropped, entities decoded. A linear scan, not a regular
 * expression over the whole page, so a 20 MB page with stray "<" cannot backtrack.
 */
export function htmlToText(html: string): string {
  const out: string[] = [];
  const lower = html.toLowerCase();
  let i = 0;
  let textStart = 0;
  const flushText = (end: number): void => {
    if (end > textStart) out.push(html.slice(textStart, end).replace(/[ \t\r\n\f]+/gu, ' '));
  };
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    if (lt === -1) break;
    if (lower.startsWith('<!--', lt)) {
      flushText(lt);
      const close = html.indexOf('-->', lt + 4);
      i = close === -1 ? html.length : close + 3;
      textStart = i;
      continue;
    }
    const nameMatch = /^<\/?([a-zA-Z][a-zA-Z0-9-]*)|^<[!?]/u.exec(html.slice(lt, lt + 64));
    if (nameMatch === null) {
      // A lone "<" in text ("PM2.5<35") is text.
      i = lt + 1;
      continue;
    }
    flushText(lt);
    const gt = html.indexOf('>', lt + 1);
    const tagEnd = gt === -1 ? html.length : gt + 1;
    const name = nameMatch[1]?.toLowerCase() ?? '';
    const isClosing = html[lt + 1] === '/';
    if (!isClosing && SKIPPED_TAGS.has(name)) {
      const close = lower.indexOf(`</${name}`, tagEnd);
      const closeEnd = close === -1 ? -1 : html.indexOf('>', close);
      i = closeEnd === -1 ? html.length : closeEnd + 1;
      textStart = i;
      continue;
    }
    if (BLOCK_TAGS.has(name)) out.push('\n');
    else if (CELL_TAGS.has(name) && !isClosing) out.push(' | ');
    i = tagEnd;
    textStart = i;
  }
  flushText(html.length);
  return decodeHtmlEntities(out.join(''))
    .split('\n')
    .map((line) =>
      line
        .replace(/[ \u00a0]+/gu, ' ')
        .trim()
        .replace(/^\|\s*/u, ''),
    )
    .filter((line) => line !== '' && line !== '|')
    .join('\n');
}
