/** Saving bytes the page holds as a file the browser downloads. */

/**
 * Saves a blob under `fileName` through a temporary link. The object URL is revoked a
 * minute later, not at once, as some browsers read it only after the click returns.
 */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
