/**
 * The JSON Canonicalization Scheme (RFC 8785) for the values the exchange's logs hold: objects, arrays, strings,
 * integers, booleans and null. Members are sorted by their names' UTF-16 code units and nothing else varies: no
 * whitespace, ECMAScript's number and string serialization (what JSON.stringify does for one value). So two
 * parties that agree on the data agree on the bytes, and a hash over them, whatever language they verify in.
 * A bigint is written as its decimal string, as the event codec stores it (core/engine/eventCodec.ts); a number
 * that is not an integer is refused: nothing the log holds is a binary fraction, and RFC 8785's shortest-form
 * rule for fractions is where independent implementations most often disagree.
 *
 * The matcher links every item it commits (application/ports/eventChain.ts), so this is on its hot path: the
 * native JSON.stringify does the writing, given each object re-made with its members in canonical order (about
 * twice as fast as writing the text by hand). An object with array-index names ("7") cannot be re-made that way
 * (JavaScript enumerates those first, in numeric order), so a value holding one is written by hand instead.
 */
export function canonicalJson(value: unknown): string {
  try {
    return JSON.stringify(value, sortedMembers);
  } catch (error) {
    if (error instanceof IndexNamedMember) return written(value);
    throw error;
  }
}

class IndexNamedMember extends Error {}

/** Array-index names are enumerated before every other name, so checking the first one finds any. */
const INDEX_NAME = /^(0|[1-9][0-9]*)$/;

function sortedMembers(_key: string, value: unknown): unknown {
  switch (typeof value) {
    case 'bigint':
      return value.toString();
    case 'number':
      if (!Number.isSafeInteger(value))
        throw new RangeError(`canonical JSON holds only safe integers: ${value}`);
      return value;
    case 'object': {
      if (value === null || Array.isArray(value)) return value;
      const keys = Object.keys(value);
      if (keys.length > 0 && INDEX_NAME.test(keys[0]!)) throw new IndexNamedMember();
      // Array.prototype.sort without a comparator orders strings by UTF-16 code units: RFC 8785 §3.2.3.
      keys.sort();
      const sorted: Record<string, unknown> = {};
      for (const key of keys) sorted[key] = (value as Record<string, unknown>)[key];
      return sorted;
    }
    case 'string':
    case 'boolean':
    case 'undefined':
      return value;
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}

/** The same text, written by hand: for values that hold an object with array-index member names. */
function written(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return `"${value.toString()}"`;
    case 'number':
      if (!Number.isSafeInteger(value))
        throw new RangeError(`canonical JSON holds only safe integers: ${value}`);
      return value === 0 ? '0' : String(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value))
        return `[${value.map((v) => (v === undefined ? 'null' : written(v))).join(',')}]`;
      const record = value as Record<string, unknown>;
      const members = Object.keys(record)
        .sort()
        .filter((key) => record[key] !== undefined)
        .map((key) => `${JSON.stringify(key)}:${written(record[key])}`);
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
  }
}
