// The funding Lambda as EventBridge Scheduler invokes it: the window is the hour up to the scheduled time (not
// the clock), so a late retry asks for exactly the settlements of its schedule, under the same command ids.

import type { CommandEnvelope } from '../../application/ports/commandEnvelope';
import { createFundingHandler } from '../../lambdas/funding/app';
import { startMemoryExchange } from '../../local/memoryExchange';
import { BTCUSDT } from '../core/support/specs';

test('the scheduled time decides the window: on time and retried 40 minutes late, the same command', async () => {
  let now = Date.UTC(2026, 11, 6, 16, 0, 2);
  const exchange = startMemoryExchange({ clock: () => now });
  await exchange.listSymbol(BTCUSDT);
  await exchange.operator.setIndexPrice('BTCUSDT', '60000');
  const put: CommandEnvelope[] = [];
  const lines: string[] = [];
  const handler = createFundingHandler(
    {
      ...exchange.ctx,
      commands: {
        put: (command) => {
          put.push(command);
          return exchange.ctx.commands.put(command);
        },
      },
    },
    (line) => lines.push(line),
  );

  const onTime = await handler({ scheduledTime: '2026-12-06T16:00:00Z' });
  now += 40 * 60_000;
  const retried = await handler({ scheduledTime: '2026-12-06T16:00:00Z' });
  const nextHour = await handler({ scheduledTime: '2026-12-06T17:00:00Z' });

  const fundingTime = Date.UTC(2026, 11, 6, 16);
  expect(onTime).toEqual({ settlements: [{ symbol: 'BTCUSDT', fundingTime }] });
  expect(retried).toEqual(onTime);
  expect(nextHour).toEqual({ settlements: [] });
  expect(put.map((c) => c.commandId)).toEqual([
    `funding-BTCUSDT-${fundingTime}`,
    `funding-BTCUSDT-${fundingTime}`,
  ]);
  expect(JSON.parse(lines[0]!)).toMatchObject({ message: 'funding settlements put', upTo: fundingTime });
});

test('invoked by hand (no scheduled time): the hour up to now', async () => {
  const now = Date.UTC(2026, 11, 6, 8, 30);
  const exchange = startMemoryExchange({ clock: () => now });
  await exchange.listSymbol(BTCUSDT);
  const handler = createFundingHandler(exchange.ctx, () => {});
  expect(await handler({})).toEqual({
    settlements: [{ symbol: 'BTCUSDT', fundingTime: Date.UTC(2026, 11, 6, 8) }],
  });
});
