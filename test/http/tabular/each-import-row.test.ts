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
    const items = [{ code: 'a' }, { code: 'b' }];
    const { count, rows } = eachImportRow({ kind: 'json', items, source: { format: 'json' } }, new RowErrors(), () => ({}));
    expect(count).toBe(2);
    expect([...rows]).toEqual([
      { row: 1, value: items[0] },
      { row: 2, value: items[1] },
    ]);
  });
});
