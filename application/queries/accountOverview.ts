import { type AccountState, leverageOf } from '../../core/accounts/account';
import { type MarginSummary, marginSummary } from '../../core/accounts/margin';
import { Rejections } from '../../core/errors';
import type { Money } from '../../core/numbers/money';
import { FLAT, type Position } from '../../core/position/position';
import { isOpen } from '../../core/projections/orderView';
import { type PositionRisk, positionRisk } from '../../core/projections/positionRisk';
import { accountRisk } from '../../core/risk/accountRisk';
import { liquidationPrice } from '../../core/risk/liquidationPrice';
import { type Instrument, notionalOf } from '../../core/symbol/instrument';
import type { ValuationPrice } from '../../core/symbol/valuation';
import { accountSymbols, settledForward } from '../accounts/accountNow';
import { valuationOf } from '../accounts/markPrices';
import type { IngressContext } from '../context';
import { withUnprojected } from '../projections/unprojected';
import { Rejected } from '../rejected';
import { openOrdersNow } from './orders';

/** One symbol of an account as /account and /positionRisk show it. */
export interface SymbolExposure {
  readonly instrument: Instrument;
  readonly position: Position;
  readonly leverage: number;
  /**
   * What the position is valued at: the symbol's mark price once it has an index, else its last trade price in
   * ticks, else nothing (valued at entry). The same price available margin uses (application/accounts/markPrices).
   */
  readonly markPrice: ValuationPrice | undefined;
  readonly risk: PositionRisk;
  /**
   * positionRisk.liquidationPrice in mark units (10^-8 USDT): the mark at which the account is liquidated, the
   * other positions at their marks (core/risk/liquidationPrice.ts); 0n without one.
   */
  readonly liquidationPrice: bigint;
  /** Margin reserved for the account's open orders in the symbol. */
  readonly openOrderInitialMargin: Money;
  /** Notional of the account's open buy and sell orders (their unfilled rest at their price). */
  readonly bidNotional: Money;
  readonly askNotional: Money;
  readonly openOrders: number;
  /** Time of the account's last fill in the symbol, 0 if none. */
  readonly updateTime: number;
}

export interface AccountOverview {
  readonly state: AccountState;
  readonly summary: MarginSummary;
  readonly totalMaintMargin: Money;
  /** Every listed symbol, by name. */
  readonly symbols: readonly SymbolExposure[];
}

/**
 * Everything the account queries show, read once: the account's state and its open orders (as of the newest
 * committed events, as accountNow), and the mark price (or, without an index yet, the last price) of every symbol it
 * holds. Only the caller's own account is ever loaded.
 */
export async function loadAccountOverview(ctx: IngressContext, accountId: number): Promise<AccountOverview> {
  const instruments = await ctx.symbols.all();
  const [[stored, storedOrders], tails] = await withUnprojected(
    ctx,
    instruments.map((i) => i.spec.symbol),
    () => Promise.all([ctx.accounts.load(accountId), ctx.orders.open(accountId)]),
    ([state]) => (state === undefined ? [] : accountSymbols(state)),
  );
  if (stored === undefined) throw new Rejected(Rejections.rejectedMbxKey);
  // The account and its open orders as of the newest committed events, alike (docs/read-side.md).
  const state = settledForward(stored, tails);
  const openOrders = openOrdersNow(storedOrders, tails, accountId, instruments).map((a) => a.view);
  // Every symbol's price, not only those held: positionRisk shows each symbol's mark, as Binance does.
  const [marks, updateTimes] = await Promise.all([
    Promise.all(
      instruments.map(
        async (i) => [i.spec.symbol, valuationOf(await ctx.tickers.get(i.spec.symbol))] as const,
      ),
    ),
    Promise.all(
      instruments
        .filter((i) => state.positions[i.spec.symbol] !== undefined)
        .map(async (i) => [i.spec.symbol, await ctx.userTrades.lastTime(accountId, i.spec.symbol)] as const),
    ),
  ]);
  const markOf = new Map(marks.flatMap(([s, p]) => (p === undefined ? [] : [[s, p] as const])));
  const updateTimeOf = new Map(updateTimes);
  const bySymbol = new Map(instruments.map((i) => [i.spec.symbol, i]));
  const summary = marginSummary(state, { get: (s) => bySymbol.get(s) }, (s) => markOf.get(s));
  const crossRisk = accountRisk(state, { get: (s) => bySymbol.get(s) }, (s) => markOf.get(s));

  const symbols = instruments.map((instrument): SymbolExposure => {
    const symbol = instrument.spec.symbol;
    const position = state.positions[symbol] ?? FLAT;
    const leverage = leverageOf(state, symbol, instrument.spec.maxLeverage);
    const markPrice = markOf.get(symbol);
    let reserved = 0n;
    for (const r of Object.values(state.reservations)) if (r.symbol === symbol) reserved += r.amount;
    let bidNotional = 0n;
    let askNotional = 0n;
    let count = 0;
    for (const order of openOrders) {
      if (order.symbol !== symbol || !isOpen(order.status)) continue;
      count++;
      const rest = notionalOf(instrument, order.price, order.origQty - order.executedQty);
      if (order.order.side === 'BUY') bidNotional += rest;
      else askNotional += rest;
    }
    return {
      instrument,
      position,
      leverage,
      markPrice,
      risk: positionRisk(position, instrument, markPrice, leverage),
      liquidationPrice: position.size === 0 ? 0n : liquidationPrice(crossRisk, symbol),
      openOrderInitialMargin: reserved,
      bidNotional,
      askNotional,
      openOrders: count,
      updateTime: updateTimeOf.get(symbol) ?? 0,
    };
  });
  let totalMaintMargin = 0n;
  for (const s of symbols) totalMaintMargin += s.risk.maintMargin;
  return { state, summary, totalMaintMargin, symbols };
}

/** Symbols with a position or open orders (what v3 lists). */
export function activeExposures(overview: AccountOverview): SymbolExposure[] {
  return overview.symbols.filter((s) => s.position.size !== 0 || s.openOrders > 0);
}
