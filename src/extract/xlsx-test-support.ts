/**
 * Builds .xlsx archives from hand-written parts, for tests that need the XML other
 * spreadsheet programs write (inline strings, namespace prefixes, phonetic runs, …) and
 * exceljs never does. A plain zip writer: each part deflated, a central directory at the end.
 */
import zlib from 'node:zlib';

/** A zip archive of `parts` (path → text), each deflated unless `stored` lists it. */
export function buildZip(parts: Record<string, string>, stored: readonly string[] = []): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [path, text] of Object.entries(parts)) {
    const content = Buffer.from(text, 'utf8');
    const deflate = !stored.includes(path);
    const data = deflate ? zlib.deflateRawSync(content) : content;
    const name = Buffer.from(path, 'utf8');
    const crc = zlib.crc32(content);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // names in UTF-8
    local.writeUInt16LE(deflate ? 8 : 0, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(content.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(deflate ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(content.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += local.length + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const relationships = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/**
 * The parts of a minimal workbook around the given sheets' `<sheetData>` bodies (or whole
 * sheet XML when a body starts with `<?xml`), with optional shared strings and styles.
 */
export function workbookParts(
  sheets: readonly { name: string; xml: string }[],
  extra: { sharedStrings?: string; styles?: string; workbookPr?: string } = {},
): Record<string, string> {
  const parts: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="${main}" xmlns:r="${relationships}">${extra.workbookPr ?? ''}<sheets>${sheets
      .map((s, i) => `<sheet name="${s.name}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
      .map(
        (_, i) =>
          `<Relationship Id="rId${i + 1}" Type="${relationships}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
      )
      .join(
        '',
      )}<Relationship Id="rIdS" Type="${relationships}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rIdT" Type="${relationships}/styles" Target="styles.xml"/></Relationships>`,
  };
  sheets.forEach((s, i) => {
    parts[`xl/worksheets/sheet${i + 1}.xml`] = s.xml.startsWith('<?xml')
      ? s.xml
      : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${main}" xmlns:r="${relationships}"><sheetData>${s.xml}</sheetData></worksheet>`;
  });
  if (extra.sharedStrings !== undefined)
    parts['xl/sharedStrings.xml'] = extra.sharedStrings.startsWith('<?xml')
      ? extra.sharedStrings
      : `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${main}">${extra.sharedStrings}</sst>`;
  if (extra.styles !== undefined)
    parts['xl/styles.xml'] =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${main}">${extra.styles}</styleSheet>`;
  return parts;
}
