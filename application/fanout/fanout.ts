import type { Instrument } from '../../core/symbol/instrument';
import { forgetConnection } from '../connections/connections';
import { consumeInOrder } from '../consumeInOrder';
import type { FanoutContext } from '../context';
import type { Connection, ConnectionPoster } from '../ports/connections';
import type { SymbolBatch } from '../ports/eventLog';
import { PROJECTOR } from '../projections/projector';
import { specAsOf } from '../projections/specAsOf';
import { EventWindow } from './eventWindow';
import { KlineCloses } from './klineCloses';
import { ListenerChangeFeed } from './listenerMemory';
import { marketFolds } from './marketFolds';
import { marketMessages } from './marketMessages';
import { MarketSubscribers } from './marketSubscribers';
import { dueAllMarkStreams } from './markPriceMessages';
import type { MarketMessage, StreamFormat, StreamKind, UserMessage } from './messages';
import { DEFAULT_CONCURRENCY, Outbox } from './outbox';
import { RecentEvents } from './recentEvents';
import { RollingWindows, Throttle } from './rollingWindow';
import { once, oncePerKey, type RunContext } from './runContext';
import { type SymbolRun, symbolRuns } from './symbolRuns';
import { UserListeners } from './userListeners';
import { accountMessages, accountUpdateCauses, orderMessages, ordersByAccount } from './userMessages';

export interface FanoutDelivery {
  /** Where messages go: one postToConnection per message and connection. */
  readonly poster: ConnectionPoster;
  /** The API's stream names and payloads. */
  readonly format: StreamFormat;
  /** Connections posted to at once. */
  readonly concurrency?: number;
}

/**
 * The fan-out: the event log's second and only other consumer besides the projector. A delivery's batches are
 * grouped into gap-free runs per symbol; for each run, in order, it finds who listens (market stream subscribers,
 * and the connections bound to each account the run concerns), builds the messages, and posts them. Connections
 * that are gone are deleted with their subscriptions.
 *
 * It keeps no progress of its own: it serves live clients, and a client that misses or repeats a depth message
 * sees it by `pu` and resyncs. A run fails (and is retried with the batches after it) only if its messages could
 * not be built; delivery problems never hold the log up. A run's market data, order updates and account updates
 * are each posted once built, so when one fails to build after another was posted, the retry posts that one
 * again, as a redelivery after a crash does. Returns the record of the first batch of a failed run.
 */
export function createFanout(
  ctx: FanoutContext,
  delivery: FanoutDelivery,
): (batches: readonly SymbolBatch[]) => Promise<{ readonly failedRecordId?: string }> {
  const { format } = delivery;
  const folded = marketFolds(ctx);
  const sources = {
    aggTrades: ctx.aggTrades,
    windows: new RollingWindows(ctx.klines),
    throttle: new Throttle(),
    klineCloses: new KlineCloses(),
    heldTickers: new Set<string>(),
    log: ctx.log,
  };
  const listeners = new UserListeners(ctx);
  const subscribers = new MarketSubscribers(ctx);
  // Who listens is remembered (accounts, symbols) until the listener change log says otherwise: one read per
  // delivery (a Lambda batch), shared by its runs.
  const changes = new ListenerChangeFeed(ctx, { accounts: listeners.memory, symbols: subscribers.memory });
  const recent = new RecentEvents();
  const forget = (connectionId: string) => {
    listeners.forget(connectionId);
    subscribers.forget(connectionId);
    return forgetConnection(ctx, connectionId);
  };

  /** Market streams: every message to every subscriber of its stream. */
  const addMarketData = async (run: RunContext, outbox: Outbox) => {
    const found = await subscribers.of(
      candidateStreams(
        run.run,
        format,
        (names) => dueAllMarkStreams(run, names, format.parse, sources.throttle),
        {
          closing: sources.klineCloses.anyDue(run.run.symbol, run.now),
          tickersHeld: sources.heldTickers.has(run.run.symbol),
        },
      ),
    );
    if (found.size === 0) return;
    // A message goes to several streams (every speed of a depth stream): written once, and as text once.
    const payloads = new Map<MarketMessage, unknown>();
    const texts = new Map<MarketMessage, string>();
    const payloadOf = (message: MarketMessage) => {
      if (!payloads.has(message)) payloads.set(message, format.market(message, run.instrument, run.now));
      return payloads.get(message);
    };
    const textOf = (message: MarketMessage) => {
      if (!texts.has(message)) texts.set(message, JSON.stringify(payloadOf(message)));
      return texts.get(message)!;
    };
    for (const { stream, message } of await marketMessages(run, new Set(found.keys()), sources, format)) {
      for (const s of found.get(stream) ?? []) {
        if (s.combined) outbox.add(s.connectionId, JSON.stringify({ stream, data: payloadOf(message) }));
        else outbox.add(s.connectionId, textOf(message));
      }
    }
  };

  /**
   * User data: each account's events to the connections opened with its (still valid) listen key. The order
   * updates are posted while the account updates, which read each account's balance, are built; those follow, so
   * a trader sees his fill without waiting for that read, and each connection gets them in that order.
   */
  const postUserData = async (run: RunContext, owners: ReadonlyMap<number, readonly number[]>) => {
    // Most accounts of a run have no user stream open: remembered as such until the change log shows them
    // bound (UserListeners), they cost no read.
    const listening = await nonEmpty([...owners.keys()], async (a) => {
      const found = await listeners.of(a);
      return found.live.length + found.expired.length === 0 ? [] : [found];
    });
    const addFor = (outbox: Outbox, live: readonly Connection[], message: UserMessage) => {
      const payload = format.user(message, run.instrument, run.now);
      const text = JSON.stringify(payload);
      for (const c of live)
        outbox.add(
          c.connectionId,
          c.combined ? JSON.stringify({ stream: c.listenKey, data: payload }) : text,
        );
    };
    const orderUpdates = new Outbox();
    const bound: [number, readonly Connection[]][] = [];
    for (const [accountId, [{ live, expired } = { live: [], expired: [] }]] of listening) {
      for (const c of expired) {
        const payload = format.user(
          { kind: 'listenKeyExpired', listenKey: c.listenKey },
          run.instrument,
          run.now,
        );
        orderUpdates.add(c.connectionId, JSON.stringify(payload));
        await ctx.connections.unbind(c.connectionId);
        listeners.forget(c.connectionId);
      }
      if (live.length === 0) continue;
      bound.push([accountId, live]);
      for (const message of await orderMessages(run, accountId, owners.get(accountId) ?? [], sources))
        addFor(orderUpdates, live, message);
    }
    const accountUpdates = new Outbox();
    await settled([
      post(orderUpdates, run),
      (async () => {
        // Each account's balance read beside the others' (a funding run concerns every listening account).
        const built = await inBatches(bound, async ([accountId, live]) => ({
          live,
          messages: await accountMessages(run, accountId),
        }));
        for (const { live, messages } of built)
          for (const message of messages) addFor(accountUpdates, live, message);
      })(),
    ]);
    await post(accountUpdates, run);
  };

  const fanOut = async (run: SymbolRun, deliveredAt: number) => {
    const instrument: Instrument | undefined = await specAsOf(run.symbol, run.events, ctx.symbols);
    if (instrument === undefined) return;
    const context: RunContext = {
      run,
      instrument,
      market: await folded(run, instrument),
      window: new EventWindow(run, ctx.events, recent),
      projected: once(() => ctx.progress.get(PROJECTOR, run.symbol)),
      accountState: oncePerKey((accountId) => ctx.accountStore.load(accountId)),
      accountStateAgain: (accountId) => ctx.accountStore.load(accountId),
      now: ctx.clock(),
    };
    const owners = ordersByAccount(run.events);
    readBalancesBeside(context, owners);
    let eventsUpTo = 0;
    for (const e of run.events) eventsUpTo = Math.max(eventsUpTo, e.time);
    await changes.lookUp(eventsUpTo, deliveredAt);
    // Market data and user data are each posted as soon as they are built: a trade on the market streams does
    // not wait for the read user data needs (an account's balance for ACCOUNT_UPDATE), nor the other way round.
    // The next run waits for both, so every connection gets a stream's messages in the log's order.
    await settled([postMarketData(context), postUserData(context, owners)]);
    recent.remember(run);
  };

  /**
   * A listening trader's fill needs the listener look-up and then his balance, two reads one after the other, and
   * the next run waits for both. The accounts the fan-out remembers as listening (nearly always the right guess)
   * have their balances read now, beside the look-up; the others are read after it, as before. At most
   * LOOKUPS_AT_ONCE (a funding run concerns every account with a position); a read begun for an account that turns
   * out not to listen is one read spent, its answer unused.
   */
  const readBalancesBeside = (run: RunContext, owners: ReadonlyMap<number, readonly number[]>) => {
    let begun = 0;
    for (const accountId of owners.keys()) {
      if (begun === LOOKUPS_AT_ONCE) break;
      if (!listeners.remembersListening(accountId)) continue;
      if (accountUpdateCauses(run.run.events, accountId) === undefined) continue;
      // Its failure is the run's when its account update is built; one never built is no failure.
      run.accountState(accountId).catch(() => undefined);
      begun++;
    }
  };

  const postMarketData = async (run: RunContext) => {
    const outbox = new Outbox();
    await addMarketData(run, outbox);
    await post(outbox, run);
  };

  const post = async (outbox: Outbox, run: RunContext) => {
    if (outbox.size === 0) return;
    const counts = await outbox.deliver(
      delivery.poster,
      forget,
      ctx.log,
      delivery.concurrency ?? DEFAULT_CONCURRENCY,
    );
    if (counts.gone > 0 || counts.failed > 0)
      ctx.log('info', 'fan-out delivery', { symbol: run.run.symbol, ...counts });
  };

  return (batches) => {
    const deliveredAt = ctx.clock();
    return consumeInOrder(
      symbolRuns(batches),
      (run) => fanOut(run, deliveredAt),
      (run, error) => {
        ctx.log('error', 'fan-out failed', {
          symbol: run.symbol,
          seq: run.firstSeq,
          last: run.lastSeq,
          error,
        });
        return run.firstRecordId;
      },
    );
  };
}

/**
 * Every stream name a run could have a message for (trades bring candles, tickers and, before an index price,
 * the mark price; index updates bring the mark price; any run a candle's close and a ticker held back, `pending`).
 * The all-symbols mark price streams only in the slots `due` lets through: their subscribers cost a read of their
 * own.
 */
function candidateStreams(
  run: SymbolRun,
  format: Pick<StreamFormat, 'namesOf'>,
  due: (allMarkNames: readonly string[]) => string[],
  pending: { readonly closing: boolean; readonly tickersHeld: boolean },
): string[] {
  const kinds: StreamKind[] = ['diffDepth', 'partialDepth', 'bookTicker', 'allBookTicker'];
  const traded = run.events.some((e) => e.type === 'Trade');
  const tickers: StreamKind[] = ['ticker', 'miniTicker', 'allTicker', 'allMiniTicker'];
  if (traded) kinds.push('trade', 'aggTrade', 'kline', ...tickers);
  else {
    if (pending.closing) kinds.push('kline');
    if (pending.tickersHeld) kinds.push(...tickers);
  }
  const marked = traded || run.events.some((e) => e.type === 'MarkPriceUpdated');
  if (marked) kinds.push('markPrice');
  if (run.events.some((e) => e.type === 'Liquidated')) kinds.push('forceOrder', 'allForceOrders');
  const names = kinds.flatMap((kind) => format.namesOf(run.symbol, kind));
  return marked ? [...names, ...due(format.namesOf(run.symbol, 'allMarkPrice'))] : names;
}

/** What each key has, for the keys that have something (subscribers by stream, connections by account). */
async function nonEmpty<K, V>(keys: readonly K[], lookup: (key: K) => Promise<V[]>): Promise<Map<K, V[]>> {
  const found = await inBatches(keys, async (key) => [key, await lookup(key)] as const);
  return new Map(found.filter(([, values]) => values.length > 0));
}

/**
 * `f` of every item, in order, at most LOOKUPS_AT_ONCE in flight: a funding settlement concerns every account with
 * a position, and 100,000 simultaneous reads would only be throttled.
 */
async function inBatches<T, R>(items: readonly T[], f: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += LOOKUPS_AT_ONCE)
    results.push(...(await Promise.all(items.slice(i, i + LOOKUPS_AT_ONCE).map(f))));
  return results;
}

const LOOKUPS_AT_ONCE = 100;

/**
 * Waits for every one of `work` to finish, then fails with the first failure, if any: a run is over (and may be
 * retried) only once nothing of it is still posting.
 */
async function settled(work: readonly Promise<unknown>[]): Promise<void> {
  for (const outcome of await Promise.allSettled(work))
    if (outcome.status === 'rejected') throw outcome.reason;
}
