import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkAttachment, maxAttachmentBytes } from './attachment.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** A real Office file of the repository: the demo's project list. */
const projectList = fs.readFileSync(path.join(root, 'examples/shapingba-2025/projects.xlsx'));

// The published signatures (PNG spec §5.2, JFIF, PDF 1.7 §7.5.2, MS-CFB §2.2).
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const pdf = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n');
const cfb = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]);
const windowsExecutable = Buffer.from(
  'MZ\x90\x00\x03\x00\x00\x00This program cannot be run',
  'latin1',
);

describe('checkAttachment', () => {
  it('accepts images, PDF and Office files whose bytes match their names', () => {
    expect(checkAttachment('现场照片.png', png)).toEqual({
      family: 'image',
      mediaType: 'image/png',
    });
    expect(checkAttachment('IMG_0001.JPG', jpeg).mediaType).toBe('image/jpeg');
    expect(checkAttachment('批复文件.pdf', pdf).family).toBe('pdf');
    expect(checkAttachment('项目清单.xlsx', projectList).mediaType).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(checkAttachment('旧报表.xls', cfb).family).toBe('office');
  });

  it('refuses a program renamed to look like a photo, by its first bytes', () => {
    expect(() => checkAttachment('照片.jpg', windowsExecutable)).toThrow(/内容与文件类型不符/);
  });

  it('refuses a file whose name and content disagree even when both are accepted kinds', () => {
    expect(() => checkAttachment('报告.pdf', png)).toThrow(/内容与文件类型不符/);
    expect(() => checkAttachment('照片.png', projectList)).toThrow(/内容与文件类型不符/);
  });

  it('refuses names outside images, PDF and Office, whatever the content', () => {
    expect(() => checkAttachment('setup.exe', windowsExecutable)).toThrow(
      /只接受图片、PDF和Office/,
    );
    expect(() => checkAttachment('无扩展名', pdf)).toThrow(/只接受图片、PDF和Office/);
  });

  it('refuses an empty file and one over the 10 MB limit', () => {
    expect(() => checkAttachment('空.pdf', Buffer.alloc(0))).toThrow(/空文件/);
    const large = Buffer.alloc(maxAttachmentBytes + 1);
    pdf.copy(large);
    expect(() => checkAttachment('大.pdf', large)).toThrow(/超过10MB/);
    const atLimit = Buffer.alloc(maxAttachmentBytes);
    pdf.copy(atLimit);
    expect(checkAttachment('刚好.pdf', atLimit).family).toBe('pdf');
  });
});
