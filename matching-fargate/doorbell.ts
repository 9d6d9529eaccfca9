/**
 * Ends a poller's wait early: whoever knows that new work has arrived rings it. On AWS nobody can (the commands
 * stream tells no one), so the matcher polls; locally the gateway puts commands in the same process and rings the
 * matcher's shard loop after each PutRecord (local/localExchange.ts), as committedNudge.ts does for the stream
 * poller, so an order does not wait out the matcher's poll interval.
 */
export class Doorbell {
  private bell = bellSignal();

  ring(): void {
    const rung = this.bell;
    this.bell = bellSignal();
    rung.resolve();
  }

  /** The next ring. Taken before a poll, so that a ring during the poll ends the wait after it. */
  next(): Promise<void> {
    return this.bell.promise;
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

function bellSignal(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
