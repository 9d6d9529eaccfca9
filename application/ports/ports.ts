import type { AccountStore } from './accountStore';
import type { ApiKeyStore } from './apiKeyStore';
import type { Clock } from './clock';
import type { CommandBus } from './commandBus';
import type { ConnectionStore, ListenerChangeLog, SubscriptionStore } from './connections';
import type { EventLog } from './eventLog';
import type { IdSlots } from './idSlots';
import type { ListenKeyStore } from './listenKeyStore';
import type { Log } from './log';
import type {
  AggTradeLog,
  DepthBook,
  FundingRateHistory,
  KlineSeries,
  MarketTradeLog,
  PriceKlineSeries,
  TickerViews,
} from './marketData';
import type { OperatorLog } from './operatorLog';
import type { OrderViews } from './orderViews';
import type { ProjectionProgress } from './projectionProgress';
import type { RateLimiter } from './rateLimiter';
import type { ReadModelReset } from './readModelReset';
import type { ReadModelWrites } from './readModelWrites';
import type { RequestLog } from './requestLog';
import type { SnapshotArchive } from './snapshotStore';
import type { SymbolDirectory } from './symbolDirectory';
import type { UserTradeLog } from './userTradeLog';

/**
 * Every port the application talks through, by the name the use cases use. A composition root builds the ones
 * its process needs once, from one family of adapters: DynamoDB and Kinesis (adapters/aws), or memory
 * (adapters/memory). Each process gets a subset (below), so a Lambda's code names only the tables it may use.
 */
export interface Ports {
  readonly clock: Clock;
  readonly log: Log;
  /** The write side: commands to the matcher, and the log of what it decided. */
  readonly commands: CommandBus;
  readonly events: EventLog;
  /** The matcher's snapshots, as far as looking back needs them. */
  readonly snapshots: SnapshotArchive;
  /** Accounts, and who may act for them. */
  readonly accountStore: AccountStore;
  readonly apiKeys: ApiKeyStore;
  readonly listenKeys: ListenKeyStore;
  /** The operator's audit trail: who did what, and why. */
  readonly operatorLog: OperatorLog;
  /** Ingress bookkeeping. */
  readonly rateLimiter: RateLimiter;
  readonly requests: RequestLog;
  readonly idSlots: IdSlots;
  /** The read models. */
  readonly symbols: SymbolDirectory;
  readonly orders: OrderViews;
  readonly depth: DepthBook;
  readonly trades: MarketTradeLog;
  readonly aggTrades: AggTradeLog;
  readonly klines: KlineSeries;
  readonly tickers: TickerViews;
  /** Futures market data: mark/index/premium klines and the funding rate history. */
  readonly priceKlines: PriceKlineSeries;
  readonly fundingRates: FundingRateHistory;
  readonly userTrades: UserTradeLog;
  readonly progress: ProjectionProgress;
  /** The projector's read-model writes of a batch, sent together. */
  readonly readModelWrites: ReadModelWrites;
  readonly readModelReset: ReadModelReset;
  /** WebSocket connections and what they listen to. */
  readonly connections: ConnectionStore;
  readonly subscriptions: SubscriptionStore;
  /** What changed who listens (the two stores above append to it): the fan-out's one read per run. */
  readonly listenerChanges: ListenerChangeLog;
}

/**
 * Every read model's store: the projector writes them all, ingress answers its queries from them. The one list, so
 * a new read model is added here once.
 */
export type ReadModelPorts = Pick<
  Ports,
  | 'symbols'
  | 'orders'
  | 'userTrades'
  | 'trades'
  | 'aggTrades'
  | 'klines'
  | 'depth'
  | 'tickers'
  | 'priceKlines'
  | 'fundingRates'
>;

/** Order entry, account operations and queries: the REST and WebSocket APIs and the operator CLI. */
export type IngressPorts = ReadModelPorts &
  Pick<
    Ports,
    | 'clock'
    | 'log'
    | 'commands'
    | 'events'
    | 'accountStore'
    | 'apiKeys'
    | 'listenKeys'
    | 'rateLimiter'
    | 'requests'
    | 'idSlots'
    // Read only: how far the projector has settled each symbol, so queries bring an account past it (accountNow).
    | 'progress'
  >;

/** What the WebSocket API keeps besides: its connections and their subscriptions. */
export type ConnectionPorts = Pick<Ports, 'connections' | 'subscriptions' | 'listenerChanges'>;

/** The projector: every read model, settlement, and its progress per symbol. */
export type ProjectorPorts = ReadModelPorts &
  Pick<Ports, 'clock' | 'log' | 'accountStore' | 'progress' | 'readModelWrites'>;

/** A rebuild: the projector's read models, the log to replay, and the means to drop a model. */
export type RebuildPorts = ProjectorPorts & Pick<Ports, 'events' | 'readModelReset'>;

/** The fan-out: who listens, the read models it brings to a run's boundary, the log around a run. */
export type FanoutPorts = Pick<
  Ports,
  | 'clock'
  | 'log'
  | 'connections'
  | 'subscriptions'
  | 'listenerChanges'
  | 'listenKeys'
  | 'symbols'
  | 'events'
  | 'progress'
  | 'orders'
  | 'accountStore'
  | 'depth'
  | 'klines'
  | 'aggTrades'
  | 'tickers'
>;

/** The operator's use cases (application/operator.ts): ingress's ports and the operator's trail. */
export type OperatorPorts = IngressPorts & Pick<Ports, 'operatorLog'>;

/** Looking back (application/audit/): the logs and the snapshots, read only. The operator CLI's audit commands. */
export type AuditPorts = Pick<
  Ports,
  'clock' | 'log' | 'events' | 'snapshots' | 'accountStore' | 'operatorLog'
>;
