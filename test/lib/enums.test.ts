// The enum registry: one definition per name, a PascalCase component listing its labels, references with descriptions.
import { allEnums, defineEnum } from '../../src/lib/enums.js';

describe('defineEnum', () => {
  test('when an enum is defined, then its component is the PascalCase name, a string enum whose description lists the labels', () => {
    const e = defineEnum('testFruitKind', 'A fruit.', { apple: '苹果', pear: '梨' });
    expect(e.name).toBe('testFruitKind');
    expect(e.values).toEqual(['apple', 'pear']);
    expect(e.labels).toEqual({ apple: '苹果', pear: '梨' });
    expect(e.schema).toEqual({
      $id: 'TestFruitKind',
      type: 'string',
      enum: ['apple', 'pear'],
      description: 'A fruit. zh-CN labels: `apple` 苹果; `pear` 梨. Clients must tolerate values added later.',
    });
  });

  test('when the same name is defined twice, then the first definition is returned', () => {
    const first = defineEnum('testColour', 'A colour.', { red: '红' });
    const second = defineEnum('testColour', 'Another colour.', { blue: '蓝' });
    expect(second).toBe(first);
    expect(second.values).toEqual(['red']);
  });

  test('when a reference is made, then it points at the component, with the description only when one is given', () => {
    const e = defineEnum('testSize', 'A size.', { small: '小' });
    expect(e.ref()).toEqual({ $ref: 'TestSize' });
    expect(e.ref({})).toEqual({ $ref: 'TestSize' });
    expect(e.ref({ description: 'The size of the box.' })).toEqual({ $ref: 'TestSize', description: 'The size of the box.' });
  });
});

describe('allEnums', () => {
  test('when enums are listed, then each is there once, sorted by name', () => {
    defineEnum('testZebra', 'Z.', { z: 'z' });
    defineEnum('testAardvark', 'A.', { a: 'a' });
    const names = allEnums().map((e) => e.name);
    expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    expect(names.indexOf('testAardvark')).toBeLessThan(names.indexOf('testZebra'));
    expect(names.filter((n) => n === 'testZebra')).toHaveLength(1);
  });
});
