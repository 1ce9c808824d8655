/**
 * Official documents (.docx) laid out per GB/T 9704-2012: A4, margins top 37 mm, bottom 35 mm,
 * left 28 mm, right 26 mm; the title in 小标宋 2号 (22 pt) centred; the body in 仿宋 3号
 * (16 pt), 22 lines of 28 characters (the document grid), first lines indented two characters;
 * 一、 headings in 黑体, (一) headings in 楷体; page numbers "— 1 —" at the foot.
 *
 * Fonts are named as the standard names them. Where a machine lacks them (a server, CI), the
 * reader substitutes; LibreOffice on Debian falls back to Noto CJK (fonts-noto-cjk), which is
 * why `fallbackFonts` exists: a deployment without the official fonts may pass Noto's names.
 */
import {
  AlignmentType,
  Document,
  DocumentGridType,
  Footer,
  LineRuleType,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { DocumentBlock } from '../core/document-block.ts';

/** A block of an official document (core/document-block.ts). */
export type OfficialBlock = DocumentBlock;

export interface OfficialFonts {
  readonly title: string;
  readonly body: string;
  readonly heading1: string;
  readonly heading2: string;
  readonly latin: string;
}

/** The fonts GB/T 9704 names. */
export const officialFonts: OfficialFonts = {
  title: '方正小标宋简体',
  body: '仿宋_GB2312',
  heading1: '黑体',
  heading2: '楷体_GB2312',
  latin: 'Times New Roman',
};

/** Noto CJK, for machines without the official fonts. */
export const fallbackFonts: OfficialFonts = {
  title: 'Noto Serif CJK SC',
  body: 'Noto Serif CJK SC',
  heading1: 'Noto Sans CJK SC',
  heading2: 'Noto Serif CJK SC',
  latin: 'Noto Serif CJK SC',
};

const mm = (millimetres: number) => Math.round((millimetres / 25.4) * 1440);
/** Half-points: 2号 = 22 pt, 3号 = 16 pt, 4号 = 14 pt, 五号 = 10.5 pt. */
const size = { title: 44, body: 32, table: 21, footer: 28 } as const;
const page = { width: 210, height: 297, top: 37, bottom: 35, left: 28, right: 26 } as const;
/** 22 lines in the type area (297 − 37 − 35 = 225 mm), in twentieths of a point. */
export const linePitchTwips = Math.round((mm(page.height - page.top - page.bottom) / 22) * 1);
/** 28 characters across the type area (210 − 28 − 26 = 156 mm). */
const charPitchPoints = (((page.width - page.left - page.right) / 25.4) * 72) / 28;
/** Run character spacing, in twentieths of a point, rounded down so that 28 always fit. */
const characterSpacingTwips = Math.floor((charPitchPoints - size.body / 2) * 20) - 1;

const run = (
  text: string,
  font: string,
  latin: string,
  halfPoints: number,
  bold = false,
  snapToGrid = true,
) =>
  new TextRun({
    text,
    bold,
    size: halfPoints,
    font: { eastAsia: font, ascii: latin, hAnsi: latin },
    // 28 characters a line: body text is set 0.25 pt tighter than its size (15.75 pt × 28 =
    // 441 pt fits the 442 pt type area); titles and tables keep their natural pitch.
    ...(snapToGrid ? { characterSpacing: characterSpacingTwips } : { snapToGrid: false }),
  });

function toParagraphs(block: OfficialBlock, fonts: OfficialFonts): (Paragraph | Table)[] {
  const exact = { line: linePitchTwips, lineRule: LineRuleType.EXACT };
  switch (block.kind) {
    case 'title':
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { line: Math.round(linePitchTwips * 1.2), lineRule: LineRuleType.EXACT },
          children: [run(block.text, fonts.title, fonts.latin, size.title, false, false)],
        }),
      ];
    case 'subtitle':
      return [
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: exact,
          children: [run(block.text, fonts.heading2, fonts.latin, size.body)],
        }),
      ];
    case 'heading1':
    case 'heading2':
      return [
        new Paragraph({
          spacing: exact,
          indent: { firstLine: 640 },
          children: [
            run(
              block.text,
              block.kind === 'heading1' ? fonts.heading1 : fonts.heading2,
              fonts.latin,
              size.body,
            ),
          ],
        }),
      ];
    case 'paragraph':
      return [
        new Paragraph({
          spacing: exact,
          alignment: AlignmentType.JUSTIFIED,
          indent: { firstLine: 640 },
          children: [run(block.text, fonts.body, fonts.latin, size.body)],
        }),
      ];
    case 'table': {
      const cell = (text: string, bold: boolean) =>
        new TableCell({
          width: { size: 0, type: WidthType.AUTO },
          children: [
            new Paragraph({
              alignment: AlignmentType.CENTER,
              children: [run(text, fonts.body, fonts.latin, size.table, bold, false)],
            }),
          ],
        });
      // Fixed widths in twips across the type area: the first column (the name) twice as wide.
      const total = mm(page.width - page.left - page.right);
      const unit = total / (block.header.length + 1);
      const widths = block.header.map((_, i) => Math.floor(i === 0 ? unit * 2 : unit));
      return [
        new Table({
          width: { size: total, type: WidthType.DXA },
          columnWidths: widths,
          layout: TableLayoutType.FIXED,
          rows: [
            new TableRow({ tableHeader: true, children: block.header.map((h) => cell(h, true)) }),
            ...block.rows.map((r) => new TableRow({ children: r.map((c) => cell(c, false)) })),
          ],
        }),
      ];
    }
  }
}

/**
 * Renders blocks as one GB/T 9704 section.
 * @example await renderOfficialDocx([{ kind: 'title', text: '…通报' }, { kind: 'paragraph', text: '…' }])
 */
export async function renderOfficialDocx(
  blocks: readonly OfficialBlock[],
  options: { readonly title: string; readonly fonts?: OfficialFonts } = { title: '' },
): Promise<Buffer> {
  const fonts = options.fonts ?? officialFonts;
  const document = new Document({
    title: options.title,
    creator: 'Lantu 蓝图',
    styles: {
      default: {
        document: {
          run: {
            size: size.body,
            font: { eastAsia: fonts.body, ascii: fonts.latin, hAnsi: fonts.latin },
          },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: mm(page.width), height: mm(page.height) },
            margin: {
              top: mm(page.top),
              bottom: mm(page.bottom),
              left: mm(page.left),
              right: mm(page.right),
            },
          },
          // A line grid of 22 lines; the 28 characters come from the runs' spacing, which
          // Word and LibreOffice both honour (a character grid LibreOffice reads differently).
          grid: { type: DocumentGridType.LINES, linePitch: linePitchTwips },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    children: ['— ', PageNumber.CURRENT, ' —'],
                    size: size.footer,
                    font: { eastAsia: fonts.body, ascii: fonts.latin, hAnsi: fonts.latin },
                  }),
                ],
              }),
            ],
          }),
        },
        children: blocks.flatMap((b) => toParagraphs(b, fonts)),
      },
    ],
  });
  return Packer.toBuffer(document);
}

/** The same blocks as Markdown, for reading and diffing. */
export function renderOfficialMarkdown(blocks: readonly OfficialBlock[]): string {
  const lines: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'title':
        lines.push(`# ${b.text}`, '');
        break;
      case 'subtitle':
        lines.push(`*${b.text}*`, '');
        break;
      case 'heading1':
        lines.push(`## ${b.text}`, '');
        break;
      case 'heading2':
        lines.push(`### ${b.text}`, '');
        break;
      case 'paragraph':
        lines.push(b.text, '');
        break;
      case 'table': {
        const row = (cells: readonly string[]) =>
          `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
        lines.push(row(b.header), row(b.header.map(() => '---')), ...b.rows.map(row), '');
        break;
      }
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
