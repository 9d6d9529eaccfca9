import type { EngineEvent } from '../../../core/engine/events';

/**
 * Cuts a session's command outcomes into event items the way the matcher commits them: whole commands per item
 * (a consumer batch of 1..`maxCommands` commands), and now and then through the middle of one command, as the
 * matcher does when a single command's events do not fit one item. `random` decides (deterministic per run).
 */
export function cutIntoItems(
  outcomes: readonly (readonly EngineEvent[])[],
  random: () => number,
  maxCommands = 4,
): EngineEvent[][] {
  const items: EngineEvent[][] = [];
  let current: EngineEvent[] = [];
  let commands = 0;
  const flush = () => {
    if (current.length > 0) items.push(current);
    current = [];
    commands = 0;
  };
  for (const outcome of outcomes) {
    // Prefer cutting between two trades of one command: an aggregate trade then spans two items.
    const trades = outcome.flatMap((e, i) => (e.type === 'Trade' ? [i] : []));
    if (trades.length >= 2 && random() < 0.5) {
      const cut = trades[1 + Math.floor(random() * (trades.length - 1))]!;
      current.push(...outcome.slice(0, cut));
      flush();
      current.push(...outcome.slice(cut));
    } else if (outcome.length > 2 && random() < 0.15) {
      const cut = 1 + Math.floor(random() * (outcome.length - 1));
      current.push(...outcome.slice(0, cut));
      flush();
      current.push(...outcome.slice(cut));
    } else {
      current.push(...outcome);
    }
    commands++;
    if (commands >= 1 + Math.floor(random() * maxCommands)) flush();
  }
  flush();
  return items;
}
