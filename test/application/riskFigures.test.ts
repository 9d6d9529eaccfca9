// The risk service's figures of a symbol (risk-fargate publishes them as metrics, the InsuranceDrawdown alarm
// reads InsurancePaid): given the items its shards read, then the liquidations, ADL events, and the insurance
// fund's margin balance and drawdown.

import type { EventItem } from '../../application/ports/eventLog';
import { RiskFigures } from '../../application/risk/riskFigures';
import type { EngineEvent } from '../../core/engine/events';
import { INSURANCE_FUND_ACCOUNT } from '../../core/engine/state';
import { compileInstrument } from '../../core/symbol/instrument';
import { BTCUSDT } from '../core/support/specs';

const USDT = 100_000_000;
const STARTED = 1_800_000_000_000;
const event = (e: Record<string, unknown>) => e as unknown as EngineEvent;
const item = (seq: number, time: number, ...events: EngineEvent[]): EventItem =>
  ({
    stream: 'BTCUSDT',
    seq,
    last: seq,
    events,
    chain: null,
    checkpoint: null,
    writer: 'w',
    fence: 1,
    time,
  }) as EventItem;
const liquidated = (accountId: number, insuranceBalance: number, adlQuantity = 0) =>
  event({ type: 'Liquidated', accountId, insuranceBalance, adlQuantity });
const mark = (price: number) => event({ type: 'MarkPriceUpdated', markPrice: price * USDT });
/** The fund takes over 0.010 BTC long at 60,000 (600 USDT). */
const takeover = event({
  type: 'PositionTransferred',
  reason: 'INSURANCE_CLEAR',
  liquidated: { accountId: 7, realizedPnl: 0, position: { size: 0, entryNotional: 0, realizedPnl: 0 } },
  counterparty: {
    accountId: INSURANCE_FUND_ACCOUNT,
    realizedPnl: 0,
    position: { size: 10, entryNotional: 600 * USDT, realizedPnl: 0 },
  },
});
const mine = (accountId: number) => accountId % 2 === 0;

function figures(): RiskFigures {
  const f = new RiskFigures(STARTED);
  f.know(compileInstrument(BTCUSDT));
  return f;
}

test('the fund: fees in, then a takeover under water and a falling mark are its drawdown; a rise is not', () => {
  const f = figures();
  f.observe('BTCUSDT', item(1, STARTED, mark(60_000), liquidated(2, 20 * USDT)), mine);
  expect(f.of('BTCUSDT')).toMatchObject({ insuranceBalance: BigInt(20 * USDT), insurancePaid: 0n });
  // Long 0.010 from 60,000 at mark 59,000: 10 under water, margin balance 20 − 10.
  f.observe('BTCUSDT', item(2, STARTED + 1, takeover, mark(59_000)), mine);
  expect(f.of('BTCUSDT')).toMatchObject({
    insuranceBalance: BigInt(10 * USDT),
    insurancePaid: BigInt(10 * USDT),
  });
  f.observe('BTCUSDT', item(3, STARTED + 2, mark(61_000)), mine);
  expect(f.of('BTCUSDT')).toMatchObject({
    insuranceBalance: BigInt(30 * USDT),
    insurancePaid: BigInt(10 * USDT),
  });
});

test('history folds the fund but is no news; an item read by a second shard counts once', () => {
  const f = figures();
  f.observe('BTCUSDT', item(1, STARTED - 5_000, mark(60_000), liquidated(2, 20 * USDT, 3), takeover), mine);
  f.observe('BTCUSDT', item(2, STARTED - 4_000, mark(50_000)), mine);
  // Before the start: the fund is known exactly (20 − 100), nothing counted.
  expect(f.of('BTCUSDT')).toEqual({
    liquidations: 0,
    adlEvents: 0,
    insuranceBalance: BigInt(-80 * USDT),
    insurancePaid: 0n,
  });
  const news = item(3, STARTED, liquidated(4, 20 * USDT, 1), liquidated(5, 20 * USDT), mark(49_000));
  f.observe('BTCUSDT', news, mine);
  f.observe('BTCUSDT', news, mine);
  // Only account 4 is this instance's; the fall of 10 counts once.
  expect(f.of('BTCUSDT')).toEqual({
    liquidations: 2,
    adlEvents: 2,
    insuranceBalance: BigInt(-90 * USDT),
    insurancePaid: BigInt(10 * USDT),
  });
});

test("the fund deleveraged (its equity fell below zero) is an ADL event, once per command, for the fund's shard", () => {
  const fundAdl = (commandId: string, counterparty: number) =>
    event({
      type: 'PositionTransferred',
      commandId,
      reason: 'ADL',
      liquidated: {
        accountId: INSURANCE_FUND_ACCOUNT,
        realizedPnl: 0,
        position: { size: 0, entryNotional: 0, realizedPnl: 0 },
      },
      counterparty: {
        accountId: counterparty,
        realizedPnl: 0,
        position: { size: 0, entryNotional: 0, realizedPnl: 0 },
      },
    });
  const holdsShardZero = figures();
  const holdsShardOne = figures();
  const both = item(1, STARTED, mark(50_000), fundAdl('index-1', 3), fundAdl('index-1', 5));
  holdsShardZero.observe('BTCUSDT', both, (accountId) => accountId % 2 === 0);
  holdsShardOne.observe('BTCUSDT', both, (accountId) => accountId % 2 === 1);
  expect(holdsShardZero.of('BTCUSDT').adlEvents).toBe(1);
  expect(holdsShardOne.of('BTCUSDT').adlEvents).toBe(0);
});
