/**
 * The JSON Canonicalization Scheme (RFC 8785) for the values the exchange's logs hold: objects, arrays, strings,
 * integers, booleans and null. Members are sorted by their names' UTF-16 code units and nothing else varies: no
 * whitespace, ECMAScript's number and string serialization (what JSON.stringify does for one value). So two
 * parties that agree on the data agree on the bytes, and a hash over them, whatever language they verify in.
 * A bigint is written as its decimal string, as the event codec stores it (core/engine/eventCodec.ts); a number
 * that is not an integer is refused: nothing the log holds is a binary fraction, and RFC 8785's shortest-form
 * rule for fractions is where independent implementations most often disagree.
 */
export function canonicalJson(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return JSON.stringify(value.toString());
    case 'number':
      if (!Number.isSafeInteger(value))
        throw new RangeError(`canonical JSON holds only safe integers: ${value}`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
      const members = Object.keys(value)
        .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
        .sort(byCodeUnits)
        .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}

/** RFC 8785 §3.2.3: names compare as arrays of UTF-16 code units, which is what < on strings does. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
