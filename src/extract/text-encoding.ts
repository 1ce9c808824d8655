/**
 * Which encoding a plain-text file (.txt, .csv) is in, as offices save them: a byte-order
 * mark first (UTF-8, UTF-16), then UTF-8 if the bytes are valid UTF-8, then GB18030 — the
 * superset of GBK and GB2312 that Excel and Notepad on a Chinese Windows write by default —
 * through the runtime's own TextDecoder. Text is never guessed into mojibake: bytes valid in
 * none of these give null.
 */

/** An encoding a text file was read in. */
export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** A file's text with the encoding it was read in, and whether a byte-order mark said so. */
export interface DecodedText {
  readonly text: string;
  readonly encoding: TextEncodingName;
  readonly hasBom: boolean;
}

const decode = (bytes: Uint8Array, encoding: TextEncodingName): string | null => {
  try {
    // ignoreBOM: false drops a leading mark of the decoder's own encoding.
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return null;
  }
};

/**
 * Decodes a text file's bytes, saying which encoding was used; null when the bytes are
 * valid in none of UTF-8, UTF-16 (with a mark) and GB18030.
 * @example decodeTextFile(Uint8Array.of(0xc4, 0xcf, 0xb0, 0xb6)) // { text: '南岸', encoding: 'gb18030', hasBom: false }
 */
export function decodeTextFile(bytes: Uint8Array): DecodedText | null {
  const withBom = (encoding: TextEncodingName) => {
    const text = decode(bytes, encoding);
    return text === null ? null : { text, encoding, hasBom: true };
  };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return withBom('utf-8');
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return withBom('utf-16le');
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return withBom('utf-16be');
  const utf8 = decode(bytes, 'utf-8');
  if (utf8 !== null) return { text: utf8, encoding: 'utf-8', hasBom: false };
  const gb = decode(bytes, 'gb18030');
  if (gb !== null) return { text: gb, encoding: 'gb18030', hasBom: false };
  return null;
}

/** How an encoding is named to a user. */
export const encodingLabel = (encoding: TextEncodingName): string =>
  encoding === 'gb18030' ? 'GB18030 (GBK)' : encoding.toUpperCase();
