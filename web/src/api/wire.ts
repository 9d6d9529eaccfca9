/**
 * The public API's JSON as the page reads it: Binance USDⓈ-M field names, decimal strings for every price,
 * quantity and amount (the page keeps them as strings), epoch milliseconds for times. Only the fields the page
 * uses are typed; the API sends more.
 */

export type Side = 'BUY' | 'SELL';

export interface ExchangeFilter {
  readonly filterType: string;
  readonly [field: string]: string | number | undefined;
}

export interface ExchangeSymbol {
  readonly symbol: string;
  readonly status: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly marginAsset: string;
  readonly pricePrecision: number;
  readonly quantityPrecision: number;
  readonly filters: readonly ExchangeFilter[];
  readonly orderTypes: readonly string[];
  readonly timeInForce: readonly string[];
}

export interface ExchangeInfo {
  readonly serverTime: number;
  readonly symbols: readonly ExchangeSymbol[];
}

export type Level = readonly [price: string, qty: string];

export interface DepthSnapshot {
  readonly lastUpdateId: number;
  readonly bids: readonly Level[];
  readonly asks: readonly Level[];
}

export interface DepthUpdate {
  readonly e: 'depthUpdate';
  readonly E: number;
  readonly s: string;
  readonly U: number;
  readonly u: number;
  readonly pu: number;
  readonly b: readonly Level[];
  readonly a: readonly Level[];
}

export interface RestTrade {
  readonly id: number;
  readonly price: string;
  readonly qty: string;
  readonly time: number;
  readonly isBuyerMaker: boolean;
}

export interface TradeEvent {
  readonly e: 'trade';
  readonly s: string;
  readonly t: number;
  readonly p: string;
  readonly q: string;
  readonly T: number;
  readonly m: boolean;
}

/** [openTime, open, high, low, close, volume, closeTime, quoteVolume, trades, takerBase, takerQuote, ignore] */
export type KlineRow = readonly [number, string, string, string, string, string, number, ...unknown[]];

export interface KlineEvent {
  readonly e: 'kline';
  readonly s: string;
  readonly k: {
    readonly t: number;
    readonly i: string;
    readonly o: string;
    readonly h: string;
    readonly l: string;
    readonly c: string;
    readonly v: string;
    readonly x: boolean;
  };
}

export interface Ticker24h {
  readonly symbol: string;
  readonly priceChange: string;
  readonly priceChangePercent: string;
  readonly lastPrice: string;
  readonly highPrice: string;
  readonly lowPrice: string;
  readonly volume: string;
  readonly quoteVolume: string;
}

export interface TickerEvent {
  readonly e: '24hrTicker';
  readonly s: string;
  readonly p: string;
  readonly P: string;
  readonly c: string;
  readonly h: string;
  readonly l: string;
  readonly v: string;
  readonly q: string;
}

export interface PremiumIndex {
  readonly symbol: string;
  readonly markPrice: string;
  readonly indexPrice: string;
  readonly lastFundingRate: string;
  readonly nextFundingTime: number;
  readonly time: number;
}

export interface MarkPriceEvent {
  readonly e: 'markPriceUpdate';
  readonly E: number;
  readonly s: string;
  /** mark price */
  readonly p: string;
  /** index price */
  readonly i: string;
  /** funding rate */
  readonly r: string;
  /** next funding time */
  readonly T: number;
}

export interface Order {
  readonly orderId: number;
  readonly symbol: string;
  readonly status: string;
  readonly clientOrderId: string;
  readonly price: string;
  readonly avgPrice: string;
  readonly origQty: string;
  readonly executedQty: string;
  readonly timeInForce: string;
  readonly type: string;
  readonly reduceOnly: boolean;
  readonly side: Side;
  readonly stopPrice?: string;
  readonly time: number;
  readonly updateTime: number;
}

export interface UserTrade {
  readonly id: number;
  readonly symbol: string;
  readonly orderId: number;
  readonly side: Side;
  readonly price: string;
  readonly qty: string;
  readonly quoteQty: string;
  readonly commission: string;
  readonly commissionAsset: string;
  readonly realizedPnl: string;
  readonly maker: boolean;
  readonly time: number;
}

export interface PositionRisk {
  readonly symbol: string;
  readonly positionAmt: string;
  readonly entryPrice: string;
  readonly breakEvenPrice: string;
  readonly markPrice: string;
  readonly unRealizedProfit: string;
  readonly liquidationPrice: string;
  readonly leverage: string;
  readonly notional: string;
  readonly initialMargin?: string;
  readonly maintMargin?: string;
  readonly updateTime: number;
}

export interface AccountAsset {
  readonly asset: string;
  readonly walletBalance: string;
  readonly unrealizedProfit: string;
  readonly marginBalance: string;
  readonly availableBalance: string;
  readonly maintMargin: string;
  readonly initialMargin: string;
}

export interface AccountInfo {
  readonly totalMaintMargin: string;
  readonly totalMarginBalance: string;
  readonly totalWalletBalance: string;
  readonly totalUnrealizedProfit: string;
  readonly availableBalance: string;
  readonly assets: readonly AccountAsset[];
}

/** ORDER_TRADE_UPDATE's order, one-letter fields as Binance pushes them. */
export interface OrderUpdate {
  readonly s: string;
  readonly c: string;
  readonly S: Side;
  readonly o: string;
  readonly f: string;
  readonly q: string;
  readonly p: string;
  readonly ap: string;
  readonly sp: string;
  readonly x: string;
  readonly X: string;
  readonly i: number;
  readonly l: string;
  readonly z: string;
  readonly L: string;
  readonly N?: string;
  readonly n?: string;
  readonly T: number;
  readonly t: number;
  readonly m: boolean;
  readonly R: boolean;
  readonly rp: string;
}

export interface OrderTradeUpdateEvent {
  readonly e: 'ORDER_TRADE_UPDATE';
  readonly E: number;
  readonly T: number;
  readonly o: OrderUpdate;
}

export interface AccountUpdateEvent {
  readonly e: 'ACCOUNT_UPDATE';
  readonly E: number;
  readonly T: number;
  readonly a: {
    readonly m: string;
    readonly B: readonly {
      readonly a: string;
      readonly wb: string;
      readonly cw: string;
      readonly bc: string;
    }[];
    readonly P: readonly {
      readonly s: string;
      readonly pa: string;
      readonly ep: string;
      readonly bep?: string;
      readonly cr: string;
      readonly up: string;
      readonly mt: string;
      readonly ps: string;
    }[];
  };
}

export interface ListenKeyExpiredEvent {
  readonly e: 'listenKeyExpired';
  readonly E: number;
}

export type UserEvent = OrderTradeUpdateEvent | AccountUpdateEvent | ListenKeyExpiredEvent;
