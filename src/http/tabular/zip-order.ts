// An xlsx's entries in the order exceljs' streaming reader needs: the workbook, its rels, the shared strings and the
// styles before any worksheet. exceljs' own writer puts xl/workbook.xml last, and its reader, meeting a worksheet
// before the shared strings, parks the sheet in a temporary file and parses it after the last entry; on a workbook of
// several sheets written by exceljs that path loses the workbook (422 "Cannot read properties of undefined (reading
// 'sheets')"), and once in thousands of imports it lost the shared strings (cells as `{ sharedString: n }`). With the
// metadata first every sheet is parsed as it streams, with no temporary file.
//
// The reorder copies each entry's bytes as they are (local header, data, data descriptor) and writes a new central
// directory with the new offsets: nothing is inflated. A zip this cannot follow exactly (zip64, a directory that does
// not add up) is returned as it came, for the reader to accept or refuse as before.

import { centralDirectory, endRecord, LOCAL_HEADER, type ZipEntry } from './sniff.js';

/** Read first, in this order; every other entry keeps its place after them. */
const FIRST = ['[Content_Types].xml', '_rels/.rels', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/sharedStrings.xml', 'xl/styles.xml'];
const isSheet = (name: string) => /^xl\/worksheets\/sheet\d+\.xml$/.test(name);

/** The body with the workbook's metadata before its sheets; the body itself when that is already so or cannot be done. */
export function metadataFirst(body: Buffer): Buffer {
  const end = endRecord(body);
  if (end < 0 || end + 22 > body.length) return body;
  const count = body.readUInt16LE(end + 10);
  const directory = body.readUInt32LE(end + 16);
  // The directory must lie just before its end record and list every entry (no zip64, no multi-disk archive).
  if (count === 0xffff || directory === 0xffffffff || directory + body.readUInt32LE(end + 12) !== end || body.readUInt16LE(end + 8) !== count) return body;
  const entries = centralDirectory(body, end);
  if (!entries || entries.some((e) => e.offset === 0xffffffff || e.offset + 30 > directory || body.readUInt32LE(e.offset) !== LOCAL_HEADER)) return body;
  if (entries.reduce((n, e) => n + e.central.length, 0) !== end - directory) return body;
  // Each entry's bytes run from its local header to the next one's (or to the directory), as laid out in the file.
  const laidOut = [...entries].sort((a, b) => a.offset - b.offset);
  if (laidOut[0]?.offset !== 0 || new Set(laidOut.map((e) => e.offset)).size !== laidOut.length) return body;
  const extent = new Map<ZipEntry, Buffer>();
  laidOut.forEach((e, i) => extent.set(e, body.subarray(e.offset, i + 1 < laidOut.length ? laidOut[i + 1].offset : directory)));

  const rank = (e: ZipEntry) => {
    const i = FIRST.indexOf(e.name);
    return i < 0 ? FIRST.length : i;
  };
  const wanted = laidOut.map((e, i) => [e, i] as const).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([e]) => e);
  const firstSheet = laidOut.findIndex((e) => isSheet(e.name));
  if (firstSheet < 0 || laidOut.slice(firstSheet).every((e) => rank(e) === FIRST.length)) return body;

  const parts: Buffer[] = [];
  const centrals: Buffer[] = [];
  let at = 0;
  for (const e of wanted) {
    const bytes = extent.get(e)!;
    const central = Buffer.from(e.central);
    central.writeUInt32LE(at, 42);
    centrals.push(central);
    parts.push(bytes);
    at += bytes.length;
  }
  const tail = Buffer.from(body.subarray(end));
  tail.writeUInt32LE(at, 16);
  return Buffer.concat([...parts, ...centrals, tail]);
}
