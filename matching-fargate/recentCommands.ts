/**
 * The command ids a symbol applied most recently. Kinesis delivers a record at least once, and a client or the
 * ingress may put the same command twice (a retried PutRecord whose first attempt did arrive); a command id seen
 * here has already had its effect, so the second copy is dropped. The window is rebuilt exactly on recovery (from
 * the snapshot and the events after it), so dropping is deterministic too.
 */
export const RECENT_COMMANDS_KEPT = 100_000;

export class RecentCommands {
  private readonly ids = new Set<string>();
  private readonly order: string[] = [];
  private head = 0;

  constructor(
    initial: Iterable<string> = [],
    private readonly capacity = RECENT_COMMANDS_KEPT,
  ) {
    for (const id of initial) this.add(id);
  }

  has(commandId: string): boolean {
    return this.ids.has(commandId);
  }

  add(commandId: string): void {
    if (this.ids.has(commandId)) return;
    this.ids.add(commandId);
    this.order.push(commandId);
    if (this.order.length - this.head > this.capacity) this.ids.delete(this.order[this.head++]!);
    // Drop the consumed prefix now and then, so the array does not grow forever.
    if (this.head > this.capacity) {
      this.order.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Oldest first. */
  toArray(): string[] {
    return this.order.slice(this.head);
  }
}
