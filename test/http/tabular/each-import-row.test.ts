// The rows of an import body are mapped one at a time as the module's loop reaches them (issue 13.5), so a module that
// handles a row at a time never holds every mapped row; the sheet's cell errors are known before the first row.
import { describe, expect, it, jest } from '@jest/globals';
import { eachImportRow, RowErrors, type ImportBody } from '../../../src/http/tabular/index.js';

const sheetBody = (n: number, badRow?: number): ImportBody => {
  const errors = new RowErrors();
  if (badRow !== undefined) errors.add(badRow, '/编号', 'CONTROL_CHARACTER', 'bad cell');
  const rows = Array.from({ length: n }, (_, i) => ({ row: i + 2, values: { 编号: `C${i}` }, cells: [`C${i}`] }));
  return { kind: 'sheet', source: { format: 'csv' }, sheet: { source: { format: 'csv' }, header: ['编号'], headerRow: 1, rows, errors } };
};

describe('eachImportRow', () => {
  it('maps a sheet row only when the loop reaches it, after the cell errors are known', () => {
    const errors = new RowErrors();
    const fromSheet = jest.fn((values: Record<string, string>) => ({ code: values['编号'] }));
    const { count, rows } = eachImportRow(sheetBody(3, 3), errors, fromSheet);
    expect(count).toBe(3);
    expect(fromSheet).not.toHaveBeenCalled();
    expect(errors.has(3)).toBe(true);
    const seen: unknown[] = [];
    for (const r of rows) {
      seen.push(r);
      // One row mapped per step (the refused row is not mapped at all).
      expect(fromSheet.mock.calls.length).toBe(seen.filter((s) => Object.keys((s as { value: object }).value).length).length);
    }
    expect(seen).toEqual([
      { row: 2, value: { code: 'C0' } },
      { row: 3, value: {} },
      { row: 4, value: { code: 'C2' } },
    ]);
  });

  it('gives JSON items as they are, numbered from 1', () => {
    const a = { code: 'a' };
    const b = { code: 'b' };
    const items: unknown[] = [a, b];
    const { count, rows } = eachImportRow({ kind: 'json', items, source: { format: 'json' } }, new RowErrors(), () => ({}));
    expect(count).toBe(2);
    expect([...rows]).toEqual([
      { row: 1, value: a },
      { row: 2, value: b },
    ]);
  });

  it('lets go of each JSON item and sheet row once the loop has passed it (the cells stay for the result sheet)', () => {
    const items: unknown[] = [{ code: 'a' }, { code: 'b' }, { code: 'c' }];
    const json = eachImportRow({ kind: 'json', items, source: { format: 'json' } }, new RowErrors(), () => ({}));
    const it1 = json.rows[Symbol.iterator]();
    expect(it1.next().value).toEqual({ row: 1, value: { code: 'a' } });
    expect(items[0]).toEqual({ code: 'a' }); // still the loop's row
    it1.next();
    expect(items[0]).toBeUndefined();
    expect(items[1]).toEqual({ code: 'b' });
    for (;;) if (it1.next().done) break;
    expect(items).toEqual([undefined, undefined, undefined]);

    const body = sheetBody(2);
    const sheet = eachImportRow(body, new RowErrors(), (v) => ({ code: v['编号'] }));
    expect([...sheet.rows].map((r) => r.value)).toEqual([{ code: 'C0' }, { code: 'C1' }]);
    if (body.kind !== 'sheet') throw new Error('a sheet body');
    expect(body.sheet.rows.map((r) => r.values)).toEqual([{}, {}]);
    expect(body.sheet.rows.map((r) => r.cells)).toEqual([['C0'], ['C1']]);
  });

  it('runs the pace\'s collection every everyRows rows, for JSON and sheet bodies', () => {
    const collect = jest.fn();
    const json = eachImportRow({ kind: 'json', items: Array.from({ length: 7 }, () => ({})), source: { format: 'json' }, pace: { collect, everyRows: 3 } }, new RowErrors(), () => ({}));
    const seen: number[] = [];
    for (const r of json.rows) seen.push(collect.mock.calls.length, r.row);
    expect(seen).toEqual([0, 1, 0, 2, 0, 3, 1, 4, 1, 5, 1, 6, 2, 7]);
    expect(collect).toHaveBeenCalledTimes(2);
    const body = { ...sheetBody(6), pace: { collect, everyRows: 3 } };
    for (const _ of eachImportRow(body, new RowErrors(), () => ({})).rows) void _;
    expect(collect).toHaveBeenCalledTimes(4);
  });
});
