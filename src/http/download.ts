/** What the download routes answer with: the .xlsx media type and a Content-Disposition that keeps a Chinese file name. */

/** The media type of an .xlsx workbook. */
export const xlsxMediaType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The Content-Disposition of a download: the name in UTF-8 (`filename*`, RFC 6266) for
 * browsers, and an ASCII `filename` for older clients — `asciiName` when given, else the name
 * with every non-ASCII character, quote and backslash replaced by `_`, so the header stays valid.
 */
export function attachmentDisposition(fileName: string, asciiName = fileName): string {
  const fallback = asciiName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
