// What a sheet body is, told from its bytes (issue 21.6), never from a file name or the declared Content-Type: WPS and
// old Excel save .xls by default, a browser labels a renamed .ods as xlsx, and a clerk sends CSV as "Excel". The
// import pipeline (read.ts) compares the finding with the Content-Type and names the type to send when they differ.
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** Excel 97-2003 (BIFF8 in an OLE2 compound file), what WPS and old Excel installs still save by default. */
export const XLS_TYPE = 'application/vnd.ms-excel';
/** OpenDocument spreadsheet (LibreOffice, and WPS on request). */
export const ODS_TYPE = 'application/vnd.oasis.opendocument.spreadsheet';

/** What the bytes are: a workbook format, another zip archive, an HTML or XML page, other text (CSV, TSV), or else. */
export type BodyKind = 'xlsx' | 'xls' | 'ods' | 'encrypted' | 'zip' | 'markup' | 'text' | 'binary';

/** Each kind in words, for the problem that names it, and the type to send it as (none for what no import reads). */
export const BODY_KINDS: Record<BodyKind, { label: string; type?: string }> = {
  xlsx: { label: 'an xlsx workbook (Excel 2007 or later)', type: XLSX_TYPE },
  xls: { label: 'an xls workbook (Excel 97-2003, the default of WPS and old Excel)', type: XLS_TYPE },
  ods: { label: 'an ods workbook (OpenDocument, LibreOffice)', type: ODS_TYPE },
  // Excel and WPS store a workbook saved with an opening password as an OLE2 file holding the encrypted xlsx.
  encrypted: { label: 'a password-protected workbook: remove its opening password (打开权限密码) and send it again' },
  zip: { label: 'a zip archive that is not a workbook (no xl/workbook.xml, no OpenDocument spreadsheet mimetype)' },
  // Many government systems export an HTML table (or Excel 2003 XML) and name it .xls: Excel opens it, no import reads it.
  markup: { label: 'an HTML or XML page (what some systems export as .xls): open it in Excel or WPS and save it as xlsx' },
  text: { label: 'text (CSV or tab-separated)', type: 'text/csv' },
  binary: { label: 'neither a workbook (zip or OLE2) nor text' },
};

const OLE2_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
/** The OLE2 stream of an encrypted OOXML workbook, by its directory name (UTF-16LE). */
const ENCRYPTED_PACKAGE = Buffer.from('EncryptedPackage', 'utf16le');
/** Zip record signatures (APPNOTE 4.3): a local file header, a central directory header, the end of the directory. */
export const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const ODS_MIMETYPE = Buffer.from(ODS_TYPE, 'latin1');

/** What a body is. Reads a few bytes and the zip directory; never inflates anything. */
export function sniffBody(body: Buffer): BodyKind {
  if (body.length >= 8 && body.subarray(0, 8).equals(OLE2_MAGIC)) return body.includes(ENCRYPTED_PACKAGE) ? 'encrypted' : 'xls';
  if (body.length >= 4 && body.readUInt32LE(0) === LOCAL_HEADER) {
    const entries = zipEntries(body);
    // ODF: an entry "mimetype", stored (not deflated), holding the document's media type.
    const mimetype = entries.find((e) => e.name === 'mimetype');
    if (mimetype && mimetype.method === 0 && storedData(body, mimetype)?.equals(ODS_MIMETYPE)) return 'ods';
    if (entries.some((e) => e.name === 'xl/workbook.xml')) return 'xlsx';
    return 'zip';
  }
  // UTF-8, GB18030 and CSV have no NUL byte; UTF-16 text starts with its byte order mark.
  const head = body.subarray(0, 4096);
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (!utf16 && head.includes(0)) return 'binary';
  // The first character that is not white space or a byte order mark (UTF-16: its low or high byte, the other is 0).
  const first = head.find((b) => b !== 0 && b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0xef && b !== 0xbb && b !== 0xbf && b !== 0xff && b !== 0xfe);
  return first === 0x3c ? 'markup' : 'text';
}

export interface ZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  /** Where the entry's local header starts. */
  offset: number;
  /** The uncompressed size the directory declares (0 when only local headers were read). */
  size: number;
  /** Whether the directory gives the entry zip64 sizes. */
  zip64: boolean;
  /** The entry's central directory record, as it is in the body (empty when only local headers were read). */
  central: Buffer;
}

/**
 * The entries of a zip as its central directory lists them; a zip without a readable directory (cut off) by its local
 * headers, as far as they can be followed. Nothing is trusted: every offset is checked against the body.
 */
export function zipEntries(body: Buffer): ZipEntry[] {
  return centralDirectory(body) ?? localHeaders(body);
}

/** Where the end record of the central directory is: in the last 22 + 65,535 bytes (its comment is at most 65,535). */
export function endRecord(body: Buffer): number {
  for (let i = body.length - 22; i >= Math.max(0, body.length - 22 - 65_535); i--) if (body.readUInt32LE(i) === END_OF_DIRECTORY) return i;
  return -1;
}

/** The entries the central directory ending at `end` lists, in its order; null when it does not add up. */
export function centralDirectory(body: Buffer, end = endRecord(body)): ZipEntry[] | null {
  if (end < 0) return null;
  // The entries "on this disk", as SheetJS counts them (the same as the total in any zip an office writes).
  const count = body.readUInt16LE(end + 8);
  let p = body.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (p + 46 > body.length || body.readUInt32LE(p) !== CENTRAL_HEADER) return null;
    const nameLength = body.readUInt16LE(p + 28);
    if (p + 46 + nameLength > body.length) return null;
    const extraLength = body.readUInt16LE(p + 30);
    if (p + 46 + nameLength + extraLength > body.length) return null;
    entries.push({
      name: body.toString('utf8', p + 46, p + 46 + nameLength),
      method: body.readUInt16LE(p + 10),
      offset: body.readUInt32LE(p + 42),
      size: body.readUInt32LE(p + 24),
      zip64: hasZip64(body.subarray(p + 46 + nameLength, p + 46 + nameLength + extraLength)),
      central: body.subarray(p, p + 46 + nameLength + extraLength + body.readUInt16LE(p + 32)),
    });
    p += 46 + nameLength + extraLength + body.readUInt16LE(p + 32);
  }
  return entries;
}

function localHeaders(body: Buffer): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let p = 0;
  while (p + 30 <= body.length && body.readUInt32LE(p) === LOCAL_HEADER) {
    const nameLength = body.readUInt16LE(p + 26);
    if (p + 30 + nameLength > body.length) break;
    entries.push({ name: body.toString('utf8', p + 30, p + 30 + nameLength), method: body.readUInt16LE(p + 8), offset: p, size: 0, zip64: false, central: Buffer.alloc(0) });
    // With a data descriptor (flag bit 3) the sizes follow the data: the next header cannot be found without inflating.
    if (body.readUInt16LE(p + 6) & 0x08) break;
    p += 30 + nameLength + body.readUInt16LE(p + 28) + body.readUInt32LE(p + 18);
  }
  return entries;
}

/** Where an entry's data starts (after its local header), or -1 when the header is not there. */
function dataStart(body: Buffer, e: ZipEntry): number {
  if (e.offset + 30 > body.length || body.readUInt32LE(e.offset) !== LOCAL_HEADER) return -1;
  return e.offset + 30 + body.readUInt16LE(e.offset + 26) + body.readUInt16LE(e.offset + 28);
}

function storedData(body: Buffer, e: ZipEntry): Buffer | null {
  const start = dataStart(body, e);
  if (start < 0) return null;
  const size = body.readUInt32LE(e.offset + 18);
  return start + size <= body.length ? body.subarray(start, start + size) : null;
}

/**
 * Why an ods may not be handed to SheetJS, or null when it may. SheetJS reads a zip whole, in memory, trusting it: it
 * finds the directory by the last end-record signature, allocates each entry's declared size (a 32-bit field, or a
 * zip64 one) up front, inflates each entry to the end of its deflate stream whatever it declares, and makes one cell
 * object per repetition of a repeated cell (`table:number-rows-repeated` × `number-columns-repeated`: one short tag can
 * stand for 17 billion cells). So the bounds are checked the same way, before it runs: a directory it would read, no
 * zip64 sizes, every deflated entry valid deflate data, declared and inflated bytes within `maxBytes` together
 * (counted while inflating, stopped at the bound: a zip bomb costs bounded work and no memory), and the cells
 * content.xml makes within `maxCells`.
 */
export async function odsOverBound(body: Buffer, maxBytes: number, maxCells: number): Promise<string | null> {
  let end = body.length - 4;
  while (end >= 0 && body.readUInt32LE(end) !== END_OF_DIRECTORY) end--;
  const entries = end >= 0 && end + 22 <= body.length ? centralDirectory(body, end) : null;
  if (!entries) return 'its zip directory is missing or damaged';
  let declared = 0;
  let inflated = 0;
  for (const e of entries) {
    const start = dataStart(body, e);
    if (start < 0) return 'an entry of its zip directory points nowhere';
    if (e.zip64 || hasZip64(body.subarray(e.offset + 30 + body.readUInt16LE(e.offset + 26), start))) return 'it uses zip64 sizes';
    declared += Math.max(e.size, body.readUInt32LE(e.offset + 22));
    if (declared > maxBytes) return `its entries declare more than ${maxBytes} bytes`;
    const cells = e.name === 'content.xml' ? new OdsCellCount() : null;
    if (e.method !== 8) {
      if (cells && !cells.add(body.subarray(start, start + body.readUInt32LE(e.offset + 18)), maxCells)) return `it holds more than ${maxCells} cells`;
      continue;
    }
    const inflate = createInflateRaw();
    try {
      for await (const chunk of Readable.from([body.subarray(start)]).pipe(inflate) as AsyncIterable<Buffer>) {
        inflated += chunk.length;
        if (inflated > maxBytes) return `it inflates to more than ${maxBytes} bytes`;
        if (cells && !cells.add(chunk, maxCells)) return `it holds more than ${maxCells} cells`;
      }
    } catch {
      // SheetJS's own inflater does not stop at invalid data the way zlib does: a damaged stream kept it busy for
      // minutes (a fuzzed fixture, 264 s). Refused here.
      return `its entry ${e.name} is not valid deflate data`;
    } finally {
      inflate.destroy();
    }
  }
  return null;
}

/**
 * The cell objects SheetJS makes of an ods content.xml, counted as it counts them (tags by local name, whatever their
 * prefix): a cell with content once per row and column repetition, a self-closing string cell once, an empty or
 * covered cell never. Read in chunks; a tag cut by a chunk boundary is carried over (a tag over 64 KB is refused).
 */
class OdsCellCount {
  private carry = '';
  private rowRepeat = 1;
  private cells = 0;
  add(chunk: Buffer, max: number): boolean {
    // Tags and their attributes are ASCII: latin1 never splits them, whatever the text between them.
    const text = this.carry + chunk.toString('latin1');
    let last = 0;
    for (const m of text.matchAll(CELL_OR_ROW_TAG)) {
      last = m.index! + m[0].length;
      if (m[1] === 'table-row' || m[1] === ROW_CN) {
        this.rowRepeat = repeated(m[0], ROWS_REPEATED, (v) => +v);
        continue;
      }
      if (m[0].endsWith('/>')) {
        if (/value-type\s*=\s*["']?string/.test(m[0]) || m[0].includes(VALUE_TYPE_CN)) this.cells += 1;
      } else this.cells += this.rowRepeat * repeated(m[0], COLUMNS_REPEATED, (v) => parseInt(v, 10));
      if (this.cells > max) return false;
    }
    const open = text.indexOf('<', last);
    this.carry = open >= 0 && text.indexOf('>', open) < 0 ? text.slice(open) : '';
    return this.carry.length <= 65_536;
  }
}

// SheetJS also reads the Chinese element names of an ods dialect (行 a row, 数据 a cell, 数据类型 its value type), as
// their UTF-8 bytes appear in latin1 text.
const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
const ROW_CN = latin1('行');
const VALUE_TYPE_CN = latin1('数据类型');
const CELL_OR_ROW_TAG = new RegExp(`<(?:[\\w.-]+:)?(table-row|table-cell|${ROW_CN}|${latin1('数据')})(?=[\\s/>])[^>]*>`, 'g');
const ROWS_REPEATED = /number-rows-repeated\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s/>]+))/g;
const COLUMNS_REPEATED = /number-columns-repeated\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s/>]+))/g;

/**
 * A repetition attribute as SheetJS reads it (rows by unary plus, columns by parseInt; 1 when absent or not a number),
 * the largest when given twice, and no bound at all for a value with an entity (no office writes one).
 */
function repeated(tag: string, attribute: RegExp, read: (value: string) => number): number {
  let n = 1;
  for (const m of tag.matchAll(attribute)) {
    const value = m[1] ?? m[2] ?? m[3];
    if (value.includes('&')) return Infinity;
    n = Math.max(n, read(value) || 1);
  }
  return n;
}

/** Whether zip extra fields hold a zip64 block (header id 1). */
function hasZip64(extra: Buffer): boolean {
  for (let p = 0; p + 4 <= extra.length; p += 4 + extra.readUInt16LE(p + 2)) if (extra.readUInt16LE(p) === 1) return true;
  return false;
}
