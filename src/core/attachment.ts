/**
 * Evidence (佐证材料) attached to a progress report or a comment: images, PDF and Office
 * files only, recognised by their first bytes — a renamed executable called 照片.jpg is
 * refused — and no larger than {@link maxAttachmentBytes}.
 */
import { DomainError } from './domain-error.ts';

/** 10 MiB: a scanned page or a photo of a site; larger evidence belongs in the document store. */
export const maxAttachmentBytes = 10 * 1024 * 1024;

/** At most this many files go with one comment or one upload. */
export const maxFilesPerUpload = 5;

export type AttachmentFamily = 'image' | 'pdf' | 'office';

export interface AttachmentType {
  readonly family: AttachmentFamily;
  readonly mediaType: string;
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0) =>
  bytes.length >= at + signature.length && signature.every((b, i) => bytes[at + i] === b);

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

/** What the content is by its magic bytes, before any name is looked at; null when none we accept. */
function sniff(bytes: Uint8Array): 'png' | 'jpeg' | 'gif' | 'webp' | 'pdf' | 'zip' | 'cfb' | null {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, ascii('GIF87a')) || startsWith(bytes, ascii('GIF89a'))) return 'gif';
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(bytes, ascii('%PDF-'))) return 'pdf';
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return 'zip';
  // The compound file of Word/Excel/PowerPoint 97–2003.
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return 'cfb';
  return null;
}

/** Which extensions each sniffed content may carry, and the media type it is served as. */
const byExtension: Readonly<Record<string, { content: string; type: AttachmentType }>> = {
  png: { content: 'png', type: { family: 'image', mediaType: 'image/png' } },
  jpg: { content: 'jpeg', type: { family: 'image', mediaType: 'image/jpeg' } },
  jpeg: { content: 'jpeg', type: { family: 'image', mediaType: 'image/jpeg' } },
  gif: { content: 'gif', type: { family: 'image', mediaType: 'image/gif' } },
  webp: { content: 'webp', type: { family: 'image', mediaType: 'image/webp' } },
  pdf: { content: 'pdf', type: { family: 'pdf', mediaType: 'application/pdf' } },
  docx: {
    content: 'zip',
    type: {
      family: 'office',
      mediaType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    },
  },
  xlsx: {
    content: 'zip',
    type: {
      family: 'office',
      mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    },
  },
  pptx: {
    content: 'zip',
    type: {
      family: 'office',
      mediaType: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    },
  },
  doc: { content: 'cfb', type: { family: 'office', mediaType: 'application/msword' } },
  xls: { content: 'cfb', type: { family: 'office', mediaType: 'application/vnd.ms-excel' } },
  ppt: { content: 'cfb', type: { family: 'office', mediaType: 'application/vnd.ms-powerpoint' } },
};

export const acceptedAttachmentExtensions = Object.keys(byExtension);

const extensionOf = (fileName: string) => {
  const dot = fileName.lastIndexOf('.');
  return dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
};

/**
 * The type of an attachment when its bytes and its name agree on one we accept; throws
 * VALIDATION_FAILED (empty, too large, unknown content, or a name that lies about it).
 */
export function checkAttachment(fileName: string, bytes: Uint8Array): AttachmentType {
  if (bytes.length === 0)
    throw new DomainError('VALIDATION_FAILED', `附件“${fileName}”是空文件`, `${fileName} is empty`);
  if (bytes.length > maxAttachmentBytes)
    throw new DomainError(
      'VALIDATION_FAILED',
      `附件“${fileName}”超过${maxAttachmentBytes / 1024 / 1024}MB上限`,
      `${fileName} is larger than ${maxAttachmentBytes / 1024 / 1024} MB`,
      { details: { size: bytes.length, limit: maxAttachmentBytes } },
    );
  const expected = byExtension[extensionOf(fileName)];
  if (!expected)
    throw new DomainError(
      'VALIDATION_FAILED',
      `附件只接受图片、PDF和Office文件（${acceptedAttachmentExtensions.join('、')}）`,
      `attachments must be images, PDF or Office files (${acceptedAttachmentExtensions.join(', ')})`,
      { details: { fileName } },
    );
  const content = sniff(bytes);
  if (content !== expected.content)
    throw new DomainError(
      'VALIDATION_FAILED',
      `附件“${fileName}”的内容与文件类型不符`,
      `the content of ${fileName} is not what its name says`,
      { details: { fileName, content: content ?? 'unknown' } },
    );
  return expected.type;
}
