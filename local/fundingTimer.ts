import { type ScheduledSettlement, submitDueSettlements } from '../application/funding/fundingSchedule';
import type { Clock } from '../application/ports/clock';
import type { CommandBus } from '../application/ports/commandBus';
import type { SymbolDirectory } from '../application/ports/symbolDirectory';

/**
 * The local stand-in for EventBridge Scheduler → lambdas/funding: every `intervalMs` it asks the schedule for
 * the funding times that fell since its previous look (00:00, 08:00, 16:00 UTC for 8-hourly symbols) and puts
 * their SettleFunding. It starts looking from now: a funding time passed while the stack was down is not
 * settled late (an operator can: `npm run admin -- settle-funding`). Returns the stop.
 */
export function startFundingTimer(
  ctx: { readonly commands: CommandBus; readonly symbols: SymbolDirectory },
  options: {
    readonly intervalMs?: number;
    readonly clock?: Clock;
    readonly onSettle?: (settlements: ScheduledSettlement[]) => void;
    readonly onError?: (error: unknown) => void;
  } = {},
): () => void {
  const clock = options.clock ?? Date.now;
  let after = clock();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    const upTo = clock();
    submitDueSettlements({ ...ctx, clock }, after, upTo)
      .then((settlements) => {
        after = upTo; // only once put: a failed look is looked at again, under the same command ids
        if (settlements.length > 0) options.onSettle?.(settlements);
      })
      .catch((error) => options.onError?.(error))
      .finally(() => {
        busy = false;
      });
  }, options.intervalMs ?? 5_000);
  return () => clearInterval(timer);
}
