// The one unit resolver of every import (issue 21.6), as a table: each kind of reference, the order they are tried
// in, ambiguity, and the spellings a cell may bring (spaces, full-width forms, an id in upper case).
import { RowErrors, IMPORT_ERROR_CODES } from '../../../src/http/tabular/errors.js';
import { unitResolver, unitMatchKey, UNIT_REF_ORDER, type UnitKeys } from '../../../src/modules/units/resolver.js';

const id = (n: number) => `0190a0b1-c2d3-7e4f-8a5b-${String(n).padStart(12, '0')}`;
const unit = (n: number, over: Partial<UnitKeys>): UnitKeys => ({ id: id(n), externalId: null, divisionCode: '450000', creditCode: null, name: `单位${n}`, shortName: null, parentId: null, ...over });

const UNITS: UnitKeys[] = [
  unit(1, { externalId: 'gx', name: '广西壮族自治区', shortName: '自治区' }),
  unit(2, { externalId: 'gx-czt', name: '自治区财政厅', shortName: '财政厅', parentId: id(1), creditCode: '11450000MB1234567X' }),
  unit(3, { externalId: 'gx-zfb', name: '自治区人民政府办公厅（机关事务管理局）', shortName: '政府办公厅', parentId: id(1) }),
  unit(4, { externalId: 'gx-450100', name: '南宁市', shortName: '南宁', divisionCode: '450100', parentId: id(1) }),
  unit(5, { name: '南宁市财政局', shortName: '财政局', divisionCode: '450100', parentId: id(4) }),
  unit(6, { externalId: 'lz-czj', name: '柳州市财政局', shortName: '财政局', divisionCode: '450200', parentId: id(1) }),
  // An externalId that is another unit's name: the externalId is tried first.
  unit(7, { externalId: '南宁', name: '南宁市驻邕办', parentId: id(1) }),
  // Two heads of one division (no parent in it): the code names neither.
  unit(8, { name: '甲县', divisionCode: '450999', parentId: id(1) }),
  unit(9, { name: '乙县', divisionCode: '450999', parentId: id(1) }),
];
const resolver = unitResolver(UNITS);

describe('unitResolver', () => {
  test.each([
    ['the id', id(2), 2],
    ['the id in upper case, padded', `  ${id(2).toUpperCase()} `, 2],
    ['the externalId', 'gx-czt', 2],
    ['the externalId in full-width forms', 'ｇｘ－ｃｚｔ', 2],
    ['the division code of the region: its head, not the departments sharing it', '450000', 1],
    ['a city’s division code: the city, not its bureau', '450100', 4],
    ['a division code in full-width digits', '４５０１００', 4],
    ['the unified social credit code', '11450000MB1234567X', 2],
    ['the full name', '自治区财政厅', 2],
    ['the full name with ASCII brackets for the full-width ones stored', '自治区人民政府办公厅(机关事务管理局)', 3],
    ['the full name with spaces typed inside', ' 自治区 财政厅 ', 2],
    ['the short name', '财政厅', 2],
    ['the short name followed by an ideographic space', '财政厅\u3000', 2],
    ['a reference that is one unit’s externalId and another’s short name: the externalId', '南宁', 7],
  ])('when a row gives %s, then that unit', (_case, ref, n) => {
    expect(resolver.resolve(ref as string)).toEqual({ id: id(n as number) });
  });

  test.each([
    ['a short name two units share', '财政局', 'AMBIGUOUS_UNIT', `"财政局" is the short name of 2 agencies: 南宁市财政局 (${id(5)})、柳州市财政局 (lz-czj); name one by its id, externalId or credit code`],
    ['a division code two units head', '450999', 'AMBIGUOUS_UNIT', `"450999" is the division code of 2 agencies: 甲县 (${id(8)})、乙县 (${id(9)}); name one by its id, externalId or credit code`],
    ['a name no unit has', '自治区财政局', 'UNKNOWN_UNIT', 'no agency has "自治区财政局" as its id, externalId, division code, credit code, name or short name'],
    ['an id no unit has', id(99).toUpperCase(), 'UNKNOWN_UNIT', `unit ${id(99)} does not exist`],
    ['only spaces', ' \u3000 ', 'UNKNOWN_UNIT', 'no agency named: the reference is empty'],
  ])('when a row gives %s (%s), then %s', (_case, ref, code, detail) => {
    expect(resolver.resolve(ref)).toEqual({ code, detail });
  });

  test('when resolveInto refuses a reference, then the row error is added at the pointer; a match adds none', () => {
    const errors = new RowErrors();
    expect(resolver.resolveInto(errors, 3, '/执收单位', '财政局')).toBeUndefined();
    expect(resolver.resolveInto(errors, 4, '/执收单位', '财政厅')).toBe(id(2));
    expect(errors.list).toEqual([{ in: 'row', row: 3, pointer: '/执收单位', code: 'AMBIGUOUS_UNIT', detail: expect.stringContaining('南宁市财政局') }]);
    expect(errors.has(4)).toBe(false);
  });

  test('when the contract documents UNKNOWN_UNIT, then it lists the kinds in the order the resolver tries them', () => {
    const doc = IMPORT_ERROR_CODES.UNKNOWN_UNIT;
    let at = -1;
    for (const kind of UNIT_REF_ORDER.split(/, | or /)) {
      const next = doc.indexOf(kind, at + 1);
      expect([kind, next > at]).toEqual([kind, true]);
      at = next;
    }
  });

  test('when names, has and the match key are asked, then they read the index', () => {
    expect(resolver.name(id(2))).toBe('自治区财政厅');
    expect(resolver.name(id(99))).toBe(id(99));
    expect([resolver.has(id(2)), resolver.has(id(99))]).toEqual([true, false]);
    expect(unitMatchKey(' ＧＸ－Ｃｚｔ\u3000')).toBe('GX-Czt');
  });
});
