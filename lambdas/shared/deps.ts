import { ApiKeyStore } from '../../adapters/access/apiKeyStore';
import { ListenKeyStore } from '../../adapters/access/listenKeyStore';
import { RateLimiter } from '../../adapters/access/rateLimiter';
import { RequestLog } from '../../adapters/access/requestLog';
import { AccountStore } from '../../adapters/accounts/accountStore';
import type { AwsClients } from '../../adapters/aws/clients';
import { CommandBus } from '../../adapters/commands/commandBus';
import { EventStore } from '../../adapters/eventStore/eventStore';
import { OrderIdGenerator } from '../../adapters/ids/orderIds';
import { MarketPriceReader } from '../../adapters/markets/marketPrices';
import { SymbolDirectory } from '../../adapters/markets/symbolDirectory';
import { OrderViews } from '../../adapters/readModels/orderViews';
import type { ResourceNames } from '../../resources/declarations';

/**
 * Everything a handler talks to, built once per process from the AWS clients and the resource names, and passed
 * in: the Lambda entry points build it from the environment, the local gateway and the tests from the emulators.
 */
export interface Deps {
  readonly clients: AwsClients;
  readonly names: ResourceNames;
  readonly clock: () => number;
  readonly apiKeys: ApiKeyStore;
  readonly rateLimiter: RateLimiter;
  readonly requests: RequestLog;
  readonly symbols: SymbolDirectory;
  readonly prices: MarketPriceReader;
  readonly orderIds: OrderIdGenerator;
  readonly commands: CommandBus;
  readonly accounts: AccountStore;
  readonly events: EventStore;
  readonly listenKeys: ListenKeyStore;
  readonly orders: OrderViews;
  /** How long newOrderRespType=RESULT waits for the matcher before answering "status unknown". */
  readonly resultTimeoutMs: number;
}

export function createDeps(
  clients: AwsClients,
  names: ResourceNames,
  options: { clock?: () => number; resultTimeoutMs?: number } = {},
): Deps {
  const clock = options.clock ?? Date.now;
  const documents = clients.documents;
  const t = names.tables;
  return {
    clients,
    names,
    clock,
    apiKeys: new ApiKeyStore(documents, t.apiKeys, 10_000, clock),
    rateLimiter: new RateLimiter(documents, t.rateLimits, undefined, clock),
    requests: new RequestLog(documents, t.requests, clock),
    symbols: new SymbolDirectory(documents, t.symbols, 5_000, clock),
    prices: new MarketPriceReader(documents, t.tickers),
    orderIds: new OrderIdGenerator(documents, t.idSlots, clock),
    commands: new CommandBus(clients.kinesis, names.streams.commands),
    accounts: new AccountStore(documents, t.accounts, clock),
    events: new EventStore(documents, t.events, clock),
    listenKeys: new ListenKeyStore(documents, t.listenKeys, clock),
    orders: new OrderViews(documents, t.orders),
    resultTimeoutMs: options.resultTimeoutMs ?? 8_000,
  };
}
