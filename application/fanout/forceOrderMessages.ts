import type { EngineEvent, Liquidated } from '../../core/engine/events';
import type { StreamMessage } from './marketMessages';
import type { MarketMessage } from './messages';
import type { Throttle } from './rollingWindow';

/** Binance's liquidation order streams push at most one order per symbol per 1000 ms: the latest of it. */
export const FORCE_ORDER_SNAPSHOT_MS = 1_000;

/**
 * The liquidation order streams' messages of one run (`<symbol>@forceOrder`, `!forceOrder@arr`): from the run's
 * Liquidated events, the latest of each 1000 ms slot of the liquidation's own time, and only for a slot no earlier
 * run of the symbol has pushed (Throttle.oncePerSlot), so a symbol gets at most one per second however its events
 * are cut into runs, and a redelivered run pushes nothing twice.
 */
export function forceOrderMessages(
  events: readonly EngineEvent[],
  symbol: string,
  streams: readonly string[],
  throttle: Throttle,
): StreamMessage[] {
  if (streams.length === 0) return [];
  const latest = new Map<number, Liquidated>();
  for (const event of events)
    if (event.type === 'Liquidated') latest.set(Math.floor(event.time / FORCE_ORDER_SNAPSHOT_MS), event);
  const out: StreamMessage[] = [];
  for (const liquidation of latest.values()) {
    if (!throttle.oncePerSlot(`${symbol} forceOrder`, liquidation.time, FORCE_ORDER_SNAPSHOT_MS)) continue;
    const message: MarketMessage = {
      kind: 'forceOrder',
      liquidation,
      lastFilled: lastFillOf(events, liquidation),
    };
    for (const stream of streams) out.push({ stream, message });
  }
  return out;
}

/** The quantity of the liquidation order's last trade in the run (its fills come just before its Liquidated). */
function lastFillOf(events: readonly EngineEvent[], liquidation: Liquidated): number {
  for (let i = events.indexOf(liquidation) - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.commandId !== liquidation.commandId) break;
    if (event.type === 'Trade' && event.taker.orderId === liquidation.orderId) return event.quantity;
  }
  return 0;
}
