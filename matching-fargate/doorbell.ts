/**
 * Ends a shard poller's wait early: whoever knows that new work has arrived on a shard rings it. On AWS nobody can
 * (the commands stream tells no one), so the matcher polls; locally the gateway puts commands in the same process
 * and rings the shard the put landed on (local/ringingCommandBus.ts), as committedNudge.ts nudges the stream
 * poller, so an order does not wait out the matcher's poll interval.
 */
export class Doorbell {
  private readonly bells = new Map<string, Bell>();

  /** Work arrived on `shardId`; without one (a put that failed: it may have landed anywhere), on every shard. */
  ring(shardId?: string): void {
    if (shardId === undefined) {
      const rung = [...this.bells.values()];
      this.bells.clear();
      for (const bell of rung) bell.resolve();
      return;
    }
    const bell = this.bells.get(shardId);
    if (bell === undefined) return;
    this.bells.delete(shardId);
    bell.resolve();
  }

  /** The shard's next ring. Taken before a poll, so that a ring during the poll ends the wait after it. */
  next(shardId: string): Promise<void> {
    let bell = this.bells.get(shardId);
    if (bell === undefined) {
      bell = bellSignal();
      this.bells.set(shardId, bell);
    }
    return bell.promise;
  }
}

/** Waits `ms`, or less if `rung` resolves first; leaves no timer behind. */
export function sleepUnless(ms: number, rung: Promise<void>): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    void rung.then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

interface Bell {
  readonly promise: Promise<void>;
  readonly resolve: () => void;
}

function bellSignal(): Bell {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
