import { Rejections, withDetail } from '../../core/errors';
import type { ApiKey, ApiKeyStore, Permission } from '../ports/apiKeyStore';
import { Rejected } from '../rejected';
import { signatureMatches } from './signature';

/**
 * Binance's endpoint security types. NONE: public. USER_STREAM: API key only (listen keys). USER_DATA and TRADE:
 * API key and signature, within the time window; TRADE also needs the key's TRADE permission.
 */
export type Security = 'NONE' | 'USER_STREAM' | 'USER_DATA' | 'TRADE';

/** Who a request acts for: the account of its API key, never an account named by a parameter. */
export interface Caller {
  readonly accountId: number;
  readonly apiKey: string;
  readonly permissions: readonly Permission[];
}

export const DEFAULT_RECV_WINDOW = 5_000;
export const MAX_RECV_WINDOW = 60_000;
/** A request may be at most this far ahead of the server's clock. */
export const FUTURE_TOLERANCE = 1_000;

export interface Credentials {
  readonly apiKey: string | undefined;
  /** The request's parameters (timestamp and recvWindow are read from them). */
  readonly params: ReadonlyMap<string, string>;
  /** The bytes the signature covers and the signature sent (binance/signing.ts). */
  readonly signed: { readonly payload: string; readonly signature: string | undefined };
}

/** The caller of a request of the given security type, or undefined for a public one; a failure is Rejected. */
export async function authenticate(
  security: Security,
  credentials: Credentials,
  keys: ApiKeyStore,
  now: number,
): Promise<Caller | undefined> {
  if (security === 'NONE') return undefined;
  const key = await activeKey(credentials.apiKey, keys);
  if (security === 'USER_STREAM') return callerOf(key);
  checkTimeWindow(credentials.params, now);
  const signature = credentials.signed.signature;
  if (signature === undefined || signature === '')
    throw new Rejected(withDetail(Rejections.mandatoryParam, 'signature'));
  if (!signatureMatches(key.secret, credentials.signed.payload, signature))
    throw new Rejected(Rejections.invalidSignature);
  const needs: Permission = security === 'TRADE' ? 'TRADE' : 'READ';
  if (!key.permissions.includes(needs) && !(needs === 'READ' && key.permissions.includes('TRADE'))) {
    throw new Rejected(Rejections.rejectedMbxKey);
  }
  return callerOf(key);
}

async function activeKey(apiKey: string | undefined, keys: ApiKeyStore): Promise<ApiKey> {
  if (apiKey === undefined || !/^[A-Za-z0-9]{1,128}$/.test(apiKey))
    throw new Rejected(Rejections.badApiKeyFormat);
  const key = await keys.find(apiKey);
  if (key === undefined || key.status !== 'ACTIVE') throw new Rejected(Rejections.rejectedMbxKey);
  return key;
}

/** Accept only if timestamp < serverTime + 1000 and serverTime − timestamp ≤ recvWindow (default 5000, ≤ 60000). */
export function checkTimeWindow(params: ReadonlyMap<string, string>, now: number): void {
  const timestampText = params.get('timestamp');
  if (timestampText === undefined || timestampText === '')
    throw new Rejected(withDetail(Rejections.mandatoryParam, 'timestamp'));
  const timestamp = Number(timestampText);
  if (!/^\d{1,16}$/.test(timestampText) || !Number.isSafeInteger(timestamp)) {
    throw new Rejected(withDetail(Rejections.invalidParameter, 'timestamp'));
  }
  const windowText = params.get('recvWindow');
  const recvWindow = windowText === undefined ? DEFAULT_RECV_WINDOW : Number(windowText);
  if (windowText !== undefined && (!/^\d{1,6}$/.test(windowText) || recvWindow > MAX_RECV_WINDOW)) {
    throw new Rejected(withDetail(Rejections.invalidParameter, 'recvWindow'));
  }
  if (timestamp >= now + FUTURE_TOLERANCE) throw new Rejected(Rejections.timestampAhead);
  if (now - timestamp > recvWindow) throw new Rejected(Rejections.invalidTimestamp);
}

function callerOf(key: ApiKey): Caller {
  return { accountId: key.accountId, apiKey: key.apiKey, permissions: key.permissions };
}
