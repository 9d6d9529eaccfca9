import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Binance's request signature: HMAC-SHA256, keyed with the API secret, over `totalParams` = the raw query string
 * immediately followed by the raw body, each without the `signature` parameter itself, exactly as the client sent
 * the bytes (no re-encoding, no reordering). Hex, either case.
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

export function hmacHex(secret: string, payload: string): string {
  return createHmac('sha256', secret).update(payload, 'utf8').digest('hex');
}

/** Constant-time comparison: how long it takes says nothing about how much of a forged signature was right. */
export function signatureMatches(secret: string, payload: string, signature: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) return false;
  const expected = Buffer.from(hmacHex(secret, payload), 'hex');
  const given = Buffer.from(signature, 'hex');
  return timingSafeEqual(expected, given);
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
