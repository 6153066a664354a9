// Text encodings of delimited files (issue 12.1): a BOM wins (WHATWG), then the charset= of the Content-Type, then a
// strict UTF-8 check, else GB18030 (Excel's "CSV" on Chinese Windows). Nothing is guessed silently: the import report
// names the encoding used and how it was chosen, and bytes that are neither are a 422.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { AppError } from '../errors.js';

export type EncodingSource = 'bom' | 'charset' | 'detected';
export interface Decoded {
  text: string;
  /** The canonical name: UTF-8, GB18030, UTF-16LE, UTF-16BE, or another charset iconv-lite knows. */
  encoding: string;
  encodingSource: EncodingSource;
}

const CANONICAL: Record<string, string> = { utf8: 'UTF-8', 'utf-8': 'UTF-8', gb18030: 'GB18030', gbk: 'GBK', gb2312: 'GB2312', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE', 'utf-16': 'UTF-16LE' };

/** The charset parameter of a Content-Type header, lower-cased, or undefined. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const m = contentType ? /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType) : null;
  return m ? m[1].toLowerCase() : undefined;
}

function encodingError(detail: string): AppError {
  return new AppError('IMPORT_INVALID', detail, { errors: [{ in: 'body', pointer: '/', code: 'ENCODING', detail }] });
}

/** A body as text (small bodies and tests; imports read the UTF-8 bytes of decodeToUtf8 instead). */
export function decodeText(buf: Buffer, contentType: string | undefined): Decoded {
  const { bytes, encoding, encodingSource } = decodeToUtf8(buf, contentType);
  return { text: bytes.toString('utf8'), encoding, encodingSource };
}

export interface DecodedBytes {
  /** The text as UTF-8 bytes, without a byte order mark: `buf` itself (or a view of it) when it was UTF-8. */
  bytes: Buffer;
  encoding: string;
  encodingSource: EncodingSource;
}

/**
 * A body's text as UTF-8 bytes (the encoding chosen as above): UTF-8 is checked in place and never copied; other
 * encodings are transcoded a megabyte at a time with iconv-lite's streaming decoder, so a 100,000-row file is never
 * held as one JavaScript string (two bytes a character for Chinese text) next to its bytes (issue 13.5).
 */
export function decodeToUtf8(buf: Buffer, contentType: string | undefined): DecodedBytes {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return utf8(buf.subarray(3), 'bom');
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { bytes: transcode(buf.subarray(2), 'utf-16le'), encoding: 'UTF-16LE', encodingSource: 'bom' };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { bytes: transcode(buf.subarray(2), 'utf-16be'), encoding: 'UTF-16BE', encodingSource: 'bom' };
  const charset = charsetOf(contentType);
  if (charset) {
    if (charset === 'utf-8' || charset === 'utf8' || charset === 'us-ascii') return utf8(buf, 'charset');
    if (!iconv.encodingExists(charset)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `charset=${charset} is not supported; send UTF-8, GB18030 (GBK), UTF-16LE or UTF-16BE`);
    }
    return { bytes: transcode(buf, charset, { stripBOM: true }), encoding: CANONICAL[charset] ?? charset.toUpperCase(), encodingSource: 'charset' };
  }
  if (isUtf8(buf)) return { bytes: withoutBom(buf), encoding: 'UTF-8', encodingSource: 'detected' };
  // GB18030 maps every well-formed byte sequence; a replacement character means the bytes are neither encoding.
  const bytes = transcode(buf, 'gb18030', {}, (piece) => {
    if (piece.includes('\ufffd')) throw encodingError('The file is neither UTF-8 nor GB18030 text; save it as "CSV UTF-8" or declare its charset in Content-Type');
  });
  return { bytes, encoding: 'GB18030', encodingSource: 'detected' };
}

const CHUNK = 1 << 20;

/** `buf` in `encoding` → UTF-8 bytes, a chunk at a time (the same text as iconv.decode with these options). */
function transcode(buf: Buffer, encoding: string, options: { stripBOM?: boolean } = {}, check?: (piece: string) => void): Buffer {
  const decoder = iconv.getDecoder(encoding, options);
  const out: Buffer[] = [];
  const put = (piece: string | undefined) => {
    if (!piece) return;
    check?.(piece);
    out.push(Buffer.from(piece, 'utf8'));
  };
  for (let i = 0; i < buf.length; i += CHUNK) put(decoder.write(buf.subarray(i, i + CHUNK)));
  put(decoder.end());
  return out.length === 1 ? out[0] : Buffer.concat(out);
}

/** A UTF-8 byte order mark left at the start (TextDecoder drops it too). */
function withoutBom(buf: Buffer): Buffer {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? buf.subarray(3) : buf;
}

function utf8(buf: Buffer, source: EncodingSource): DecodedBytes {
  if (isUtf8(buf)) return { bytes: withoutBom(buf), encoding: 'UTF-8', encodingSource: source };
  throw encodingError(`The file is not valid UTF-8 although its ${source === 'bom' ? 'byte order mark' : 'Content-Type charset'} says so; save it as "CSV UTF-8", or send charset=gb18030 for a GBK file`);
}
