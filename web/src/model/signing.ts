/**
 * SIGNED requests as the contract defines them (Binance's rule): `signature` = hex HMAC-SHA256, keyed with the API
 * secret, over totalParams = the raw query string immediately followed by the raw body (no `&` between them),
 * sent as the last parameter. The HMAC runs in the browser with WebCrypto: the secret is imported once as a
 * non-extractable key and never leaves the page; only the signature goes over the wire.
 */

export type ParamValue = string | number | boolean;
export type Params = Readonly<Record<string, ParamValue>>;

/** `name=value&…`, percent-encoded exactly as it will be sent (what the exchange hashes is these bytes). */
export function encodeParams(params: Params): string {
  return new URLSearchParams(
    Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();
}

/** WebCrypto's key type, named so that it reads the same in the browser and in Node (the unit tests). */
type HmacKey = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

const encoder = new TextEncoder();
const keys = new Map<string, Promise<HmacKey>>();

function hmacKey(secret: string): Promise<HmacKey> {
  let key = keys.get(secret);
  if (key === undefined) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ]);
    keys.set(secret, key);
  }
  return key;
}

/** Lowercase hex HMAC-SHA256 of `payload` keyed with `secret`. */
export async function hmacSha256Hex(secret: string, payload: string): Promise<string> {
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(payload));
  return [...new Uint8Array(signature)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Forgets the imported keys (when the trader removes their keys from the page). */
export function forgetSigningKeys(): void {
  keys.clear();
}

export interface SignedParts {
  /** The query string to send (without '?'), `signature` last if the body is empty. */
  readonly query: string;
  /** The form body to send, `signature` last if non-empty. */
  readonly body: string;
}

/**
 * A signed request's query and body. GET and DELETE carry everything in the query; POST and PUT in a form body
 * (as Binance's own clients send them), `queryParams` staying in the query. `timestamp` is added to the signed
 * part; the signature covers query then body and is appended to whichever carries the parameters.
 */
export async function signRequest(
  secret: string,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  params: Params,
  timestamp: number,
  queryParams: Params = {},
): Promise<SignedParts> {
  const inBody = method === 'POST' || method === 'PUT';
  const signedParams = { ...params, timestamp };
  let query = inBody ? encodeParams(queryParams) : encodeParams({ ...queryParams, ...signedParams });
  let body = inBody ? encodeParams(signedParams) : '';
  const signature = await hmacSha256Hex(secret, query + body);
  if (inBody) body += `&signature=${signature}`;
  else query += `${query === '' ? '' : '&'}signature=${signature}`;
  return { query, body };
}
