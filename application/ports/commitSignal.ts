/**
 * Tells a process the moment the matcher has committed a symbol's events, so that a RESULT answer waiting for them
 * reads the log then instead of at its next poll. Only where the matcher runs in the same process (the local
 * stack: local/commitSignal.ts); on AWS there is none, and the waiters poll the log (commandOutcome.ts).
 */
export interface CommitSignal {
  /**
   * Resolves at the symbol's next commit. Taken before a read of the log, so that a commit landing during the read
   * still ends the wait that follows it.
   */
  nextCommit(symbol: string): Promise<void>;
}
