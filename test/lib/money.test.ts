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

describe('money errors name the problem (issue 17: each refusal is the one the text deserves)', () => {
  test.each([
    ['12.555', '"12.555" has more than two decimals: fen (0.01 元) is the smallest unit'],
    ['abc', '"abc" is not an amount in yuan (digits, at most two decimals)'],
    ['10000000.01', '"10000000.01" is larger than 10000000.00 元'],
  ])('when the amount is %j, then the error says %j', (text, message) => {
    expect(() => yuanToFen(text)).toThrow(new MoneyError(message));
  });

  test('when an amount has spaces around it, then they are ignored', () => {
    expect(yuanToFen(' 12 ')).toBe(1200);
  });

  test.each([
    ['免费', '"免费": a free service is not a fee item; leave it out of the fee list'],
    ['免收', '"免收": a free service is not a fee item; leave it out of the fee list'],
    ['不收费', '"不收费": a free service is not a fee item; leave it out of the fee list'],
    ['10元', '"10元" is not a standard like 10元/件, 5-20元/次 or 0.5元/页'],
    ['20-5元/次', '"20-5元/次": the lower bound is above the upper bound'],
    [`10元/${'件'.repeat(21)}`, `"10元/${'件'.repeat(21)}": the unit of charge "${'件'.repeat(21)}" is longer than 20 characters`],
  ])('when the standard is %j, then the error says %j', (text, message) => {
    expect(() => parseStandard(text)).toThrow(new MoneyError(message));
  });

  test('when the unit of charge is exactly 20 characters, then it is kept', () => {
    expect(parseStandard(`10元/${'件'.repeat(20)}`)).toEqual({ kind: 'fixed', amountFen: 1000, per: '件'.repeat(20) });
  });

  test.each([
    ['10.5元/件', { kind: 'fixed', amountFen: 1050, per: '件' }],
    ['5-20.55元/次', { kind: 'range', minFen: 500, maxFen: 2055, per: '次' }],
  ])('when the standard %j has two-digit decimals, then it parses exactly', (text, expected) => {
    expect(parseStandard(text)).toEqual(expected);
  });

  test.each([['10元/件 多余'.replace(' ', '\n')], ['5 x 20元/次']])('when the standard %j has text the pattern does not allow, then it is refused', (text) => {
    expect(() => parseStandard(text)).toThrow(MoneyError);
  });

  test('when fen are negative or not a safe integer, then fenToYuan signs them or refuses', () => {
    expect(fenToYuan(-1250)).toBe('-12.50');
    expect(fenToYuan(-5)).toBe('-0.05');
    expect(() => fenToYuan(1.5)).toThrow(new MoneyError('1.5 is not an integer amount of fen'));
    expect(() => fenToYuan(2 ** 53)).toThrow(MoneyError);
  });
});
