// The id schema and unit references: ids are accepted in any case and handled lower-case; other references are trimmed.
import { idSchema, LOWERCASE_KEYWORD, UUID_INPUT_PATTERN, unitRefKey } from '../../src/lib/ids.js';

describe('idSchema', () => {
  test('when an id field is declared, then it accepts any case, is lower-cased by validation and says so', () => {
    expect(idSchema('The unit.')).toMatchObject({ type: 'string', pattern: UUID_INPUT_PATTERN, maxLength: 36, [LOWERCASE_KEYWORD]: true, description: 'The unit. Accepted in any case; returned lower-case.' });
    expect(LOWERCASE_KEYWORD).toBe('x-lowercase');
  });
});

describe('unitRefKey', () => {
  test('when an agency is named by an upper-case id with spaces, then the key is the trimmed lower-case id', () => {
    expect(unitRefKey('  0190A0B1-C2D3-7E4F-8A5B-6C7D8E9F0A1B ')).toBe('0190a0b1-c2d3-7e4f-8a5b-6c7d8e9f0a1b');
  });
  test('when an agency is named by its credit code or name, then the key is trimmed and keeps its case', () => {
    expect(unitRefKey(' 11450000MB1234567X ')).toBe('11450000MB1234567X');
    expect(unitRefKey(' GX-Czt')).toBe('GX-Czt');
  });
});
