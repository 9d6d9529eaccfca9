import { murmur3x86_128 } from '../../../core/hash';

describe('MurmurHash3 x86 128', () => {
  // Vectors from the reference implementation (murmurhash3js-revisited), seed 0.
  it.each([
    ['', '00000000000000000000000000000000'],
    ['a', 'a794933c5556b01b5556b01b5556b01b'],
    ['abc', '75cdc6d1a2b006a5a2b006a5a2b006a5'],
    ['The quick brown fox jumps over the lazy dog', '2f1583c3ecee2c675d7bf66ce5e91d2c'],
    ['x'.repeat(17), 'f6a9086c393fa3d68a824e4676d8cbd9'],
    ['y'.repeat(31), '55148beb5e080e77276ec1721452176c'],
    ['z'.repeat(1000), '6be9ed9eedc67076aaf4c115d666b73a'],
  ])('hashes %j like the reference', (text, expected) => {
    expect(murmur3x86_128(new TextEncoder().encode(text))).toBe(expected);
  });
});
