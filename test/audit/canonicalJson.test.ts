// RFC 8785 for what the log holds: the text a third party must reproduce byte for byte to verify the chain.

import { canonicalJson } from '../../core/audit/canonicalJson';

describe('canonical JSON (RFC 8785)', () => {
  test('members sorted by UTF-16 code units, no whitespace, at every depth', () => {
    expect(canonicalJson({ b: 1, a: [{ z: null, y: true }], '\u20ac': 'x', '\r': 'y', é: 2 })).toBe(
      '{"\\r":"y","a":[{"y":true,"z":null}],"b":1,"é":2,"€":"x"}',
    );
  });

  test("strings escape as ECMAScript's JSON does (RFC 8785 §3.2.2.2)", () => {
    expect(canonicalJson('a"\\\n\u0001\u2028é')).toBe('"a\\"\\\\\\n\\u0001\u2028é"');
  });

  test('integers as plain decimals, -0 as 0, bigint as its decimal string (as the event codec stores money)', () => {
    expect(canonicalJson([0, -0, -7, 9007199254740991, 12345678901234567890n])).toBe(
      '[0,0,-7,9007199254740991,"12345678901234567890"]',
    );
  });

  test('a binary fraction, an unsafe integer or a function is refused, never approximated', () => {
    expect(() => canonicalJson({ price: 0.1 })).toThrow(RangeError);
    expect(() => canonicalJson(2 ** 60)).toThrow(RangeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });

  test('an undefined member is left out, as JSON.stringify leaves it', () => {
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });
});
