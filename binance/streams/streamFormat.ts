import type { MarketMessage, StreamFormat, UserMessage } from '../../application/fanout/messages';
import { assertNever } from '../../core/assertNever';
import type { Instrument } from '../../core/symbol/instrument';
import { algoUpdateJson } from './algoPayloads';
import {
  aggTradeEventJson,
  allMarkPriceJson,
  bookTickerJson,
  depthUpdateJson,
  klineJson,
  markPriceJson,
  miniTickerJson,
  partialDepthJson,
  tickerJson,
  tradeJson,
} from './marketPayloads';
import { forceOrderJson, marginCallJson } from './riskPayloads';
import { parseStreamName, streamNamesOf } from './streamNames';
import {
  accountUpdateJson,
  fundingFeeUpdateJson,
  listenKeyExpiredJson,
  orderTradeUpdateJson,
} from './userPayloads';

/** The fan-out's messages in Binance USDⓈ-M's words: its stream names and its payloads. */
export const binanceStreams: StreamFormat = {
  namesOf: streamNamesOf,
  parse: parseStreamName,
  market: marketPayload,
  user: userPayload,
};

function marketPayload(message: MarketMessage, instrument: Instrument, now: number): unknown {
  switch (message.kind) {
    case 'depthUpdate':
      return depthUpdateJson(instrument, message.segment, now);
    case 'partialDepth':
      return partialDepthJson(instrument, message.book, message.levels, message.after, now);
    case 'bookTicker':
      return bookTickerJson(instrument, message.book, now);
    case 'trade':
      return tradeJson(instrument, message.trade, now);
    case 'aggTrade':
      return aggTradeEventJson(instrument, message.aggregate, now);
    case 'kline':
      return klineJson(instrument, message.interval, message.candle, now);
    case 'ticker':
      return tickerJson(instrument, message.stats, message.lastQty, now);
    case 'miniTicker':
      return miniTickerJson(instrument, message.stats, now);
    case 'allTicker':
      return [tickerJson(instrument, message.stats, message.lastQty, now)];
    case 'allMiniTicker':
      return [miniTickerJson(instrument, message.stats, now)];
    case 'markPrice':
      return markPriceJson(instrument, message.quote, now);
    case 'allMarkPrice':
      return allMarkPriceJson(instrument, message.quotes, now);
    case 'forceOrder':
      return forceOrderJson(instrument, message.liquidation, message.lastFilled, now);
    default:
      return assertNever(message);
  }
}

function userPayload(message: UserMessage, instrument: Instrument, now: number): unknown {
  switch (message.kind) {
    case 'orderUpdate':
      return orderTradeUpdateJson(instrument, message.view, message.detail, now);
    case 'algoUpdate':
      return algoUpdateJson(instrument, message.view, message.time, now);
    case 'accountUpdate':
      return accountUpdateJson(
        instrument,
        message.fills,
        message.walletBalance,
        message.leverage,
        message.markPrice,
        now,
        message.reason,
        message.balanceChange,
      );
    case 'fundingFee':
      return fundingFeeUpdateJson(message.walletBalance, message.balanceChange, message.time, now);
    case 'liquidationFee':
      // Balance only, as a cross-margin FUNDING_FEE is.
      return fundingFeeUpdateJson(
        message.walletBalance,
        message.balanceChange,
        message.time,
        now,
        'INSURANCE_CLEAR',
      );
    case 'listenKeyExpired':
      return listenKeyExpiredJson(message.listenKey, now);
    case 'marginCall':
      return marginCallJson(message.walletBalance, message.positions, now);
    default:
      return assertNever(message);
  }
}
