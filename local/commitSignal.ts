import type { CommitSignal } from '../application/ports/commitSignal';

/**
 * The local stack's CommitSignal: the matcher's event log (committedNudge.ts) rings it after each committed item,
 * and every RESULT answer waiting for that symbol reads the log at once, instead of at its next 5 ms poll.
 */
export class LocalCommitSignal implements CommitSignal {
  private readonly waiting = new Map<string, { promise: Promise<void>; resolve: () => void }>();

  nextCommit(symbol: string): Promise<void> {
    let bell = this.waiting.get(symbol);
    if (bell === undefined) {
      let resolve: () => void = () => undefined;
      const promise = new Promise<void>((r) => {
        resolve = r;
      });
      bell = { promise, resolve };
      this.waiting.set(symbol, bell);
    }
    return bell.promise;
  }

  committed(symbol: string): void {
    const bell = this.waiting.get(symbol);
    if (bell === undefined) return;
    this.waiting.delete(symbol);
    bell.resolve();
  }
}
