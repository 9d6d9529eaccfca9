import { type ScheduledSettlement, submitDueSettlements } from '../../application/funding/fundingSchedule';
import type { Clock } from '../../application/ports/clock';
import type { CommandBus } from '../../application/ports/commandBus';
import type { SymbolDirectory } from '../../application/ports/symbolDirectory';

/** What EventBridge Scheduler sends (lib/fundingSchedule.ts): the time the invocation was scheduled for. */
export interface FundingScheduleEvent {
  /** `<aws.scheduler.scheduled-time>`, ISO 8601; absent when invoked by hand (then: now). */
  readonly scheduledTime?: string;
}

/** How often the schedule fires; each invocation covers the period before its scheduled time. */
export const FUNDING_SCHEDULE_PERIOD_MS = 3_600_000;

/**
 * The funding Lambda: EventBridge Scheduler invokes it at the top of every hour; it puts SettleFunding for every
 * listed symbol whose funding time (00:00, 08:00, 16:00 UTC for 8-hourly symbols) fell in the hour up to the
 * scheduled time. The window is the scheduled time's, not the clock's, so a retried or late invocation asks
 * for exactly the same settlements under the same command ids (one command each to the matcher). A failed put
 * fails the invocation, and the scheduler retries it.
 */
export function createFundingHandler(
  ctx: { readonly commands: CommandBus; readonly symbols: SymbolDirectory; readonly clock: Clock },
  log: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
): (event: FundingScheduleEvent) => Promise<{ settlements: ScheduledSettlement[] }> {
  return async (event) => {
    const scheduled = event?.scheduledTime === undefined ? Number.NaN : Date.parse(event.scheduledTime);
    const upTo = Number.isFinite(scheduled) ? scheduled : ctx.clock();
    const settlements = await submitDueSettlements(ctx, upTo - FUNDING_SCHEDULE_PERIOD_MS, upTo);
    log(JSON.stringify({ level: 'info', message: 'funding settlements put', upTo, settlements }));
    return { settlements };
  };
}
