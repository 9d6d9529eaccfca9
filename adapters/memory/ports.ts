import type { Clock } from '../../application/ports/clock';
import type { Log } from '../../application/ports/log';
import type { Ports } from '../../application/ports/ports';
import { BINANCE_LIMITS, type RateLimits } from '../../application/ports/rateLimiter';
import { WRITES_AS_MADE } from '../../application/ports/readModelWrites';
import { snapshotArchive } from '../aws/eventStore/symbolSnapshot';
import { MemoryAccountStore } from './accountStore';
import { MemoryApiKeyStore } from './apiKeyStore';
import { MemoryCommandBus } from './commandBus';
import { MemoryConnectionStore, MemoryListenerChanges, MemorySubscriptionStore } from './connections';
import { MemoryEventLog } from './eventLog';
import { MemoryFundingRateHistory, MemoryPriceKlineSeries } from './futuresMarketData';
import { MemoryIdSlots } from './idSlots';
import { MemoryListenKeyStore } from './listenKeyStore';
import {
  MemoryAggTradeLog,
  MemoryDepthBook,
  MemoryKlineSeries,
  MemoryMarketTradeLog,
  MemoryTickerViews,
} from './marketData';
import { MemoryOperatorLog } from './operatorLog';
import { MemoryOrderViews } from './orderViews';
import { MemoryProjectionProgress } from './projectionProgress';
import { MemoryRateLimiter } from './rateLimiter';
import { MemoryReadModelReset } from './readModelReset';
import { MemoryRequestLog } from './requestLog';
import { MemorySnapshotStore } from './snapshotStore';
import { MemorySymbolDirectory } from './symbolDirectory';
import { MemoryUserTradeLog } from './userTradeLog';

/** One logged line, as the memory log keeps it. */
export interface LogEntry {
  readonly level: 'info' | 'warn' | 'error';
  readonly message: string;
  readonly fields: Record<string, unknown>;
}

/** Every port in memory, with the concrete adapters where a test drives them (the command stream, the log). */
export interface MemoryPorts extends Ports {
  readonly commands: MemoryCommandBus;
  readonly events: MemoryEventLog;
  /** The matcher's snapshot store behind `snapshots` (the matcher writes here; looking back reads). */
  readonly snapshotStore: MemorySnapshotStore;
  /** What was logged, in order. */
  readonly logged: LogEntry[];
}

export interface MemoryPortOptions {
  readonly clock?: Clock;
  readonly limits?: RateLimits;
}

/**
 * The composition root of the in-memory adapters: every port of the application, sharing one process's memory.
 * What the application-level tests and the in-memory exchange (local/memoryExchange.ts) run on; the contract
 * tests (test/contracts/) hold each adapter to the DynamoDB or Kinesis one.
 */
export function memoryPorts(options: MemoryPortOptions = {}): MemoryPorts {
  const clock = options.clock ?? Date.now;
  const logged: LogEntry[] = [];
  const log: Log = (level, message, fields = {}) => {
    logged.push({ level, message, fields });
  };
  const readModels = {
    symbols: new MemorySymbolDirectory(),
    orders: new MemoryOrderViews(),
    userTrades: new MemoryUserTradeLog(),
    marketTrades: new MemoryMarketTradeLog(),
    aggTrades: new MemoryAggTradeLog(),
    klines: new MemoryKlineSeries(),
    depth: new MemoryDepthBook(),
    tickers: new MemoryTickerViews(),
    priceKlines: new MemoryPriceKlineSeries(),
    fundingRates: new MemoryFundingRateHistory(),
  };
  const snapshotStore = new MemorySnapshotStore();
  const listenerChanges = new MemoryListenerChanges(clock);
  return {
    clock,
    log,
    logged,
    snapshotStore,
    snapshots: snapshotArchive(snapshotStore),
    commands: new MemoryCommandBus(),
    events: new MemoryEventLog(clock),
    accountStore: new MemoryAccountStore(clock),
    apiKeys: new MemoryApiKeyStore(),
    listenKeys: new MemoryListenKeyStore(listenerChanges),
    operatorLog: new MemoryOperatorLog(),
    rateLimiter: new MemoryRateLimiter(options.limits ?? BINANCE_LIMITS, clock),
    requests: new MemoryRequestLog(clock),
    idSlots: new MemoryIdSlots(),
    symbols: readModels.symbols,
    orders: readModels.orders,
    depth: readModels.depth,
    trades: readModels.marketTrades,
    aggTrades: readModels.aggTrades,
    klines: readModels.klines,
    tickers: readModels.tickers,
    priceKlines: readModels.priceKlines,
    fundingRates: readModels.fundingRates,
    userTrades: readModels.userTrades,
    progress: new MemoryProjectionProgress(),
    readModelWrites: WRITES_AS_MADE,
    readModelReset: new MemoryReadModelReset(readModels),
    connections: new MemoryConnectionStore(listenerChanges),
    subscriptions: new MemorySubscriptionStore(listenerChanges),
    listenerChanges,
  };
}
