import { MoneyError, fenToYuan, formatStandard, parseStandard, yuanToFen } from '../../src/lib/money.js';

describe('yuanToFen', () => {
  test.each([
    ['10', 1000],
    ['12.5', 1250],
    ['12.50', 1250],
    ['0.5', 50],
    ['0.05', 5],
    ['0', 0],
    ['007', 700],
    ['１２.５', 1250],
    ['10000000', 1_000_000_000],
  ])('when the amount is "%s" yuan, then it is %d fen', (text, fen) => {
    expect(yuanToFen(text)).toBe(fen);
  });

  test.each([['12.555'], ['0.001'], ['-1'], ['1e3'], ['abc'], [''], ['10000000.01'], ['1,000']])('when the amount is "%s", then it is refused', (text) => {
    expect(() => yuanToFen(text)).toThrow(MoneyError);
  });

  test('when 0.1 + 0.2 yuan is summed in fen, then it is exactly 30 (no float ever involved)', () => {
    expect(yuanToFen('0.1') + yuanToFen('0.2')).toBe(30);
  });
});

describe('fenToYuan', () => {
  test.each([
    [1250, '12.50'],
    [5, '0.05'],
    [0, '0.00'],
    [100, '1.00'],
  ])('when the amount is %d fen, then it reads %s', (fen, text) => {
    expect(fenToYuan(fen)).toBe(text);
  });
});

describe('parseStandard', () => {
  test.each([
    ['10元/件', { kind: 'fixed', amountFen: 1000, per: '件' }],
    ['0.5元/页', { kind: 'fixed', amountFen: 50, per: '页' }],
    ['5-20元/次', { kind: 'range', minFen: 500, maxFen: 2000, per: '次' }],
    ['5～20元/次', { kind: 'range', minFen: 500, maxFen: 2000, per: '次' }],
    ['5~20元/次', { kind: 'range', minFen: 500, maxFen: 2000, per: '次' }],
    ['5—20元/次', { kind: 'range', minFen: 500, maxFen: 2000, per: '次' }],
    ['5至20元/次', { kind: 'range', minFen: 500, maxFen: 2000, per: '次' }],
    ['5元-20元/次', { kind: 'range', minFen: 500, maxFen: 2000, per: '次' }],
    ['2.5-7.55元/平方米', { kind: 'range', minFen: 250, maxFen: 755, per: '平方米' }],
    [' 10 元 / 件 ', { kind: 'fixed', amountFen: 1000, per: '件' }],
    ['１０元／件', { kind: 'fixed', amountFen: 1000, per: '件' }],
    ['30元每人次', { kind: 'fixed', amountFen: 3000, per: '人次' }],
    ['20-20元/次', { kind: 'range', minFen: 2000, maxFen: 2000, per: '次' }],
  ])('when the standard is "%s", then it parses exactly', (text, expected) => {
    expect(parseStandard(text)).toEqual(expected);
  });

  test.each([
    ['免费', 'free'],
    ['10元', 'no unit of charge'],
    ['10/件', 'no 元'],
    ['20-5元/次', 'lower bound above upper'],
    ['12.555元/件', 'three decimals'],
    ['按工程造价的0.5%', 'a percentage'],
    ['', 'empty'],
    ['-5元/件', 'negative'],
  ])('when the standard is "%s" (%s), then it is refused', (text) => {
    expect(() => parseStandard(text)).toThrow(MoneyError);
  });

  test('when a parsed standard is formatted, then it reads back as published', () => {
    expect(formatStandard(parseStandard('5-20元/次'))).toBe('5.00-20.00元/次');
    expect(formatStandard(parseStandard('0.5元/页'))).toBe('0.50元/页');
  });
});
