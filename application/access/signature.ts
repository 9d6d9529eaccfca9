import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of the payload keyed with the API secret, in hex: Binance's request signature. */
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
