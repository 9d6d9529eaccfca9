import type { EngineEvent } from '../../core/engine/events';
import type { Clock } from '../ports/clock';
import type { CommandBus } from '../ports/commandBus';
import { CommandNotSent } from '../ports/commandBus';
import type { CommandEnvelope } from '../ports/commandEnvelope';
import type { CommitSignal } from '../ports/commitSignal';
import type { EventLog } from '../ports/eventLog';
import { Rejected, STATUS_UNKNOWN } from '../rejected';

interface CommandContext {
  readonly commands: CommandBus;
  readonly events: EventLog;
  readonly clock: Clock;
  readonly resultTimeoutMs: number;
  readonly commits?: CommitSignal;
}

/**
 * Where the outcome of a command about to be put is looked for: the symbol's last sequence before its first put
 * (its events come later). Undefined when nobody waits for the outcome (ACK), which spares the read.
 */
export async function outcomeStart(
  ctx: CommandContext,
  symbol: string,
  wait: boolean,
): Promise<number | undefined> {
  return wait ? await ctx.events.lastSeq(symbol) : undefined;
}

/**
 * Puts a command on the stream and, given where its outcome starts (outcomeStart, taken before the command's
 * first put), waits for the matcher's events for it (none without). A resend of a command already applied makes
 * no new events, so a retry passes the first put's start, not a new one. A put that did not go through, or no
 * outcome within resultTimeoutMs, is STATUS_UNKNOWN.
 */
export async function putCommand(
  ctx: CommandContext,
  envelope: CommandEnvelope,
  afterSeq: number | undefined,
): Promise<EngineEvent[]> {
  // Taken before the put: the symbol's next commit (the earliest its events can be there) is then not missed.
  const committed = afterSeq === undefined ? undefined : ctx.commits?.nextCommit(envelope.symbol);
  try {
    await ctx.commands.put(envelope);
  } catch (error) {
    if (error instanceof CommandNotSent) throw new Rejected(STATUS_UNKNOWN);
    throw error;
  }
  if (afterSeq === undefined) return [];
  const events = await waitForOutcome(
    ctx.events,
    envelope.symbol,
    envelope.commandId,
    afterSeq,
    ctx.resultTimeoutMs,
    ctx.clock,
    ctx.commits,
    committed,
  );
  if (events === undefined) throw new Rejected(STATUS_UNKNOWN);
  return events;
}

/** Puts the command and waits for its events; a command the engine rejected is its contract error. */
export async function putAndAwait(ctx: CommandContext, envelope: CommandEnvelope): Promise<EngineEvent[]> {
  const events = await putCommand(ctx, envelope, await outcomeStart(ctx, envelope.symbol, true));
  const rejected = events.find((e) => e.type === 'CommandRejected');
  if (rejected?.type === 'CommandRejected') throw new Rejected({ code: rejected.code, msg: rejected.reason });
  return events;
}

/** How long waitForOutcome reads the log every 5 ms before it backs off. */
const EAGER_WAIT_MS = 60;
/** How often waitForOutcome reads the log anyway when each commit wakes it. */
const SIGNALLED_FALLBACK_MS = 50;

/**
 * Waits until the matcher has committed the events of a command, reading the symbol's log from `afterSeq`
 * (taken before the command was put, so the command's events come later). Returns them, or undefined at the
 * deadline: then the answer to the client is "execution status unknown".
 *
 * With a CommitSignal (the matcher in this process) each commit of the symbol ends the wait between reads, so the
 * answer leaves as soon as its events are committed; the polls remain as a fallback (every 50 ms). Without one (AWS: the
 * matcher is another task) the log is read every 5 ms, then less often: half a poll interval on average, and a
 * Query per poll, is what the answer costs there.
 */
export async function waitForOutcome(
  events: EventLog,
  symbol: string,
  commandId: string,
  afterSeq: number,
  timeoutMs: number,
  clock: Clock = Date.now,
  commits?: CommitSignal,
  firstCommit?: Promise<void>,
): Promise<EngineEvent[] | undefined> {
  const started = clock();
  const deadline = started + timeoutMs;
  let seq = afterSeq;
  const found: EngineEvent[] = [];
  // With a signal the polls are only a fallback (a commit missed by no one, but cheap insurance), so few of them.
  let delay = commits === undefined ? 5 : SIGNALLED_FALLBACK_MS;
  // Given the symbol's next commit as it was before the put, nothing can be in the log for the command before it:
  // the first read waits for it (a Query fewer per order than reading at once).
  if (firstCommit !== undefined) await waitUnless(delay, firstCommit);
  while (clock() < deadline) {
    // Taken before the read: a commit landing during it ends the wait after it.
    const committed = commits?.nextCommit(symbol);
    for await (const item of events.itemsAfter(symbol, seq)) {
      if (item.events === null) break;
      for (const event of item.events) if (event.commandId === commandId) found.push(event);
      seq = item.last;
      // A command's events are consecutive; once an item that ends on a command boundary holds some of them, the
      // command is complete.
      if (found.length > 0 && item.checkpoint !== null) return found;
    }
    await waitUnless(delay, committed);
    // Every 5 ms while a busy matcher would answer (its poll and commit: tens of ms locally), so the answer is
    // not held up to a doubled wait; then backing off to 50 ms for a matcher that is catching up.
    if (clock() - started >= EAGER_WAIT_MS) delay = Math.min(delay * 2, 50);
  }
  return undefined;
}

/** Waits `ms`, or less if `committed` resolves first; leaves no timer behind. */
function waitUnless(ms: number, committed: Promise<void> | undefined): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void committed?.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
