// The funding schedule: which funding time falls in a window, and the settlements it puts. Command ids are per
// symbol and funding time, so a scheduler that fires twice puts one command.

import { fundingTimeIn, submitDueSettlements } from '../../application/funding/fundingSchedule';
import type { CommandEnvelope } from '../../application/ports/commandEnvelope';
import { startFundingTimer } from '../../local/fundingTimer';
import { type MemoryExchange, startMemoryExchange } from '../../local/memoryExchange';
import { BTCUSDT, TESTUSDT } from '../core/support/specs';
import { eventually } from '../support/eventually';

const HOUR = 3_600_000;
const at = (hour: number, minute = 0, second = 0) => Date.UTC(2026, 11, 6, hour, minute, second);

describe('funding times', () => {
  test.each([
    // window (after, upTo]        interval  → the funding time in it
    [at(7), at(8, 0, 30), 8, at(8)],
    [at(7, 0, 30), at(8, 0, 30), 8, at(8)],
    [at(8), at(9), 8, undefined], // 08:00 itself is not after 08:00: it was the previous window's
    [at(7, 59, 59), at(8), 8, at(8)], // exactly at the funding time
    [at(15), at(16, 5), 8, at(16)],
    [at(23), at(24, 0, 1), 8, Date.UTC(2026, 11, 7)], // midnight, 00:00 UTC of the next day
    [at(3), at(4, 0, 1), 4, at(4)], // a 4-hourly symbol
    [at(3), at(4, 0, 1), 8, undefined],
    [at(0), at(23), 8, at(16)], // a long window: only the latest (the engine refuses older ones anyway)
  ])('(%i, %i] with %i h funding: %s', (after, upTo, hours, expected) => {
    expect(fundingTimeIn(after, upTo, hours * HOUR)).toBe(expected);
  });
});

describe('the schedule puts SettleFunding', () => {
  let now = at(8, 0, 30);
  let exchange: MemoryExchange;
  let put: CommandEnvelope[];
  let ctx: Parameters<typeof submitDueSettlements>[0];

  beforeEach(async () => {
    now = at(8, 0, 30);
    exchange = startMemoryExchange({ clock: () => now });
    await exchange.listSymbol(BTCUSDT);
    await exchange.listSymbol(TESTUSDT);
    // Funding settles at the mark: each symbol has an index.
    await exchange.operator.setIndexPrice('BTCUSDT', '60000');
    await exchange.operator.setIndexPrice('TESTUSDT', '100');
    put = [];
    ctx = {
      ...exchange.ctx,
      commands: {
        put: (c: CommandEnvelope) => {
          put.push(c);
          return exchange.ctx.commands.put(c);
        },
      },
    };
  });

  test('for every listed symbol whose funding time fell in the window, under its symbol-and-time command id', async () => {
    const scheduled = await submitDueSettlements(ctx, now - HOUR, now);
    expect(scheduled).toEqual(
      expect.arrayContaining([
        { symbol: 'BTCUSDT', fundingTime: at(8) },
        { symbol: 'TESTUSDT', fundingTime: at(8) },
      ]),
    );
    expect(put.map((c) => [c.type, c.symbol, c.commandId]).sort()).toEqual([
      ['SettleFunding', 'BTCUSDT', `funding-BTCUSDT-${at(8)}`],
      ['SettleFunding', 'TESTUSDT', `funding-TESTUSDT-${at(8)}`],
    ]);
  });

  test('a double fire puts the same commands again, and the engine settles once', async () => {
    await submitDueSettlements(ctx, now - HOUR, now);
    await submitDueSettlements(ctx, now - HOUR, now);
    expect(new Set(put.map((c) => c.commandId)).size).toBe(2);
    const settled = [];
    for await (const item of exchange.ports.events.itemsAfter('BTCUSDT', 0))
      settled.push(
        ...(item.events ?? []).filter((e) => e.type === 'FundingSettled' || e.type === 'CommandRejected'),
      );
    expect(settled).toEqual([expect.objectContaining({ type: 'FundingSettled', fundingTime: at(8) })]);
  });

  test('no funding time in the window: nothing is put', async () => {
    now = at(9, 0, 30);
    expect(await submitDueSettlements(ctx, now - HOUR, now)).toEqual([]);
    expect(put).toEqual([]);
  });
});

describe('the local funding timer (npm start)', () => {
  test('settles a funding time once the clock passes it, once; not one that passed before it started', async () => {
    let now = at(7, 59, 58);
    const exchange = startMemoryExchange({ clock: () => now });
    await exchange.listSymbol(BTCUSDT);
    await exchange.operator.setIndexPrice('BTCUSDT', '60000');
    const settled: unknown[] = [];
    const stop = startFundingTimer(exchange.ctx, {
      intervalMs: 5,
      clock: () => now,
      onSettle: (s) => settled.push(...s),
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(settled).toEqual([]); // 00:00 passed before the timer started: not settled late
      now = at(8, 0, 1);
      await eventually(async () => expect(settled).toEqual([{ symbol: 'BTCUSDT', fundingTime: at(8) }]));
      now = at(8, 0, 3);
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(settled).toHaveLength(1);
    } finally {
      stop();
    }
  });
});
