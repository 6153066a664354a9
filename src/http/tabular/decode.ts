// Text encodings of delimited files (issue 12.1): a BOM wins (WHATWG), then the charset= of the Content-Type, then a
// strict UTF-8 check, else GB18030 (Excel's "CSV" on Chinese Windows). Nothing is guessed silently: the import report
// names the encoding used and how it was chosen, and bytes that are neither are a 422.
import iconv from 'iconv-lite';
import { AppError } from '../errors.js';

export type EncodingSource = 'bom' | 'charset' | 'detected';
export interface Decoded {
  text: string;
  /** The canonical name: UTF-8, GB18030, UTF-16LE, UTF-16BE, or another charset iconv-lite knows. */
  encoding: string;
  encodingSource: EncodingSource;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

const CANONICAL: Record<string, string> = { utf8: 'UTF-8', 'utf-8': 'UTF-8', gb18030: 'GB18030', gbk: 'GBK', gb2312: 'GB2312', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE', 'utf-16': 'UTF-16LE' };

/** The charset parameter of a Content-Type header, lower-cased, or undefined. */
export function charsetOf(contentType: string | undefined): string | undefined {
  const m = contentType ? /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType) : null;
  return m ? m[1].toLowerCase() : undefined;
}

function encodingError(detail: string): AppError {
  return new AppError('IMPORT_INVALID', detail, { errors: [{ in: 'body', pointer: '/', code: 'ENCODING', detail }] });
}

export function decodeText(buf: Buffer, contentType: string | undefined): Decoded {
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return utf8(buf.subarray(3), 'bom');
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { text: iconv.decode(buf.subarray(2), 'utf-16le'), encoding: 'UTF-16LE', encodingSource: 'bom' };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { text: iconv.decode(buf.subarray(2), 'utf-16be'), encoding: 'UTF-16BE', encodingSource: 'bom' };
  const charset = charsetOf(contentType);
  if (charset) {
    if (charset === 'utf-8' || charset === 'utf8' || charset === 'us-ascii') return utf8(buf, 'charset');
    if (!iconv.encodingExists(charset)) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', `charset=${charset} is not supported; send UTF-8, GB18030 (GBK), UTF-16LE or UTF-16BE`);
    }
    return { text: iconv.decode(buf, charset, { stripBOM: true }), encoding: CANONICAL[charset] ?? charset.toUpperCase(), encodingSource: 'charset' };
  }
  try {
    return { text: strictUtf8.decode(buf), encoding: 'UTF-8', encodingSource: 'detected' };
  } catch {
    const text = iconv.decode(buf, 'gb18030');
    // GB18030 maps every well-formed byte sequence; a replacement character means the bytes are neither encoding.
    if (text.includes('\ufffd')) throw encodingError('The file is neither UTF-8 nor GB18030 text; save it as "CSV UTF-8" or declare its charset in Content-Type');
    return { text, encoding: 'GB18030', encodingSource: 'detected' };
  }
}

function utf8(buf: Buffer, source: EncodingSource): Decoded {
  try {
    return { text: strictUtf8.decode(buf), encoding: 'UTF-8', encodingSource: source };
  } catch {
    throw encodingError(`The file is not valid UTF-8 although its ${source === 'bom' ? 'byte order mark' : 'Content-Type charset'} says so; save it as "CSV UTF-8", or send charset=gb18030 for a GBK file`);
  }
}
