// A trader's ledger recomputed by hand from its fills, independent of the exchange's own arithmetic: decimal
// strings to scaled integers, fees rounded up to 10^-8 USDT, realized PnL by the documented cost-basis rule
// (docs/matching-semantics.md, "Positions").

/** 10^-8 USDT, the unit of every balance, fee and PnL. */
export const MONEY_DECIMALS = 8;

/** A decimal string as an integer count of 10^-decimals; more (non-zero) digits than that is an error. */
export function scaled(text: string, decimals: number = MONEY_DECIMALS): bigint {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!match) throw new Error(`not a decimal: ${JSON.stringify(text)}`);
  const fraction = match[3] ?? '';
  if (fraction.length > decimals && !/^0*$/.test(fraction.slice(decimals)))
    throw new Error(`${text} has more than ${decimals} decimals`);
  const value = BigInt(match[2]! + fraction.slice(0, decimals).padEnd(decimals, '0'));
  return match[1] === '-' ? -value : value;
}

/** An integer count of 10^-decimals as a decimal string (for messages). */
export function unscaled(value: bigint, decimals: number = MONEY_DECIMALS): string {
  const sign = value < 0n ? '-' : '';
  const digits = (value < 0n ? -value : value).toString().padStart(decimals + 1, '0');
  return `${sign}${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
}

export interface Contract {
  readonly priceDecimals: number;
  readonly quantityDecimals: number;
  /** Fee rates as decimal strings, e.g. '0.0002'. */
  readonly makerFeeRate: string;
  readonly takerFeeRate: string;
}

/** One fill as the trader saw it (a userTrades row, or an ORDER_TRADE_UPDATE of execution type TRADE). */
export interface Fill {
  readonly tradeId: number;
  readonly orderId: number;
  readonly side: 'BUY' | 'SELL';
  readonly maker: boolean;
  readonly price: string;
  readonly qty: string;
  /** What the exchange reported. */
  readonly commission: string;
  readonly realizedPnl: string;
}

export interface CheckedFill extends Fill {
  readonly expectedCommission: bigint;
  readonly expectedRealizedPnl: bigint;
  /** Position (quantity units) and wallet (money) after this fill. */
  readonly sizeAfter: bigint;
  readonly walletAfter: bigint;
}

export interface Ledger {
  readonly fills: readonly CheckedFill[];
  readonly wallet: bigint;
  readonly fees: bigint;
  readonly realizedPnl: bigint;
  /** Signed position in quantity units (10^-quantityDecimals). */
  readonly size: bigint;
  /** Exact cost basis of the open position (money). */
  readonly basis: bigint;
}

/** price × quantity in money units, exact. */
export function notional(contract: Contract, price: bigint, qty: bigint): bigint {
  const shift = MONEY_DECIMALS - contract.priceDecimals - contract.quantityDecimals;
  if (shift < 0) throw new Error('price × quantity finer than 10^-8');
  return price * qty * 10n ** BigInt(shift);
}

/** ceil(notional × rate) to 10^-8: the exchange never under-charges. */
export function fee(notionalMoney: bigint, rate: string): bigint {
  const r = scaled(rate, MONEY_DECIMALS);
  const product = notionalMoney * r;
  const one = 10n ** BigInt(MONEY_DECIMALS);
  return product > 0n ? (product + one - 1n) / one : -(-product / one);
}

/**
 * Replays fills (in trade id order, maker before taker within one trade) from a deposit: each fill's fee and
 * realized PnL as the documented rules give them, the position and the wallet after each.
 */
export function replayLedger(contract: Contract, deposit: bigint, fills: readonly Fill[]): Ledger {
  const ordered = [...fills].sort((a, b) => a.tradeId - b.tradeId || Number(b.maker) - Number(a.maker));
  let size = 0n;
  let basis = 0n;
  let wallet = deposit;
  let fees = 0n;
  let realizedPnl = 0n;
  const checked: CheckedFill[] = [];
  for (const fill of ordered) {
    const price = scaled(fill.price, contract.priceDecimals);
    const qty = scaled(fill.qty, contract.quantityDecimals);
    const fillNotional = notional(contract, price, qty);
    const commission = fee(fillNotional, fill.maker ? contract.makerFeeRate : contract.takerFeeRate);
    const signed = fill.side === 'BUY' ? qty : -qty;
    let realized = 0n;
    if (size === 0n || size > 0n === signed > 0n) {
      basis += fillNotional;
      size += signed;
    } else {
      const open = size < 0n ? -size : size;
      const closed = qty < open ? qty : open;
      const released = closed === open ? basis : (basis * closed) / open;
      const closing = notional(contract, price, closed);
      realized = size > 0n ? closing - released : released - closing;
      basis -= released;
      size += signed;
      if (qty > open) basis = notional(contract, price, qty - open);
    }
    wallet += realized - commission;
    fees += commission;
    realizedPnl += realized;
    checked.push({
      ...fill,
      expectedCommission: commission,
      expectedRealizedPnl: realized,
      sizeAfter: size,
      walletAfter: wallet,
    });
  }
  return { fills: checked, wallet, fees, realizedPnl, size, basis };
}
