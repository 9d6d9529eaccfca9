import type { DepthBook, TickerView, TickerViews } from '../ports/marketData';
import type { ReadModel } from './readModel';

/**
 * The latest facts of a market (TickerView): last trade, the touch (book ticker), and the mark, index and funding
 * rates of its last index price. Runs after the depth model.
 */
export function tickersModel(tickers: TickerViews, book: DepthBook): ReadModel {
  return {
    name: 'tickers',
    async apply(batch) {
      const previous = await tickers.latest(batch.symbol);
      if (previous.updateId >= batch.lastSeq) return;
      let last = { price: previous.lastPrice, qty: previous.lastQty, time: previous.lastTime };
      let marks = {
        markPrice: previous.markPrice,
        indexPrice: previous.indexPrice,
        estimatedFundingRate: previous.estimatedFundingRate,
        lastFundingRate: previous.lastFundingRate,
        nextFundingTime: previous.nextFundingTime,
        markTime: previous.markTime,
      };
      let insurance = { insuranceBalance: previous.insuranceBalance, insuranceTime: previous.insuranceTime };
      for (const event of batch.events) {
        if (event.type === 'Liquidated')
          insurance = { insuranceBalance: String(event.insuranceBalance), insuranceTime: event.time };
        else if (event.type === 'Trade') last = { price: event.price, qty: event.quantity, time: event.time };
        else if (event.type === 'MarkPriceUpdated')
          marks = {
            markPrice: event.markPrice,
            indexPrice: event.indexPrice,
            estimatedFundingRate: event.estimatedFundingRate,
            lastFundingRate: event.lastFundingRate,
            nextFundingTime: event.nextFundingTime,
            markTime: event.time,
          };
        else if (event.type === 'FundingSettled') marks = { ...marks, lastFundingRate: event.fundingRate };
      }
      const touch = await book.touch(batch.symbol);
      const view: TickerView = {
        ...marks,
        ...insurance,
        lastPrice: last.price,
        lastQty: last.qty,
        lastTime: last.time,
        bestBid: touch.bid?.[0] ?? null,
        bestBidQty: touch.bid?.[1] ?? null,
        bestAsk: touch.ask?.[0] ?? null,
        bestAskQty: touch.ask?.[1] ?? null,
        updateId: batch.lastSeq,
        time: batch.events[batch.events.length - 1]?.time ?? 0,
      };
      await tickers.put(batch.symbol, view);
    },
  };
}
