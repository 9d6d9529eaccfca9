import { BatchedRateLimiter, DEFAULT_RATE_BATCHING, type RateBatching } from './access/batchedRateLimiter';
import { Accounts } from './accounts/accounts';
import { recentTickers } from './accounts/markPrices';
import { OpenClientOrderIds } from './orderEntry/openClientOrderIds';
import { OrderIdGenerator } from './orderEntry/orderIds';
import type { CommitSignal } from './ports/commitSignal';
import type { TickerViews } from './ports/marketData';
import type { FanoutPorts, IngressPorts, ProjectorPorts } from './ports/ports';

/**
 * What the use cases of one process are given: its ports (from a composition root) and the services built on
 * them once per process. The account decisions take turns per account within a process, so a process shares one
 * Accounts between its parts (the local stack's ingress and projector, say).
 */
export interface IngressContext extends IngressPorts {
  readonly accounts: Accounts;
  readonly orderIds: OrderIdGenerator;
  /** Open client order ids (-4116) from a snapshot per account and the request log, not a query per order. */
  readonly openClientOrderIds: OpenClientOrderIds;
  /** The tickers as pre-trade margin reads them: kept 1 s per process (application/accounts/markPrices.ts). */
  readonly positionTickers: Pick<TickerViews, 'get'>;
  /**
   * How long a RESULT order, a cancel or an amendment waits for the matcher (and a cancel or amendment for the
   * orders read model) before the answer is "execution status unknown".
   */
  readonly resultTimeoutMs: number;
  /** The matcher's commits as they happen, where it runs in this process (the local stack); else RESULT polls. */
  readonly commits?: CommitSignal;
}

export interface IngressSettings {
  readonly resultTimeoutMs?: number;
  readonly commits?: CommitSignal;
  readonly accounts?: Accounts;
  /** How this process batches its rate-limit writes (application/access/batchedRateLimiter.ts). */
  readonly rateBatching?: RateBatching;
}

export function ingressContext(ports: IngressPorts, settings: IngressSettings = {}): IngressContext {
  return {
    ...ports,
    rateLimiter: new BatchedRateLimiter(
      ports.rateLimiter,
      settings.rateBatching ?? DEFAULT_RATE_BATCHING,
      ports.clock,
    ),
    // Ingress decides on each account's newest state as this process last saw it (conditional appends keep that
    // safe): an order costs the account one write, not a read and a write.
    accounts: settings.accounts ?? new Accounts(ports.accountStore, ports.clock, { cachedStates: 10_000 }),
    orderIds: new OrderIdGenerator(ports.idSlots, ports.clock),
    openClientOrderIds: new OpenClientOrderIds(ports.orders, ports.clock),
    positionTickers: recentTickers(ports.tickers, 1_000, ports.clock),
    resultTimeoutMs: settings.resultTimeoutMs ?? 8_000,
    commits: settings.commits,
  };
}

export interface ProjectorContext extends ProjectorPorts {
  readonly accounts: Accounts;
}

export function projectorContext(ports: ProjectorPorts, accounts?: Accounts): ProjectorContext {
  return { ...ports, accounts: accounts ?? new Accounts(ports.accountStore, ports.clock) };
}

export type FanoutContext = FanoutPorts;
