import type { TickerView } from '../../application/ports/marketData';
import { formatScaled } from '../../core/numbers/decimal';
import { formatMoney, formatRate, RATE_DECIMALS } from '../../core/numbers/money';
import type { Candle } from '../../core/projections/candles';
import type { FundingRateRecord } from '../../core/projections/fundingRates';
import { tickerInsuranceBalance } from '../../core/projections/tickerFold';
import type { Instrument } from '../../core/symbol/instrument';
import { formatQuantity } from '../../core/symbol/units';
import { formatPriceDigits } from './decimals';

/**
 * Futures market data as Binance USDⓈ-M answers it. Marks, indexes and premiums are integers of 10^-8 (USDT per
 * base unit, or a rate) and print with Binance's 8 decimals; funding rates too.
 */

/** A mark or index price (10^-8 USDT per base unit), or a premium index (rate, 10^-8), with 8 decimals. */
export function formatUnits8(units: number): string {
  return formatScaled(BigInt(units), RATE_DECIMALS);
}

/**
 * GET /fapi/v1/premiumIndex. With an index price: the engine's mark and index, its estimated funding rate as
 * `lastFundingRate` (Binance's field is the rate the current interval would settle at, moving until it settles),
 * and the mark as `estimatedSettlePrice` (funding settles at the mark). Before the symbol's first index price the
 * last trade stands in for the mark (and the estimated settle price), `indexPrice` is "0", and the rate is the
 * last settled one (0 before any).
 */
export function premiumIndexJson(
  instrument: Instrument,
  ticker: TickerView,
  nextFundingTime: number,
  now: number,
) {
  const hasIndex = ticker.markPrice !== null && ticker.indexPrice !== null;
  const mark = hasIndex
    ? formatUnits8(ticker.markPrice!)
    : formatPriceDigits(instrument, ticker.lastPrice ?? 0, 8);
  return {
    symbol: instrument.spec.symbol,
    markPrice: mark,
    indexPrice: hasIndex ? formatUnits8(ticker.indexPrice!) : '0',
    estimatedSettlePrice: mark,
    lastFundingRate: formatUnits8(
      hasIndex ? (ticker.estimatedFundingRate ?? ticker.lastFundingRate) : ticker.lastFundingRate,
    ),
    interestRate: formatRate(instrument.futures.interestRate),
    nextFundingTime,
    time: hasIndex ? (ticker.markTime ?? now) : now,
  };
}

/** GET /fapi/v1/fundingRate: one settled funding. */
export function fundingRateJson(symbol: string, record: FundingRateRecord) {
  return {
    symbol,
    fundingTime: record.fundingTime,
    fundingRate: formatUnits8(record.fundingRate),
    markPrice: formatUnits8(record.markPrice),
  };
}

/**
 * GET /fapi/v1/fundingInfo: a symbol's funding cap, floor and interval. Binance lists only the symbols whose terms
 * were adjusted from its defaults; shardex lists every symbol (its terms come from the spec either way).
 */
export function fundingInfoJson(instrument: Instrument) {
  const terms = instrument.futures;
  return {
    symbol: instrument.spec.symbol,
    adjustedFundingRateCap: formatRate(terms.fundingRateCap),
    adjustedFundingRateFloor: formatRate(terms.fundingRateFloor),
    fundingIntervalHours: terms.fundingIntervalMs / 3_600_000,
    disclaimer: false,
  };
}

/**
 * A mark price, index price or premium index kline row, as Binance fills it: open, high, low, close with 8
 * decimals, the volume fields "0", and the number of samples where a trade kline counts trades.
 */
export function priceKlineRow(candle: Candle) {
  return [
    candle.openTime,
    formatUnits8(candle.open),
    formatUnits8(candle.high),
    formatUnits8(candle.low),
    formatUnits8(candle.close),
    '0',
    candle.closeTime,
    '0',
    candle.trades,
    '0',
    '0',
    '0',
  ];
}

/**
 * GET /fapi/v1/insuranceBalance: Binance groups symbols sharing a fund; shardex has one fund per symbol, so each
 * group is one symbol, its USDT margin balance from the tickers read model (balance, realized PnL, and the PnL
 * of the positions it took over at the mark).
 */
export function insuranceBalanceJson(instrument: Instrument, ticker: TickerView) {
  return {
    symbols: [instrument.spec.symbol],
    assets: [
      {
        asset: 'USDT',
        marginBalance: formatMoney(tickerInsuranceBalance(ticker, instrument)),
        updateTime: ticker.insuranceFund.time,
      },
    ],
  };
}

/** GET /fapi/v1/openInterest: the sum of the symbol's long positions, in its quantity units, as of its last event. */
export function openInterestJson(instrument: Instrument, ticker: TickerView, openInterest: number) {
  return {
    openInterest: formatQuantity(instrument, openInterest),
    symbol: instrument.spec.symbol,
    time: ticker.time,
  };
}
