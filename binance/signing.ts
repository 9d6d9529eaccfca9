/**
 * What Binance's request signature covers. REST: `totalParams` = the raw query string immediately followed by the
 * raw body, each without the `signature` parameter itself, exactly as the client sent the bytes (no re-encoding,
 * no reordering); the signature is hex, either case. The check itself is application/access/signature.ts.
 */
export interface SignedPayload {
  /** The bytes the client signed. */
  readonly payload: string;
  /** The signature the client sent, or undefined. */
  readonly signature: string | undefined;
}

export function signedPayload(rawQuery: string, rawBody: string): SignedPayload {
  const query = withoutSignature(rawQuery);
  const body = withoutSignature(rawBody);
  return { payload: query.rest + body.rest, signature: query.signature ?? body.signature };
}

function withoutSignature(raw: string): { rest: string; signature: string | undefined } {
  const parts = raw === '' ? [] : raw.split('&');
  const index = parts.findIndex((p) => p.startsWith('signature='));
  if (index < 0) return { rest: raw, signature: undefined };
  const signature = decodeURIComponent(parts[index]!.slice('signature='.length));
  parts.splice(index, 1);
  return { rest: parts.join('&'), signature };
}

/**
 * The payload Binance's WebSocket API signs: every parameter except `signature`, sorted by name, as
 * `name=value` joined with `&`.
 */
export function webSocketPayload(params: Readonly<Record<string, unknown>>): string {
  return Object.keys(params)
    .filter((name) => name !== 'signature')
    .sort()
    .map((name) => `${name}=${String(params[name])}`)
    .join('&');
}
