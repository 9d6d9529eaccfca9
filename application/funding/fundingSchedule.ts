import type { Clock } from '../ports/clock';
import type { CommandBus } from '../ports/commandBus';
import type { SymbolDirectory } from '../ports/symbolDirectory';
import { dueFundingTime, submitFundingSettlement } from './settleFunding';

interface ScheduleContext {
  readonly commands: CommandBus;
  readonly symbols: SymbolDirectory;
  readonly clock: Clock;
}

/** One settlement the schedule asked for. */
export interface ScheduledSettlement {
  readonly symbol: string;
  readonly fundingTime: number;
}

/**
 * The funding time of a symbol that fell in the window (after, upTo], if one did: the latest multiple of the
 * funding interval since 1970 not after `upTo` (00:00, 08:00, 16:00 UTC for an 8 h interval; every 4 h for a
 * 4 h one). Only the latest: the engine refuses a time at or before the last one it settled, so an older time
 * left behind could never be settled anyway.
 */
export function fundingTimeIn(after: number, upTo: number, intervalMs: number): number | undefined {
  const due = dueFundingTime(upTo, intervalMs);
  return due > after ? due : undefined;
}

/**
 * The funding schedule's use case: for every listed symbol whose funding time fell in (after, upTo], put
 * `SettleFunding` under the command id `funding-<symbol>-<time>` (settleFunding.ts), so a scheduler that fires
 * twice, or a retried invocation, is one command to the matcher (and the engine refuses a second settlement of
 * a time anyway). Production: EventBridge Scheduler invokes lambdas/funding every hour with the hour before as
 * the window; locally a timer in `npm start` passes the time since its previous tick.
 */
export async function submitDueSettlements(
  ctx: ScheduleContext,
  after: number,
  upTo: number,
): Promise<ScheduledSettlement[]> {
  ctx.symbols.invalidate();
  // Halted symbols too: their positions stay open and keep paying and receiving funding.
  const due = (await ctx.symbols.all()).flatMap((instrument) => {
    const fundingTime = fundingTimeIn(after, upTo, instrument.futures.fundingIntervalMs);
    return fundingTime === undefined ? [] : [{ symbol: instrument.spec.symbol, fundingTime }];
  });
  // Every symbol is tried even if one put fails; a failure is then thrown so the invocation is retried (the
  // settlements already put are the same commands again, dropped by their ids).
  const results = await Promise.allSettled(
    due.map((s) => submitFundingSettlement(ctx, s.symbol, s.fundingTime)),
  );
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed !== undefined) throw failed.reason;
  return due;
}
