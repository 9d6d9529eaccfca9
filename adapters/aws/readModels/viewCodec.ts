/**
 * Read-model views ⇄ the JSON string an item keeps in `view`. Money is bigint inside and a decimal integer
 * string in JSON; the reader names the money fields, it never guesses from a value.
 */
export function encodeView(view: object): string {
  return JSON.stringify(view, (_key, value) => (typeof value === 'bigint' ? value.toString() : value));
}

export function decodeView<T>(json: string, moneyFields: readonly (keyof T & string)[]): T {
  const raw = JSON.parse(json) as Record<string, unknown>;
  for (const field of moneyFields) raw[field] = BigInt(raw[field] as string);
  return raw as T;
}
