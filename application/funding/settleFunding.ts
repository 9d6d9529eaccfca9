import type { EngineEvent } from '../../core/engine/events';
import { putAndAwait } from '../orderEntry/commandOutcome';
import type { Clock } from '../ports/clock';
import type { CommandBus } from '../ports/commandBus';
import type { EventLog } from '../ports/eventLog';
import type { SymbolDirectory } from '../ports/symbolDirectory';
import { listedSymbol } from '../symbols/listedSymbol';

interface FundingContext {
  readonly commands: CommandBus;
  readonly symbols: SymbolDirectory;
  readonly clock: Clock;
}

/** The funding time that is due at `now`: the latest multiple of the symbol's funding interval not after it. */
export function dueFundingTime(now: number, intervalMs: number): number {
  return Math.floor(now / intervalMs) * intervalMs;
}

/**
 * Asks a symbol's engine to settle funding at a funding time (the scheduler at 00:00, 08:00 and 16:00 UTC; an
 * operator). The command id is the symbol and the funding time, so a scheduler that fires twice, or a retried
 * put, is one command to the matcher; and the engine itself refuses a second settlement of the same time
 * (core/engine/settleFunding.ts). Returns the funding time asked for.
 */
export async function submitFundingSettlement(
  ctx: FundingContext,
  symbol: string,
  fundingTime?: number,
): Promise<number> {
  const time = fundingTime ?? (await dueFor(ctx, symbol));
  await ctx.commands.put(settlementCommand(symbol, time));
  return time;
}

/** `admin settle-funding` (settles the due funding time now): put and waited for; its events, or the refusal. */
export async function settleFundingNow(
  ctx: FundingContext & { readonly events: EventLog; readonly resultTimeoutMs: number },
  symbol: string,
  fundingTime?: number,
): Promise<EngineEvent[]> {
  const time = fundingTime ?? (await dueFor(ctx, symbol));
  // Its own command id: the matcher drops a command id it has seen, and an operator asking again must get the
  // engine's answer (settled already) rather than silence.
  const command = settlementCommand(symbol, time);
  return putAndAwait(ctx, {
    ...command,
    commandId: `${command.commandId}-${ctx.clock()}-${Math.floor(Math.random() * 1e9)}`,
  });
}

async function dueFor(ctx: FundingContext, symbol: string): Promise<number> {
  const instrument = await listedSymbol(ctx, symbol);
  return dueFundingTime(ctx.clock(), instrument.futures.fundingIntervalMs);
}

function settlementCommand(symbol: string, fundingTime: number) {
  return {
    v: 1 as const,
    commandId: `funding-${symbol}-${fundingTime}`,
    symbol,
    type: 'SettleFunding' as const,
    fundingTime,
  };
}
