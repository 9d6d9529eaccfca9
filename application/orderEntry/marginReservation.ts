import { leverageOf } from '../../core/accounts/account';
import { reserveMargin } from '../../core/accounts/decideAccount';
import { orderInitialMargin } from '../../core/accounts/margin';
import { Rejections } from '../../core/errors';
import type { NewOrder, Side } from '../../core/orders/order';
import { marketTakeLimit } from '../../core/orders/orderFilters';
import type { Instrument } from '../../core/symbol/instrument';
import type { Caller } from '../access/authenticate';
import { marksFor } from '../accounts/markPrices';
import type { IngressContext } from '../context';
import { UnknownAccount } from '../ports/accountStore';
import { Rejected } from '../rejected';

/**
 * Pre-trade risk: the order's initial margin (notional / leverage + taker fee) is reserved on the account before
 * the command leaves (-2019 if the account cannot afford it), in the same decision that checks the position it
 * could make against the notional cap of the account's leverage (-2027). A market order is priced at its worst
 * case: the best opposite price moved by the take bound.
 */
export async function reserveInitialMargin(
  ctx: IngressContext,
  caller: Caller,
  instrument: Instrument,
  order: NewOrder,
): Promise<void> {
  const symbol = instrument.spec.symbol;
  let price = order.price;
  if (order.type === 'MARKET') {
    const ticker = await ctx.tickers.get(symbol);
    const touch = order.side === 'BUY' ? ticker.bestAsk : ticker.bestBid;
    const reference = touch ?? ticker.lastPrice ?? markInTicks(instrument, order.side, ticker.markPrice);
    if (reference === null) throw new Rejected(Rejections.marketOrderOutsideBand);
    price = order.side === 'BUY' ? marketTakeLimit(instrument, 'BUY', reference) : reference;
  }
  await reserve(
    ctx,
    caller,
    instrument,
    { orderId: order.orderId, price, lots: order.quantity, side: order.side },
    false,
  );
}

/**
 * The mark in ticks, rounded against the trader (up for a buy), for a MARKET order when the read model shows
 * neither a touch nor a trade. That happens on a symbol not traded yet, in the moment between a resting order's
 * acceptance and the tickers model showing it: the engine, which has the order, measures the market order against
 * the mark's band, so the mark is the price its worst case is known from.
 */
function markInTicks(instrument: Instrument, side: Side, markPrice: number | null): number | null {
  if (markPrice === null || markPrice <= 0) return null;
  const units = instrument.unitsPerTick;
  const whole = (markPrice - (markPrice % units)) / units;
  return side === 'BUY' && markPrice % units !== 0 ? whole + 1 : whole;
}

/**
 * An amendment's margin: more is reserved first if the new order needs more than it holds (never less: a smaller
 * order's excess is freed by settlement). Only an order this account placed (and that is still open) holds a
 * reservation to top up. Without one the order is another account's, unknown, closed or reduce-only: the engine
 * answers the amendment, and margin reserved here would never be released (settlement frees reservations of
 * orders that end, and that order never ends in this account).
 */
export async function topUpMargin(
  ctx: IngressContext,
  caller: Caller,
  instrument: Instrument,
  order: { readonly orderId: number; readonly price: number; readonly lots: number },
): Promise<void> {
  await reserve(ctx, caller, instrument, order, true);
}

async function reserve(
  ctx: IngressContext,
  caller: Caller,
  instrument: Instrument,
  order: { readonly orderId: number; readonly price: number; readonly lots: number; readonly side?: Side },
  onlyIfReserved: boolean,
): Promise<void> {
  const symbol = instrument.spec.symbol;
  // One read of the account (none when this process knows its newest state): the positions to value are the
  // decided-on state's own.
  const outcome = await ctx.accounts
    .decide(caller.accountId, async (state) => {
      if (onlyIfReserved && state.reservations[String(order.orderId)] === undefined) return { events: [] };
      const marks = await marksFor(
        { tickers: ctx.positionTickers, symbols: ctx.symbols },
        Object.keys(state.positions),
      );
      const instruments = {
        get: (s: string) => marks.instruments.get(s) ?? (s === symbol ? instrument : undefined),
      };
      return reserveMargin(
        state,
        {
          orderId: order.orderId,
          symbol,
          amount: orderInitialMargin(
            instrument,
            order.price,
            order.lots,
            leverageOf(state, symbol, instrument.spec.maxLeverage),
          ),
          openLots: order.lots,
          ...(order.side === undefined ? {} : { side: order.side }),
        },
        instruments,
        (s) => marks.last.get(s),
        { instrument, price: order.price },
      );
    })
    .catch((error: unknown) => {
      if (error instanceof UnknownAccount) throw new Rejected(Rejections.rejectedMbxKey);
      throw error;
    });
  if (!outcome.ok) throw new Rejected(outcome.rejection);
}
