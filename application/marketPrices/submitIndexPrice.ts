import type { IndexSource } from '../../core/engine/commands';
import type { EngineEvent, MarkPriceUpdated } from '../../core/engine/events';
import { putAndAwait } from '../orderEntry/commandOutcome';
import type { Clock } from '../ports/clock';
import type { CommandBus } from '../ports/commandBus';
import type { CommandEnvelope } from '../ports/commandEnvelope';
import type { EventLog } from '../ports/eventLog';

interface IndexContext {
  readonly commands: CommandBus;
  readonly clock: Clock;
}

/**
 * The index price enters the symbol's log as a command on the symbol's key, like every order, so the engine
 * derives the mark from it in order with the book, and every replay derives the same marks. The index feed
 * calls this about once a second per symbol and does not wait: the put is the delivery, and a lost update
 * is replaced by the next one a second later.
 */
export async function submitIndexPrice(
  ctx: IndexContext,
  symbol: string,
  price: string,
  sources: readonly IndexSource[],
): Promise<void> {
  await ctx.commands.put(indexPriceCommand(ctx, symbol, price, sources));
}

/**
 * An operator's index price (`admin set-index-price`, tests and demos): put, then waited for, so the caller sees
 * the mark it produced or the engine's refusal.
 */
export async function setIndexPrice(
  ctx: IndexContext & { readonly events: EventLog; readonly resultTimeoutMs: number },
  symbol: string,
  price: string,
): Promise<MarkPriceUpdated> {
  const command = indexPriceCommand(ctx, symbol, price, [{ name: 'operator', price }]);
  const events = await putAndAwait(ctx, command);
  return events.find((e: EngineEvent): e is MarkPriceUpdated => e.type === 'MarkPriceUpdated')!;
}

function indexPriceCommand(
  ctx: IndexContext,
  symbol: string,
  price: string,
  sources: readonly IndexSource[],
): CommandEnvelope {
  // Unique per put: two updates of one millisecond are two updates (the engine keeps the last one's index).
  const commandId = `index-${symbol}-${ctx.clock()}-${Math.floor(Math.random() * 1e9)}`;
  return { v: 1, commandId, symbol, type: 'UpdateIndexPrice', price, sources: [...sources] };
}
