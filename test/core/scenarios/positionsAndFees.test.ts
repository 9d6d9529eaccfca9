import { compactMoney } from '../../../core/numbers/money';
import { applyFill, FLAT } from '../../../core/position/position';
import { A, B, C, given, givenSymbol, limit } from '../support/scenario';
import { BTCUSDT } from '../support/specs';

/**
 * Money is in 10^-8 USDT, compact on events as everywhere in the engine: usdt('0.1') = 10_000_000 (a number while
 * it is a safe integer). Only for readable literals in expectations.
 */
const usdt = (amount: string) => {
  const [whole, fraction = ''] = amount.replace('-', '').split('.');
  const units = BigInt(whole! + fraction.padEnd(8, '0'));
  return compactMoney(amount.startsWith('-') ? -units : units);
};

describe('fees', () => {
  it('charge the maker rate to the maker and the taker rate to the taker, on the trade notional', () => {
    // 5 × 100 = 500 USDT: maker 0.02% = 0.1, taker 0.05% = 0.25.
    given(limit({ id: 1, account: A, side: 'SELL', price: 100, qty: 5 }))
      .when(limit({ id: 2, account: B, side: 'BUY', price: 100, qty: 5 }))
      .thenEvents([{}, { type: 'Trade', maker: { fee: usdt('0.1') }, taker: { fee: usdt('0.25') } }]);
  });

  it('round up to the next 10^-8 USDT, never in the trader’s favour', () => {
    // 0.001 BTC at 65000.10 = 65.0001 USDT; at a 0.017% maker rate that is 0.011050017 → 0.01105002.
    const spec = { ...BTCUSDT, makerFeeRate: '0.00017' };
    givenSymbol(spec, limit({ id: 1, account: A, side: 'SELL', price: 650_001, qty: 1 }))
      .when(limit({ id: 2, account: B, side: 'BUY', price: 650_001, qty: 1 }))
      .thenEvents([
        {},
        { type: 'Trade', maker: { fee: usdt('0.01105002') }, taker: { fee: usdt('0.03250005') } },
      ]);
  });

  it('can be a maker rebate, rounded toward the exchange', () => {
    const spec = { ...BTCUSDT, makerFeeRate: '-0.00017' };
    givenSymbol(spec, limit({ id: 1, account: A, side: 'SELL', price: 650_001, qty: 1 }))
      .when(limit({ id: 2, account: B, side: 'BUY', price: 650_001, qty: 1 }))
      .thenEvents([{}, { type: 'Trade', maker: { fee: usdt('-0.01105001') } }]);
  });
});

describe('positions and realized PnL', () => {
  it('open at the trade notional on both sides', () => {
    given(limit({ id: 1, account: A, side: 'SELL', price: 100, qty: 5 }))
      .when(limit({ id: 2, account: B, side: 'BUY', price: 100, qty: 5 }))
      .thenEvents([
        {},
        {
          type: 'Trade',
          maker: { realizedPnl: 0, position: { size: -5, entryNotional: usdt('500'), realizedPnl: 0 } },
          taker: { realizedPnl: 0, position: { size: 5, entryNotional: usdt('500'), realizedPnl: 0 } },
        },
      ]);
  });

  it('realize the difference to the entry when reducing, keeping the rest of the basis', () => {
    // B is long 5 @ 100 and sells 3 @ 110 to C: +30 realized, 2 left with a basis of 200.
    given(
      limit({ id: 1, account: A, side: 'SELL', price: 100, qty: 5 }),
      limit({ id: 2, account: B, side: 'BUY', price: 100, qty: 5 }),
      limit({ id: 3, account: C, side: 'BUY', price: 110, qty: 3 }),
    )
      .when(limit({ id: 4, account: B, side: 'SELL', price: 110, qty: 3 }))
      .thenEvents([
        {},
        {
          type: 'Trade',
          taker: {
            realizedPnl: usdt('30'),
            position: { size: 2, entryNotional: usdt('200'), realizedPnl: usdt('30') },
          },
          maker: { realizedPnl: 0, position: { size: 3, entryNotional: usdt('330') } },
        },
      ]);
  });

  it('flip through flat: close the whole position, open the rest the other way at the fill price', () => {
    // B long 2 @ 100 sells 5 @ 90: -20 realized, then short 3 with a basis of 270.
    given(
      limit({ id: 1, account: A, side: 'SELL', price: 100, qty: 2 }),
      limit({ id: 2, account: B, side: 'BUY', price: 100, qty: 2 }),
      limit({ id: 3, account: C, side: 'BUY', price: 90, qty: 5 }),
    )
      .when(limit({ id: 4, account: B, side: 'SELL', price: 90, qty: 5 }))
      .thenEvents([
        {},
        {
          type: 'Trade',
          taker: { realizedPnl: usdt('-20'), position: { size: -3, entryNotional: usdt('270') } },
        },
      ]);
  });

  it('never lose a unit to rounding: partial closes release the basis rounded down, the last close the rest', () => {
    // Long 3 with a basis of 100.00000001: closing 1 releases ⌊basis/3⌋, closing 2 more releases all the rest.
    const long = { size: 3, entryNotional: 10_000_000_001n, realizedPnl: 0n };
    const first = applyFill(long, 'SELL', 1, 3_333_333_334n);
    expect(first.position.entryNotional).toBe(10_000_000_001n - 3_333_333_333n);
    expect(first.realizedPnl).toBe(1n);
    const second = applyFill(first.position, 'SELL', 2, 6_666_666_667n);
    expect(second.position).toEqual({
      size: 0,
      entryNotional: 0n,
      realizedPnl: 1n + (6_666_666_667n - 6_666_666_668n),
    });
    // Σ sells − Σ buys = 10_000_000_001 − 10_000_000_001 = 0 over the position's life.
    expect(second.position.realizedPnl).toBe(0n);
  });

  it('for a short, gain when bought back cheaper', () => {
    const short = applyFill(FLAT, 'SELL', 4, 400n).position;
    expect(applyFill(short, 'BUY', 4, 360n)).toEqual({
      position: { size: 0, entryNotional: 0n, realizedPnl: 40n },
      realizedPnl: 40n,
    });
  });
});
