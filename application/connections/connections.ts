import type { Clock } from '../ports/clock';
import { CONNECTION_LIFETIME_MS, type ConnectionStore, type SubscriptionStore } from '../ports/connections';

/**
 * WebSocket connections and what they listen to: the use cases of the WebSocket API's $connect, $disconnect and
 * market-stream control (SUBSCRIBE…). Stream names reach here checked for form by the handler.
 */

/** Binance USDⓈ-M: one connection listens to at most 1024 streams. */
export const MAX_STREAMS_PER_CONNECTION = 1024;

interface ConnectionContext {
  readonly connections: ConnectionStore;
  readonly subscriptions: SubscriptionStore;
  readonly clock: Clock;
}

export interface OpenConnection {
  readonly connectionId: string;
  /** When API Gateway accepted the handshake, if it says. */
  readonly connectedAt?: number;
  /** A valid `?listenKey=` and its account (accountOfListenKey): that account's user data goes here too. */
  readonly user?: { readonly listenKey: string; readonly accountId: number };
  /** `?streams=a/b`: a combined-stream URL (payloads wrapped as `{"stream","data"}`), subscribed at once. */
  readonly streams?: readonly string[];
  /** Whether payloads come wrapped; by default, when `streams` was given (Binance's /stream, against /ws). */
  readonly combined?: boolean;
}

/**
 * $connect: keeps the connection's rows, which live as long as API Gateway lets a connection live (a storage
 * TTL, in case $disconnect never arrives).
 */
export async function openConnection(ctx: ConnectionContext, request: OpenConnection): Promise<void> {
  const connectedAt = request.connectedAt ?? ctx.clock();
  const expiresAt = expiryOf(connectedAt);
  const combined = request.combined ?? request.streams !== undefined;
  await ctx.connections.open({
    connectionId: request.connectionId,
    ...(request.user !== undefined ? request.user : {}),
    combined,
    connectedAt,
    expiresAt,
  });
  if (request.streams !== undefined && request.streams.length > 0)
    await ctx.subscriptions.subscribe(request.connectionId, request.streams, combined, expiresAt);
}

/** $disconnect, or a connection found gone: its rows go (API Gateway sends $disconnect at most once). */
export async function forgetConnection(
  ctx: Pick<ConnectionContext, 'connections' | 'subscriptions'>,
  connectionId: string,
): Promise<void> {
  await Promise.all([
    ctx.connections.delete(connectionId),
    ctx.subscriptions.unsubscribe(connectionId, await ctx.subscriptions.streamsOf(connectionId)),
  ]);
}

/** SUBSCRIBE: 'tooMany' (and nothing subscribed) if the connection would listen to more than 1024 streams. */
export async function subscribe(
  ctx: ConnectionContext,
  connectionId: string,
  streams: readonly string[],
): Promise<'subscribed' | 'tooMany'> {
  const [connection, existing] = await Promise.all([
    ctx.connections.get(connectionId),
    ctx.subscriptions.streamsOf(connectionId),
  ]);
  if (new Set([...existing, ...streams]).size > MAX_STREAMS_PER_CONNECTION) return 'tooMany';
  await ctx.subscriptions.subscribe(
    connectionId,
    streams,
    connection?.combined ?? false,
    connection?.expiresAt ?? expiryOf(ctx.clock()),
  );
  return 'subscribed';
}

export async function unsubscribe(
  ctx: ConnectionContext,
  connectionId: string,
  streams: readonly string[],
): Promise<void> {
  await ctx.subscriptions.unsubscribe(connectionId, streams);
}

export function subscriptionsOf(ctx: ConnectionContext, connectionId: string): Promise<string[]> {
  return ctx.subscriptions.streamsOf(connectionId);
}

/** SET_PROPERTY combined: the flag on the connection and on each of its subscriptions. */
export async function setCombined(
  ctx: ConnectionContext,
  connectionId: string,
  combined: boolean,
): Promise<void> {
  const connection = await ctx.connections.get(connectionId);
  const expiresAt = connection?.expiresAt ?? expiryOf(ctx.clock());
  await ctx.connections.setCombined(connectionId, combined);
  const streams = await ctx.subscriptions.streamsOf(connectionId);
  await ctx.subscriptions.subscribe(connectionId, streams, combined, expiresAt);
}

export async function isCombined(ctx: ConnectionContext, connectionId: string): Promise<boolean> {
  return (await ctx.connections.get(connectionId))?.combined ?? false;
}

/** Epoch seconds, as the rows' storage TTL wants. */
function expiryOf(connectedAt: number): number {
  return Math.ceil((connectedAt + CONNECTION_LIFETIME_MS) / 1000);
}
