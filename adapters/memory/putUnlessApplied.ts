/**
 * Stores a copy of `value` under `key` unless the stored one already reflects the events from `firstSeq` on (its
 * last sequence is at or past it), as the DynamoDB read models' conditional puts do: a redelivered batch writes
 * nothing twice. false when it was held back.
 */
export function putUnlessApplied<K, V extends object>(
  map: Map<K, V>,
  key: K,
  value: V,
  firstSeq: number,
  lastSeqOf: (stored: V) => number = (stored) => (stored as { lastSeq: number }).lastSeq,
): boolean {
  const stored = map.get(key);
  if (stored !== undefined && lastSeqOf(stored) >= firstSeq) return false;
  map.set(key, structuredClone(value));
  return true;
}
