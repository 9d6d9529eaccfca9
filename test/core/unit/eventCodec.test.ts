import { eventsFromJson, eventsToJson } from '../../../core/engine/eventCodec';
import type { Trade } from '../../../core/engine/events';

const BEYOND_SAFE = 2n ** 60n;

const trade = (fee: number | bigint, entryNotional: number | bigint): Trade => ({
  type: 'Trade',
  seq: 7,
  time: 1_750_000_000_000,
  commandId: 'c7',
  tradeId: 3,
  price: 1000,
  quantity: 2,
  takerSide: 'BUY',
  maker: {
    orderId: 11,
    accountId: 1,
    remaining: 0,
    fee,
    realizedPnl: -250,
    position: { size: -2, entryNotional, realizedPnl: -250 },
  },
  taker: {
    orderId: 12,
    accountId: 2,
    remaining: 1,
    fee: 5,
    realizedPnl: 0,
    position: { size: 2, entryNotional, realizedPnl: 0 },
  },
  makerLevelQuantity: 4,
});

describe('the event codec', () => {
  it('writes compact money as JSON numbers, and bigint money (beyond 2^53) as strings of digits', () => {
    const json = eventsToJson([trade(-3, BEYOND_SAFE)]);
    expect(json).toContain('"fee":-3');
    expect(json).toContain(`"entryNotional":"${BEYOND_SAFE}"`);
    expect(eventsFromJson(json)).toEqual([trade(-3, BEYOND_SAFE)]);
  });

  it('reads logs written before money was compact (every amount a string) as the same compact events', () => {
    const legacy = eventsToJson([trade(-3, 2000)]).replace(
      /"(fee|realizedPnl|entryNotional)":(-?\d+)/g,
      (_match, field: string, digits: string) => `"${field}":"${digits}"`,
    );
    expect(legacy).toContain('"fee":"-3"');
    expect(eventsFromJson(legacy)).toEqual([trade(-3, 2000)]);
  });
});
