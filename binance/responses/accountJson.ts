import type { AccountOverview, SymbolExposure } from '../../application/queries/accountOverview';
import type { LedgerEntry } from '../../core/accounts/ledger';
import { formatScaled } from '../../core/numbers/decimal';
import { formatMoney, type Money, minMoney } from '../../core/numbers/money';
import { maxNotionalValue } from '../../core/projections/riskBracket';
import type { UserTrade } from '../../core/projections/userTrades';
import type { Instrument } from '../../core/symbol/instrument';
import { formatPrice, formatQuantity } from '../../core/symbol/units';
import { formatPriceDigits, formatQuote, priceFromNotional } from './decimals';

/**
 * Account queries as Binance USDⓈ-M answers them: single-asset (USDT) cross margin, one-way positions. Money has
 * 8 decimals; liquidation prices are "0" until liquidation exists; isolated fields are zero.
 */

/** What withdraw() allows: the available balance, never more than the wallet, never negative. */
function maxWithdraw(o: AccountOverview): Money {
  const { availableBalance, walletBalance } = o.summary;
  const amount = minMoney(availableBalance, walletBalance);
  return amount > 0n ? amount : 0n;
}

function totals(o: AccountOverview) {
  const s = o.summary;
  return {
    totalInitialMargin: formatMoney(s.positionInitialMargin + s.openOrderInitialMargin),
    totalMaintMargin: formatMoney(o.totalMaintMargin),
    totalWalletBalance: formatMoney(s.walletBalance),
    totalUnrealizedProfit: formatMoney(s.unrealizedPnl),
    totalMarginBalance: formatMoney(s.marginBalance),
    totalPositionInitialMargin: formatMoney(s.positionInitialMargin),
    totalOpenOrderInitialMargin: formatMoney(s.openOrderInitialMargin),
    totalCrossWalletBalance: formatMoney(s.walletBalance),
    totalCrossUnPnl: formatMoney(s.unrealizedPnl),
    availableBalance: formatMoney(s.availableBalance),
    maxWithdrawAmount: formatMoney(maxWithdraw(o)),
  };
}

function usdtAsset(o: AccountOverview) {
  const s = o.summary;
  return {
    asset: 'USDT',
    walletBalance: formatMoney(s.walletBalance),
    unrealizedProfit: formatMoney(s.unrealizedPnl),
    marginBalance: formatMoney(s.marginBalance),
    maintMargin: formatMoney(o.totalMaintMargin),
    initialMargin: formatMoney(s.positionInitialMargin + s.openOrderInitialMargin),
    positionInitialMargin: formatMoney(s.positionInitialMargin),
    openOrderInitialMargin: formatMoney(s.openOrderInitialMargin),
    crossWalletBalance: formatMoney(s.walletBalance),
    crossUnPnl: formatMoney(s.unrealizedPnl),
    availableBalance: formatMoney(s.availableBalance),
    maxWithdrawAmount: formatMoney(maxWithdraw(o)),
    marginAvailable: true,
    updateTime: o.state.updateTime,
  };
}

/** GET /fapi/v3/account: totals, the USDT asset, and the symbols with a position or open orders. */
export function accountV3Json(o: AccountOverview, active: readonly SymbolExposure[]) {
  return {
    ...totals(o),
    assets: [usdtAsset(o)],
    positions: active.map((e) => ({
      symbol: e.instrument.spec.symbol,
      positionSide: 'BOTH',
      positionAmt: formatQuantity(e.instrument, e.position.size),
      unrealizedProfit: formatMoney(e.risk.unrealizedPnl),
      isolatedMargin: '0',
      notional: formatMoney(e.risk.notional),
      isolatedWallet: '0',
      initialMargin: formatMoney(e.risk.positionInitialMargin + e.openOrderInitialMargin),
      maintMargin: formatMoney(e.risk.maintMargin),
      updateTime: e.updateTime,
    })),
  };
}

/**
 * The account's flags as Binance reports them: one fee tier (fees are the symbol's: commissionRate), cross margin
 * in USDT alone, one-way positions.
 */
const ACCOUNT_FLAGS = {
  feeTier: 0,
  feeBurn: false,
  canTrade: true,
  canDeposit: true,
  canWithdraw: true,
  updateTime: 0,
  multiAssetsMargin: false,
  tradeGroupId: -1,
} as const;

/** GET /fapi/v1/accountConfig: the account's flags and its position mode. */
export function accountConfigJson() {
  const { feeBurn: _, ...flags } = ACCOUNT_FLAGS;
  return { ...flags, dualSidePosition: false };
}

/** GET /fapi/v1/symbolConfig: per symbol, the caller's leverage and its notional cap; cross margin throughout. */
export function symbolConfigJson(e: SymbolExposure) {
  return {
    symbol: e.instrument.spec.symbol,
    marginType: 'CROSSED',
    isAutoAddMargin: 'false',
    leverage: e.leverage,
    maxNotionalValue: maxNotionalValue(e.instrument, e.leverage),
  };
}

/** GET /fapi/v2/account: v3 plus the account flags, and every symbol in positions. */
export function accountV2Json(o: AccountOverview) {
  return {
    ...ACCOUNT_FLAGS,
    ...totals(o),
    assets: [usdtAsset(o)],
    positions: o.symbols.map((e) => ({
      symbol: e.instrument.spec.symbol,
      initialMargin: formatMoney(e.risk.positionInitialMargin + e.openOrderInitialMargin),
      maintMargin: formatMoney(e.risk.maintMargin),
      unrealizedProfit: formatMoney(e.risk.unrealizedPnl),
      positionInitialMargin: formatMoney(e.risk.positionInitialMargin),
      openOrderInitialMargin: formatMoney(e.openOrderInitialMargin),
      leverage: String(e.leverage),
      isolated: false,
      entryPrice: entryPrice(e),
      breakEvenPrice: breakEvenPrice(e),
      maxNotional: maxNotionalValue(e.instrument, e.leverage),
      bidNotional: formatMoney(e.bidNotional),
      askNotional: formatMoney(e.askNotional),
      positionSide: 'BOTH',
      positionAmt: formatQuantity(e.instrument, e.position.size),
      updateTime: e.updateTime,
    })),
  };
}

/** GET /fapi/v2/balance and /fapi/v3/balance: one entry, USDT. */
export function balanceJson(o: AccountOverview) {
  const s = o.summary;
  return [
    {
      accountAlias: accountAlias(o.state.accountId),
      asset: 'USDT',
      balance: formatMoney(s.walletBalance),
      crossWalletBalance: formatMoney(s.walletBalance),
      crossUnPnl: formatMoney(s.unrealizedPnl),
      availableBalance: formatMoney(s.availableBalance),
      maxWithdrawAmount: formatMoney(maxWithdraw(o)),
      marginAvailable: true,
      updateTime: o.state.updateTime,
    },
  ];
}

/** GET /fapi/v2/positionRisk: every symbol asked for, with leverage and margin type. */
export function positionRiskV2Json(e: SymbolExposure) {
  return {
    symbol: e.instrument.spec.symbol,
    positionAmt: formatQuantity(e.instrument, e.position.size),
    entryPrice: entryPrice(e),
    breakEvenPrice: breakEvenPrice(e),
    markPrice: markPrice(e),
    unRealizedProfit: formatMoney(e.risk.unrealizedPnl),
    liquidationPrice: liquidationPriceText(e),
    leverage: String(e.leverage),
    maxNotionalValue: maxNotionalValue(e.instrument, e.leverage),
    marginType: 'cross',
    isolatedMargin: '0.00000000',
    isAutoAddMargin: 'false',
    positionSide: 'BOTH',
    notional: formatMoney(e.risk.notional),
    isolatedWallet: '0',
    initialMargin: formatMoney(e.risk.positionInitialMargin + e.openOrderInitialMargin),
    maintMargin: formatMoney(e.risk.maintMargin),
    updateTime: e.updateTime,
  };
}

/** GET /fapi/v3/positionRisk: symbols with a position or open orders, without leverage and margin type. */
export function positionRiskV3Json(e: SymbolExposure) {
  return {
    symbol: e.instrument.spec.symbol,
    positionSide: 'BOTH',
    positionAmt: formatQuantity(e.instrument, e.position.size),
    entryPrice: entryPrice(e),
    breakEvenPrice: breakEvenPrice(e),
    markPrice: markPrice(e),
    unRealizedProfit: formatMoney(e.risk.unrealizedPnl),
    liquidationPrice: liquidationPriceText(e),
    isolatedMargin: '0',
    notional: formatMoney(e.risk.notional),
    marginAsset: 'USDT',
    isolatedWallet: '0',
    initialMargin: formatMoney(e.risk.positionInitialMargin + e.openOrderInitialMargin),
    maintMargin: formatMoney(e.risk.maintMargin),
    positionInitialMargin: formatMoney(e.risk.positionInitialMargin),
    openOrderInitialMargin: formatMoney(e.openOrderInitialMargin),
    adl: 0,
    bidNotional: formatMoney(e.bidNotional),
    askNotional: formatMoney(e.askNotional),
    updateTime: e.updateTime,
  };
}

/** GET /fapi/v1/userTrades: one fill. */
export function userTradeJson(instrument: Instrument, fill: UserTrade) {
  return {
    buyer: fill.side === 'BUY',
    commission: formatMoney(fill.commission),
    commissionAsset: 'USDT',
    id: fill.id,
    maker: fill.maker,
    orderId: fill.orderId,
    price: formatPrice(instrument, fill.price),
    qty: formatQuantity(instrument, fill.qty),
    quoteQty: formatQuote(instrument, fill.quoteQty),
    realizedPnl: formatMoney(fill.realizedPnl),
    side: fill.side,
    positionSide: 'BOTH',
    symbol: fill.symbol,
    time: fill.time,
  };
}

/** Entry price = entry notional / |size|, at the price precision plus three digits (as avgPrice). */
function entryPrice(e: SymbolExposure): string {
  const digits = e.instrument.spec.pricePrecision + 3;
  return priceFromNotional(e.instrument, e.position.entryNotional, Math.abs(e.position.size), digits);
}

function breakEvenPrice(e: SymbolExposure): string {
  const digits = e.instrument.spec.pricePrecision + 3;
  return priceFromNotional(e.instrument, e.risk.breakEvenNotional, Math.abs(e.position.size), digits);
}

/** The mark price (the last trade price while the symbol has no index) with 8 decimals, as Binance shows it. */
/** Binance prints the liquidation price like the mark, 8 decimals; "0" when the position has none. */
function liquidationPriceText(e: SymbolExposure): string {
  return e.liquidationPrice === 0n ? '0' : formatScaled(e.liquidationPrice, 8);
}

function markPrice(e: SymbolExposure): string {
  const price = e.markPrice ?? 0;
  if (typeof price === 'number') return formatPriceDigits(e.instrument, price, 8);
  return formatScaled(BigInt(price.markUnits), 8);
}

/** Binance gives every account a short alias; ours is derived from the account id. */
export function accountAlias(accountId: number): string {
  return `Sx${accountId.toString(36).toUpperCase()}`;
}

/**
 * GET /fapi/v1/income: one ledger entry. Binance's tradeId is a string, "" when the entry has no trade; info is
 * the income type (Binance's "extra information").
 */
export function incomeJson(entry: LedgerEntry) {
  return {
    symbol: entry.symbol,
    incomeType: entry.incomeType,
    income: formatMoney(entry.amount),
    asset: 'USDT',
    info: entry.incomeType,
    time: entry.time,
    tranId: entry.tranId,
    tradeId: entry.tradeId === null ? '' : String(entry.tradeId),
  };
}

/** GET /fapi/v1/commissionRate: the symbol's maker and taker fee rates (one fee tier for every account). */
export function commissionRateJson(instrument: Instrument) {
  return {
    symbol: instrument.spec.symbol,
    makerCommissionRate: instrument.spec.makerFeeRate,
    takerCommissionRate: instrument.spec.takerFeeRate,
  };
}
