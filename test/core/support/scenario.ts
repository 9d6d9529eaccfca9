import type {
  AmendOrder,
  CancelAlgoOrder,
  CancelAllAlgoOrders,
  CancelAllOrders,
  CancelOrder,
  EngineCommand,
  Liquidate,
  PlaceAlgoOrder,
  PlaceOrder,
  SettleFunding,
  UpdateIndexPrice,
  UpdateSymbol,
} from '../../../core/engine/commands';
import type { EngineEvent } from '../../../core/engine/events';
import { MatchingEngine } from '../../../core/engine/matchingEngine';
import type { AlgoOrderType, AlgoTimeInForce, WorkingType } from '../../../core/orders/algoOrder';
import type { SelfTradePreventionMode, Side, TimeInForce } from '../../../core/orders/order';
import type { SymbolSpec } from '../../../core/symbol/symbolSpec';
import { TESTUSDT } from './specs';

/**
 * A tiny language for engine scenarios that read as specifications:
 *
 *   given(limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 5 }))
 *     .when(limit({ id: 2, account: B, side: 'BUY', price: 101, qty: 2 }))
 *     .thenEvents([{ type: 'OrderAccepted' }, { type: 'Trade', price: 101, quantity: 2 }]);
 *
 * Prices and quantities are ticks and lots; with TESTUSDT (tick 1, step 1) that is the plain number.
 */
export const A = 1;
export const B = 2;
export const C = 3;

let commandCounter = 0;
const header = () => {
  commandCounter++;
  return { commandId: `cmd-${commandCounter}`, time: 1_700_000_000_000 + commandCounter };
};

interface LimitParams {
  id: number;
  account: number;
  side: Side;
  price: number;
  qty: number;
  tif?: TimeInForce;
  reduceOnly?: boolean;
  stp?: SelfTradePreventionMode;
  clientOrderId?: string;
  /** With tif GTD. */
  goodTillDate?: number;
}

export function limit(p: LimitParams): PlaceOrder {
  return {
    type: 'PlaceOrder',
    ...header(),
    order: {
      orderId: p.id,
      accountId: p.account,
      clientOrderId: p.clientOrderId ?? `client-${p.id}`,
      side: p.side,
      type: 'LIMIT',
      timeInForce: p.tif ?? 'GTC',
      price: p.price,
      quantity: p.qty,
      reduceOnly: p.reduceOnly ?? false,
      selfTradePreventionMode: p.stp ?? 'EXPIRE_MAKER',
      ...(p.goodTillDate === undefined ? {} : { goodTillDate: p.goodTillDate }),
    },
  };
}

export function market(p: Omit<LimitParams, 'price' | 'tif'>): PlaceOrder {
  return {
    type: 'PlaceOrder',
    ...header(),
    order: {
      orderId: p.id,
      accountId: p.account,
      clientOrderId: p.clientOrderId ?? `client-${p.id}`,
      side: p.side,
      type: 'MARKET',
      timeInForce: 'GTC',
      price: 0,
      quantity: p.qty,
      reduceOnly: p.reduceOnly ?? false,
      selfTradePreventionMode: p.stp ?? 'EXPIRE_MAKER',
    },
  };
}

export function cancel(account: number, ref: { orderId: number } | { clientOrderId: string }): CancelOrder {
  return { type: 'CancelOrder', ...header(), accountId: account, ...ref };
}

export function cancelAll(account: number): CancelAllOrders {
  return { type: 'CancelAllOrders', ...header(), accountId: account };
}

export function amend(
  account: number,
  ref: { orderId: number } | { clientOrderId: string },
  change: { side: Side; price: number; qty: number },
): AmendOrder {
  return {
    type: 'AmendOrder',
    ...header(),
    accountId: account,
    ...ref,
    side: change.side,
    price: change.price,
    quantity: change.qty,
  };
}

export function updateSymbol(spec: SymbolSpec): UpdateSymbol {
  return { type: 'UpdateSymbol', ...header(), spec };
}

/** An index price (decimal string, up to 8 places) at an explicit time: the mark's arithmetic depends on it. */
export function indexPrice(price: string, time: number): UpdateIndexPrice {
  return { type: 'UpdateIndexPrice', ...header(), time, price, sources: [{ name: 'test', price }] };
}

export function settleFunding(fundingTime: number, time = fundingTime): SettleFunding {
  return { type: 'SettleFunding', ...header(), time, fundingTime };
}

/** A liquidation order from the risk service: close `qty` lots of `account`'s position at bankruptcy `price`. */
export function liquidation(p: {
  id: number;
  account: number;
  side: Side;
  price: number;
  qty: number;
  adlQueue?: number[];
}): Liquidate {
  return {
    type: 'Liquidate',
    ...header(),
    accountId: p.account,
    orderId: p.id,
    side: p.side,
    price: p.price,
    quantity: p.qty,
    adlQueue: p.adlQueue ?? [],
  };
}

/** A command stamped at `time` (a scenario's commands are otherwise 1 ms apart from 2023-11-14T22:13:20Z). */
export function at<C extends EngineCommand>(time: number, command: C): C {
  return { ...command, time };
}

/** Listing happens at the start of time, before any command a scenario builds. */
export function listSymbol(spec: SymbolSpec): EngineCommand {
  return { type: 'ListSymbol', commandId: `list-${++commandCounter}`, time: 1_700_000_000_000, spec };
}

export interface Scenario {
  readonly engine: MatchingEngine;
  when(command: EngineCommand): Outcome;
}

export interface Outcome {
  readonly engine: MatchingEngine;
  readonly events: EngineEvent[];
  /** The events, in order, each matching the partial description (and no more events than described). */
  thenEvents(expected: readonly Record<string, unknown>[]): Outcome;
}

/** An engine with the symbol listed and the commands already executed. */
export function given(...commands: EngineCommand[]): Scenario {
  return givenSymbol(TESTUSDT, ...commands);
}

export function givenSymbol(spec: SymbolSpec, ...commands: EngineCommand[]): Scenario {
  const engine = MatchingEngine.create(spec.symbol);
  engine.execute(listSymbol(spec));
  for (const command of commands) engine.execute(command);
  return {
    engine,
    when(command) {
      const seqBefore = engine.seq;
      const timeBefore = engine.lastEventTime;
      const events = engine.execute(command);
      events.forEach((event, i) => {
        expect(event.seq).toBe(seqBefore + 1 + i);
        expect(event.commandId).toBe(command.commandId);
        expect(event.time).toBe(Math.max(command.time, timeBefore));
      });
      const outcome: Outcome = {
        engine,
        events,
        thenEvents(expected) {
          expect(events).toMatchObject(expected);
          return outcome;
        },
      };
      return outcome;
    },
  };
}

interface AlgoParams {
  id: number;
  /** The orderId the triggered order gets; default id + 1000. */
  orderId?: number;
  account: number;
  side: Side;
  type: AlgoOrderType;
  trigger?: number;
  price?: number;
  qty?: number;
  working?: WorkingType;
  tif?: AlgoTimeInForce;
  goodTillDate?: number;
  closePosition?: boolean;
  reduceOnly?: boolean;
  priceProtect?: boolean;
  activation?: number;
  /** Tenths of a percent. */
  callback?: number;
  clientAlgoId?: string;
}

/** A conditional order (PlaceAlgoOrder); working type CONTRACT_PRICE unless told. */
export function algo(p: AlgoParams): PlaceAlgoOrder {
  return {
    type: 'PlaceAlgoOrder',
    ...header(),
    order: {
      algoId: p.id,
      orderId: p.orderId ?? p.id + 1000,
      accountId: p.account,
      clientAlgoId: p.clientAlgoId ?? `algo-${p.id}`,
      side: p.side,
      type: p.type,
      timeInForce: p.tif ?? 'GTC',
      price: p.price ?? 0,
      triggerPrice: p.trigger ?? 0,
      quantity: p.closePosition ? 0 : (p.qty ?? 1),
      workingType: p.working ?? 'CONTRACT_PRICE',
      priceProtect: p.priceProtect ?? false,
      closePosition: p.closePosition ?? false,
      reduceOnly: p.reduceOnly ?? false,
      selfTradePreventionMode: 'EXPIRE_MAKER',
      goodTillDate: p.goodTillDate ?? 0,
      activationPrice: p.activation ?? 0,
      callbackRate: p.callback ?? 0,
    },
  };
}

export function cancelAlgo(
  account: number,
  ref: { algoId: number } | { clientAlgoId: string },
): CancelAlgoOrder {
  return { type: 'CancelAlgoOrder', ...header(), accountId: account, ...ref };
}

export function cancelCountdown(account: number, countdownTime: number): EngineCommand {
  return { type: 'SetCancelCountdown', ...header(), accountId: account, countdownTime };
}

export function cancelAllAlgo(account: number): CancelAllAlgoOrders {
  return { type: 'CancelAllAlgoOrders', ...header(), accountId: account };
}
