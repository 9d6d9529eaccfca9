import { leverageOf } from '../../core/accounts/account';
import { fundingPaymentOf } from '../../core/accounts/settlement';
import type { EngineEvent } from '../../core/engine/events';
import type { Money } from '../../core/numbers/money';
import { type AlgoOrderView, algoOrderOf, applyToAlgoOrder } from '../../core/projections/algoOrderView';
import type { OrderState } from '../../core/projections/orderFold';
import { markPrice, type ValuationPrice } from '../../core/symbol/valuation';
import type { Log } from '../ports/log';
import type { TickerView } from '../ports/marketData';
import { type AccountFills, accountFills, walletAfterRun } from './accountUpdates';
import { accountUpdateReason, adlOrderUpdates, liquidationFeeAlone } from './liquidationUpdates';
import type { UserMessage } from './messages';
import { orderBeforeRun } from './orderBeforeRun';
import { type OrderUpdate, orderUpdates } from './orderUpdates';
import type { RunContext } from './runContext';
import type { SymbolRun } from './symbolRuns';

export interface UserSources {
  readonly log: Log;
}

/** The owner of each order a run of events concerns, orders in order of first appearance. */
export function ordersByAccount(events: readonly EngineEvent[]): Map<number, number[]> {
  const owners = new Map<number, number[]>();
  const add = (accountId: number, orderId: number) => {
    const orders = owners.get(accountId) ?? [];
    if (!orders.includes(orderId)) orders.push(orderId);
    owners.set(accountId, orders);
  };
  for (const event of events) {
    switch (event.type) {
      case 'OrderAccepted':
      case 'OrderRejected':
        add(event.order.accountId, event.order.orderId);
        break;
      case 'Trade':
        add(event.maker.accountId, event.maker.orderId);
        add(event.taker.accountId, event.taker.orderId);
        break;
      case 'OrderCanceled':
      case 'OrderExpired':
      case 'OrderAmended':
      // A Liquidated cut off from its order's fills (the next run of the log) still reaches its owner.
      case 'Liquidated':
        add(event.accountId, event.orderId);
        break;
      case 'FundingPaid':
        // Paid or paying accounts get ACCOUNT_UPDATE FUNDING_FEE; they have no order in it.
        for (const [accountId] of event.payments) if (!owners.has(accountId)) owners.set(accountId, []);
        break;
      case 'PositionTransferred':
        // Both sides of a takeover or an ADL get ACCOUNT_UPDATE (and an ADL counterparty its ADL order update).
        for (const side of [event.liquidated, event.counterparty])
          if (!owners.has(side.accountId)) owners.set(side.accountId, []);
        break;
      default: {
        // A conditional order's owner gets its ALGO_UPDATEs (userMessages finds them in the run).
        const algo = algoOrderOf(event);
        if (algo !== undefined && !owners.has(algo.accountId)) owners.set(algo.accountId, []);
        break;
      }
    }
  }
  return owners;
}

/**
 * One account's order updates for a run: one per change of each of its orders (and of each ADL that closed one of
 * its positions, and each event of its conditional orders), in event order. They need no read of the account, so
 * the fan-out posts them before its account updates are built (accountMessages).
 */
export async function orderMessages(
  ctx: RunContext,
  accountId: number,
  orderIds: readonly number[],
  sources: UserSources,
): Promise<UserMessage[]> {
  const { run, instrument, window } = ctx;
  const boundary = run.firstSeq - 1;
  const known = ctx.market.orders.before;
  const updates: (OrderUpdate | AlgoUpdate)[] = [];
  for (const orderId of orderIds) {
    // The fan-out's order fold reflects every event up to the run; a view read past the run is rewound.
    const view = known.orders.get(orderId) ?? undefined;
    const before = await orderBeforeRun(instrument, orderId, view, boundary, window);
    if (before === undefined && !acceptedIn(run.events, orderId)) {
      sources.log('warn', 'order updates skipped: the log is out of reach', { symbol: run.symbol, orderId });
      continue;
    }
    updates.push(...orderUpdates(instrument, orderId, before, run.events));
  }
  updates.push(...algoUpdates(run.events, run.symbol, accountId, known));
  updates.push(...finishedAlgoUpdates(run, orderIds, accountId, ctx.market.orders.after));
  updates.push(...adlOrderUpdates(instrument, run.events, accountId));
  updates.sort((a, b) => a.seq - b.seq);
  return updates.filter((u) => u.accountId === accountId).map((u) => u.message);
}

/**
 * One account's account updates for a run, which come after its order updates: if it traded or a liquidation moved
 * its position, one with its balance and position after the run (valued at the mark; reason ORDER, INSURANCE_CLEAR
 * or ADL: liquidationUpdates.ts), and, if it paid or received funding, one FUNDING_FEE with the balance after the
 * run and the payment. The balance is the account's wallet, read, brought to the run's end.
 */
export async function accountMessages(ctx: RunContext, accountId: number): Promise<UserMessage[]> {
  const { run, instrument, window } = ctx;
  const messages: UserMessage[] = [];
  const causes = accountUpdateCauses(run.events, accountId);
  if (causes === undefined) return messages;
  const { fills, funding, clearedAlone } = causes;
  const state = await ctx.accountState(accountId);
  const wallet =
    state === undefined
      ? undefined
      : await walletAfterRun(state, ctx.projected, window, () => ctx.accountStateAgain(accountId));
  if (state === undefined || wallet === undefined) return messages;
  if (fills !== undefined) {
    const leverage = leverageOf(state, run.symbol, instrument.spec.maxLeverage);
    // Without an index the run's own last fill price is fresher than the ticker's last price: the payload uses it.
    const markPrice = markInRun(run.events) ?? indexedMark(ctx.market.ticker);
    const { reason, balanceChange } = accountUpdateReason(run.events, accountId);
    messages.push({
      kind: 'accountUpdate',
      fills,
      walletBalance: wallet,
      leverage,
      markPrice,
      reason,
      balanceChange,
    });
  }
  if (funding !== undefined) messages.push({ kind: 'fundingFee', walletBalance: wallet, ...funding });
  if (clearedAlone !== undefined)
    messages.push({ kind: 'liquidationFee', walletBalance: wallet, ...clearedAlone });
  return messages;
}

/**
 * Why the account gets account updates for the run (and so a read of its balance): its fills, its funding, a
 * liquidation fee without a fill; undefined if none.
 */
export function accountUpdateCauses(
  events: readonly EngineEvent[],
  accountId: number,
):
  | {
      fills: AccountFills | undefined;
      funding: ReturnType<typeof fundingOf>;
      clearedAlone: ReturnType<typeof liquidationFeeAlone>;
    }
  | undefined {
  const fills = accountFills(events).find((f) => f.accountId === accountId);
  const funding = fundingOf(events, accountId);
  const clearedAlone = fills === undefined ? liquidationFeeAlone(events, accountId) : undefined;
  if (fills === undefined && funding === undefined && clearedAlone === undefined) return undefined;
  return { fills, funding, clearedAlone };
}

interface AlgoUpdate {
  readonly accountId: number;
  readonly seq: number;
  readonly message: Extract<UserMessage, { kind: 'algoUpdate' }>;
}

/**
 * The account's ALGO_UPDATEs in a run: one per event of its conditional orders, with the view after it. A view
 * placed in an earlier run starts from the read model's copy; the event itself sets what changes (status, times,
 * the order it became), so a copy a little ahead or behind gives the same message.
 */
function algoUpdates(
  events: readonly EngineEvent[],
  symbol: string,
  accountId: number,
  known: OrderState,
): AlgoUpdate[] {
  const views = new Map<number, AlgoOrderView | undefined>();
  const updates: AlgoUpdate[] = [];
  for (const event of events) {
    const ref = algoOrderOf(event);
    if (ref === undefined || ref.accountId !== accountId) continue;
    if (!views.has(ref.algoId) && event.type !== 'AlgoOrderPlaced') {
      views.set(ref.algoId, known.algos.get(ref.algoId) ?? undefined);
    }
    const view = applyToAlgoOrder(views.get(ref.algoId), event, symbol);
    views.set(ref.algoId, view);
    if (view === undefined) continue;
    updates.push({ seq: event.seq, accountId, message: { kind: 'algoUpdate', view, time: event.time } });
  }
  return updates;
}

/**
 * The account's conditional orders that the run ended through the orders they became (FINISHED, or REJECTED when
 * the engine refused that order): the order fold follows them there, so they are read off its state after the
 * run, each at the event that ended its order, which puts it after that order's last ORDER_TRADE_UPDATE.
 */
function finishedAlgoUpdates(
  run: SymbolRun,
  orderIds: readonly number[],
  accountId: number,
  after: OrderState,
): AlgoUpdate[] {
  const updates: AlgoUpdate[] = [];
  for (const orderId of orderIds) {
    const algoId = after.orders.get(orderId)?.algoId;
    const view = algoId === undefined ? undefined : after.algos.get(algoId);
    if (view == null || view.order.accountId !== accountId) continue;
    if (view.status !== 'FINISHED' && view.status !== 'REJECTED') continue;
    if (view.lastSeq < run.firstSeq || view.lastSeq > run.lastSeq) continue;
    updates.push({
      seq: view.lastSeq,
      accountId,
      message: { kind: 'algoUpdate', view, time: view.updateTime },
    });
  }
  return updates;
}

/** The account's funding payments in the run, summed, and the time of the last; undefined if none. */
function fundingOf(
  events: readonly EngineEvent[],
  accountId: number,
): { balanceChange: Money; time: number } | undefined {
  let found: { balanceChange: Money; time: number } | undefined;
  for (const event of events) {
    if (event.type !== 'FundingPaid') continue;
    const amount = fundingPaymentOf(event, accountId);
    if (amount === undefined) continue;
    found = { balanceChange: (found?.balanceChange ?? 0n) + amount, time: event.time };
  }
  return found;
}

/** The run's last mark price, if it has one: fresher than the tickers read model for this run. */
function markInRun(events: readonly EngineEvent[]): ValuationPrice | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.type === 'MarkPriceUpdated') return markPrice(event.markPrice);
  }
  return undefined;
}

function indexedMark(ticker: TickerView): ValuationPrice | undefined {
  return ticker.markPrice === null ? undefined : markPrice(ticker.markPrice);
}

function acceptedIn(events: readonly EngineEvent[], orderId: number): boolean {
  return events.some(
    (e) => (e.type === 'OrderAccepted' || e.type === 'OrderRejected') && e.order.orderId === orderId,
  );
}
