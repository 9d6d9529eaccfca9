import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { ListenKeyStore } from '../../adapters/access/listenKeyStore';
import type { AccountStore } from '../../adapters/accounts/accountStore';
import type { ConnectionPoster } from '../../adapters/connections/connectionPoster';
import type { Connection, ConnectionStore } from '../../adapters/connections/connectionStore';
import type { Subscriber, SubscriptionStore } from '../../adapters/connections/subscriptionStore';
import type { EventStore } from '../../adapters/eventStore/eventStore';
import type { SymbolDirectory } from '../../adapters/markets/symbolDirectory';
import type { AggTradeLog } from '../../adapters/readModels/aggTradeLog';
import type { DepthBook } from '../../adapters/readModels/depthBook';
import type { KlineSeries } from '../../adapters/readModels/klineSeries';
import type { OrderViews } from '../../adapters/readModels/orderViews';
import type { ProjectionProgress } from '../../adapters/readModels/projectionProgress';
import { compileInstrument, type Instrument } from '../../core/symbol/instrument';
import { logJson } from '../shared/log';
import { streamNamesOf } from '../shared/streamNames';
import { batchOf, type SymbolBatch } from './eventRecords';
import { EventWindow } from './fanout/eventWindow';
import { checkListenKeys, listenKeyExpiredJson } from './fanout/listenKeyCheck';
import { marketMessages } from './fanout/marketMessages';
import { DEFAULT_CONCURRENCY, Outbox } from './fanout/outbox';
import { RollingWindows, Throttle } from './fanout/rollingWindow';
import { once, type RunContext } from './fanout/runContext';
import { type SymbolRun, symbolRuns } from './fanout/symbolRuns';
import { ordersByAccount, userMessages } from './fanout/userMessages';
import { PROJECTOR } from './projector';

export interface FanoutDeps {
  readonly subscriptions: Pick<SubscriptionStore, 'subscribersOf' | 'forget'>;
  readonly connections: Pick<ConnectionStore, 'ofAccount' | 'delete' | 'unbind'>;
  readonly listenKeys: Pick<ListenKeyStore, 'accountOf'>;
  readonly poster: ConnectionPoster;
  readonly symbols: Pick<SymbolDirectory, 'get' | 'invalidate'>;
  readonly events: Pick<EventStore, 'itemsAfter'>;
  readonly progress: Pick<ProjectionProgress, 'get'>;
  readonly orders: OrderViews;
  readonly accounts: AccountStore;
  readonly depth: DepthBook;
  readonly klines: KlineSeries;
  readonly aggTrades: AggTradeLog;
  readonly clock?: () => number;
  readonly concurrency?: number;
}

/**
 * The fan-out: the events table's second and only other stream consumer. Each invocation's batches are grouped
 * into gap-free runs per symbol; for each run, in order, it finds who listens (market stream subscribers, and
 * the connections bound to each account the run concerns), builds the messages, and posts them, one
 * postToConnection per message and connection. Connections that are gone are deleted with their subscriptions.
 *
 * It keeps no progress of its own: it serves live clients, and a client that misses or repeats a depth message
 * sees it by `pu` and resyncs. A run fails (and is retried with the records after it) only if its messages
 * could not be built; delivery problems never hold the stream up.
 */
export function createFanout(deps: FanoutDeps) {
  const clock = deps.clock ?? Date.now;
  const sources = {
    depth: deps.depth,
    klines: deps.klines,
    aggTrades: deps.aggTrades,
    windows: new RollingWindows(deps.klines),
    throttle: new Throttle(),
    orders: deps.orders,
    accounts: deps.accounts,
  };
  const forget = async (connectionId: string) => {
    await Promise.all([deps.connections.delete(connectionId), deps.subscriptions.forget(connectionId)]);
  };

  /** Market streams: every message to every subscriber of its stream. */
  const addMarketData = async (ctx: RunContext, outbox: Outbox) => {
    const subscribers = await subscribersOf(candidateStreams(ctx.run), deps.subscriptions);
    if (subscribers.size === 0) return;
    const text = new Map<unknown, string>();
    for (const { stream, payload } of await marketMessages(ctx, new Set(subscribers.keys()), sources)) {
      for (const s of subscribers.get(stream) ?? []) {
        if (s.combined) outbox.add(s.connectionId, JSON.stringify({ stream, data: payload }));
        else {
          if (!text.has(payload)) text.set(payload, JSON.stringify(payload));
          outbox.add(s.connectionId, text.get(payload)!);
        }
      }
    }
  };

  /** User data: each account's events to the connections opened with its (still valid) listen key. */
  const addUserData = async (ctx: RunContext, outbox: Outbox) => {
    const owners = ordersByAccount(ctx.run.events);
    for (const [accountId, connections] of await connectionsOf([...owners.keys()], deps.connections)) {
      const { live, expired } = await checkListenKeys(accountId, connections, deps.listenKeys);
      for (const c of expired) {
        outbox.add(c.connectionId, JSON.stringify(listenKeyExpiredJson(c.listenKey, ctx.now)));
        await deps.connections.unbind(c.connectionId);
      }
      if (live.length === 0) continue;
      for (const payload of await userMessages(ctx, accountId, owners.get(accountId) ?? [], sources)) {
        const text = JSON.stringify(payload);
        for (const c of live)
          outbox.add(
            c.connectionId,
            c.combined ? JSON.stringify({ stream: c.listenKey, data: payload }) : text,
          );
      }
    }
  };

  const fanOut = async (run: SymbolRun) => {
    const instrument = await instrumentFor(run, deps.symbols);
    if (instrument === undefined) return;
    const ctx: RunContext = {
      run,
      instrument,
      window: new EventWindow(run, deps.events),
      projected: once(() => deps.progress.get(PROJECTOR, run.symbol)),
      now: clock(),
    };
    const outbox = new Outbox();
    await Promise.all([addMarketData(ctx, outbox), addUserData(ctx, outbox)]);
    if (outbox.size === 0) return;
    const counts = await outbox.deliver(deps.poster, forget, deps.concurrency ?? DEFAULT_CONCURRENCY);
    if (counts.gone > 0 || counts.failed > 0)
      logJson('info', 'fan-out delivery', { symbol: run.symbol, ...counts });
  };

  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const batches: SymbolBatch[] = [];
    for (const record of event.Records) {
      const batch = batchOf(record);
      if (batch !== undefined) batches.push(batch);
    }
    for (const run of symbolRuns(batches)) {
      try {
        await fanOut(run);
      } catch (error) {
        logJson('error', 'fan-out failed', {
          symbol: run.symbol,
          seq: run.firstSeq,
          last: run.lastSeq,
          error,
        });
        return { batchItemFailures: [{ itemIdentifier: run.firstRecordId }] };
      }
    }
    return { batchItemFailures: [] };
  };
}

/** Every stream name a run could have a message for (trades bring candles, tickers and the mark price). */
function candidateStreams(run: SymbolRun): string[] {
  const names = [
    ...streamNamesOf(run.symbol, 'diffDepth'),
    ...streamNamesOf(run.symbol, 'partialDepth'),
    ...streamNamesOf(run.symbol, 'bookTicker'),
  ];
  if (run.events.some((e) => e.type === 'Trade')) {
    for (const kind of ['trade', 'aggTrade', 'kline', 'ticker', 'miniTicker', 'markPrice'] as const)
      names.push(...streamNamesOf(run.symbol, kind));
  }
  return names;
}

/** Subscribers by stream, only streams that have some. */
async function subscribersOf(
  streams: readonly string[],
  store: Pick<SubscriptionStore, 'subscribersOf'>,
): Promise<Map<string, Subscriber[]>> {
  const found = await Promise.all(streams.map(async (s) => [s, await store.subscribersOf(s)] as const));
  return new Map(found.filter(([, subscribers]) => subscribers.length > 0));
}

/** Connections by account, only accounts that have some. */
async function connectionsOf(
  accountIds: readonly number[],
  store: Pick<ConnectionStore, 'ofAccount'>,
): Promise<Map<number, Connection[]>> {
  const found = await Promise.all(accountIds.map(async (a) => [a, await store.ofAccount(a)] as const));
  return new Map(found.filter(([, connections]) => connections.length > 0));
}

/** The symbol's spec as of the run: from the run itself if it lists or updates the symbol. */
async function instrumentFor(
  run: SymbolRun,
  symbols: FanoutDeps['symbols'],
): Promise<Instrument | undefined> {
  for (let i = run.events.length - 1; i >= 0; i--) {
    const event = run.events[i]!;
    if (event.type === 'SymbolListed' || event.type === 'SymbolUpdated') return compileInstrument(event.spec);
  }
  let instrument = await symbols.get(run.symbol);
  if (instrument === undefined) {
    symbols.invalidate();
    instrument = await symbols.get(run.symbol);
  }
  return instrument;
}
