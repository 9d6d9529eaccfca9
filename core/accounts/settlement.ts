import { assertNever } from '../assertNever';
import type { EngineEvent, FundingPaid } from '../engine/events';
import { INSURANCE_FUND_ACCOUNT } from '../engine/state';
import { type Money, moneyOf } from '../numbers/money';
import { expandPosition, type Position } from '../position/position';
import type { AccountState, MarginReservation } from './account';
import type {
  AccountEvent,
  FundingFee,
  LiquidationFee,
  ReservationChange,
  SettledFill,
} from './accountEvents';

/**
 * Settlement: what a run of one symbol's events means for one account. Fills move realized PnL and fees into the
 * wallet and replace the position with the engine's; the reservation of an order shrinks in proportion to what
 * filled and goes entirely when the order ends (filled, canceled, expired, rejected). Funding payments move into
 * the wallet like fees, each recorded (amount, funding time, time, seq) for the income history and for
 * ACCOUNT_UPDATE reason FUNDING_FEE. Events at or below the
 * account's settled sequence for the symbol were settled before and are skipped, so settling a redelivered batch
 * changes nothing. Returns undefined when the events do not concern the account.
 */
export function settleSymbolEvents(
  account: AccountState,
  symbol: string,
  events: readonly EngineEvent[],
): AccountEvent | undefined {
  const settledBefore = account.settledSeq[symbol] ?? 0;
  const me = account.accountId;
  const reservations: Record<string, ReservationChange | null> = {};
  let realizedPnl: Money = 0n;
  let fees: Money = 0n;
  let position: Position | null = null;
  let lastSeq = settledBefore;
  const fundingFees: FundingFee[] = [];
  const liquidationFees: LiquidationFee[] = [];
  const fills: SettledFill[] = [];

  const reservationOf = (orderId: number): MarginReservation | ReservationChange | undefined => {
    const key = String(orderId);
    if (key in reservations) return reservations[key] ?? undefined;
    return account.reservations[key];
  };
  const release = (orderId: number) => {
    if (reservationOf(orderId) !== undefined) reservations[String(orderId)] = null;
  };
  const consume = (orderId: number, lots: number, remaining: number) => {
    const current = reservationOf(orderId);
    if (current === undefined) return;
    if (remaining === 0 || current.openLots <= lots) {
      reservations[String(orderId)] = null;
      return;
    }
    const released = (current.amount * BigInt(lots)) / BigInt(current.openLots);
    reservations[String(orderId)] = { amount: current.amount - released, openLots: current.openLots - lots };
  };

  for (const event of events) {
    if (event.seq <= settledBefore) continue;
    if (event.type === 'FundingPaid') {
      // Found by range and binary search: a settlement's events each hold up to a thousand payments.
      const amount = fundingPaymentOf(event, me);
      if (amount === undefined) continue;
      lastSeq = event.seq;
      fundingFees.push({ amount, fundingTime: event.fundingTime, time: event.time, seq: event.seq });
      continue;
    }
    if (!accountsToSettle(event).includes(me)) continue;
    lastSeq = event.seq;
    switch (event.type) {
      case 'Trade':
        for (const fill of [event.maker, event.taker]) {
          if (fill.accountId !== me) continue;
          realizedPnl += moneyOf(fill.realizedPnl);
          fees += moneyOf(fill.fee);
          fills.push({
            tradeId: event.tradeId,
            orderId: fill.orderId,
            realizedPnl: moneyOf(fill.realizedPnl),
            fee: moneyOf(fill.fee),
            time: event.time,
            seq: event.seq,
          });
          position = expandPosition(fill.position);
          consume(fill.orderId, event.quantity, fill.remaining);
        }
        break;
      case 'OrderRejected':
        release(event.order.orderId);
        break;
      case 'OrderCanceled':
      case 'OrderExpired':
        release(event.orderId);
        break;
      case 'CommandRejected':
        if (event.orderId !== null) release(event.orderId);
        break;
      case 'OrderAmended': {
        const current = reservationOf(event.orderId);
        if (current !== undefined)
          reservations[String(event.orderId)] = { amount: current.amount, openLots: event.remaining };
        break;
      }
      case 'OrderAccepted': {
        // A reduce-only order cut down by the engine holds margin for fewer lots.
        const current = reservationOf(event.order.orderId);
        if (current !== undefined)
          reservations[String(event.order.orderId)] = {
            amount: current.amount,
            openLots: event.order.quantity,
          };
        break;
      }
      case 'Liquidated':
        if (moneyOf(event.liquidationFee) !== 0n) {
          liquidationFees.push({
            amount: moneyOf(event.liquidationFee),
            orderId: event.orderId,
            time: event.time,
            seq: event.seq,
          });
        }
        break;
      case 'PositionTransferred':
        // A takeover or deleveraging at the bankruptcy price: realized PnL, no fee, both sides.
        for (const side of [event.liquidated, event.counterparty]) {
          if (side.accountId !== me) continue;
          realizedPnl += moneyOf(side.realizedPnl);
          // No trade on the book: trade id 0, so the ledger still adds up to the wallet change.
          fills.push({
            tradeId: 0,
            orderId: event.orderId,
            realizedPnl: moneyOf(side.realizedPnl),
            fee: 0n,
            time: event.time,
            seq: event.seq,
          });
          position = expandPosition(side.position);
        }
        break;
      default:
        break;
    }
  }
  if (lastSeq === settledBefore) return undefined;
  let funding: Money = 0n;
  for (const fee of fundingFees) funding += fee.amount;
  let liquidation: Money = 0n;
  for (const fee of liquidationFees) liquidation += fee.amount;
  return {
    type: 'SymbolEventsSettled',
    symbol,
    seq: lastSeq,
    changes: {
      walletDelta: realizedPnl - fees + funding - liquidation,
      realizedPnl,
      fees,
      position,
      reservations,
      ...(fundingFees.length === 0 ? {} : { fundingFees }),
      ...(liquidationFees.length === 0 ? {} : { liquidationFees }),
      ...(fills.length === 0 ? {} : { fills }),
    },
  };
}

/** The account's payment in a FundingPaid event (wallet change, negative: paid), if it has one. */
export function fundingPaymentOf(event: FundingPaid, accountId: number): Money | undefined {
  const payments = event.payments;
  let low = 0;
  let high = payments.length;
  if (high === 0 || accountId < payments[0]![0] || accountId > payments[high - 1]![0]) return undefined;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (payments[mid]![0] < accountId) low = mid + 1;
    else high = mid;
  }
  const payment = payments[low];
  return payment !== undefined && payment[0] === accountId ? moneyOf(payment[1]) : undefined;
}

/**
 * The accounts an event changes: the two sides of a trade, and the owner of an order that ended or changed size
 * (its reservation moves). A plain acceptance or resting changes no account: margin was reserved at ingress.
 */
export function accountsToSettle(event: EngineEvent): readonly number[] {
  switch (event.type) {
    case 'Trade':
      return event.maker.accountId === event.taker.accountId
        ? [event.maker.accountId]
        : [event.maker.accountId, event.taker.accountId];
    case 'OrderRejected':
      return [event.order.accountId];
    case 'OrderCanceled':
    case 'OrderExpired':
    case 'OrderAmended':
      return [event.accountId];
    case 'CommandRejected':
      return event.command === 'PlaceOrder' && event.accountId !== null ? [event.accountId] : [];
    case 'OrderAccepted':
      return event.requestedQuantity !== null ? [event.order.accountId] : [];
    case 'FundingPaid':
      return event.payments.map(([accountId]) => accountId);
    case 'Liquidated':
      return [event.accountId];
    case 'PositionTransferred':
      return [event.liquidated.accountId, event.counterparty.accountId];
    case 'SymbolListed':
    case 'SymbolUpdated':
    case 'OrderRested':
    case 'AllOrdersCanceled':
    case 'MarkPriceUpdated':
    case 'FundingSettled':
    // Conditional orders reserve no margin; the order a trigger makes has its own events.
    case 'AlgoOrderPlaced':
    case 'AlgoOrderTriggered':
    case 'AlgoOrderCanceled':
    case 'AlgoOrderExpired':
    case 'CancelCountdownSet':
      return [];
    default:
      return assertNever(event);
  }
}

/**
 * Every account a run of symbol events changes, ascending. The insurance fund (account 0) is the engine's, not an
 * account of the accounts table: its balance and positions are in the symbol's state and log.
 */
export function accountsConcerned(events: readonly EngineEvent[]): number[] {
  return [...new Set(events.flatMap(accountsToSettle))]
    .filter((accountId) => accountId !== INSURANCE_FUND_ACCOUNT)
    .sort((a, b) => a - b);
}
