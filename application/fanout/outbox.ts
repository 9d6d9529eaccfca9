import type { ConnectionPoster } from '../ports/connections';
import type { Log } from '../ports/log';

/** Connections posted to at once; each connection's own messages go one after the other, in order. */
export const DEFAULT_CONCURRENCY = 32;

/**
 * The messages of one run per connection, in the order they were added. API Gateway has no broadcast: every
 * message is one postToConnection to one connection. A connection answering 410 Gone is reported once and
 * gets nothing more; any other failure is logged and its remaining messages still go (the client detects a
 * missing depth message by its `pu`, and resyncs).
 */
export class Outbox {
  private readonly queues = new Map<string, string[]>();

  add(connectionId: string, message: string): void {
    const queue = this.queues.get(connectionId);
    if (queue === undefined) this.queues.set(connectionId, [message]);
    else queue.push(message);
  }

  get size(): number {
    let n = 0;
    for (const queue of this.queues.values()) n += queue.length;
    return n;
  }

  async deliver(
    poster: ConnectionPoster,
    onGone: (connectionId: string) => Promise<void>,
    log: Log,
    concurrency = DEFAULT_CONCURRENCY,
  ): Promise<{ sent: number; gone: number; failed: number }> {
    const counts = { sent: 0, gone: 0, failed: 0 };
    const pending = [...this.queues];
    const worker = async () => {
      for (let next = pending.shift(); next !== undefined; next = pending.shift()) {
        const [connectionId, messages] = next;
        for (const message of messages) {
          try {
            if ((await poster.post(connectionId, message)) === 'gone') {
              counts.gone++;
              await onGone(connectionId);
              break;
            }
            counts.sent++;
          } catch (error) {
            counts.failed++;
            log('warn', 'postToConnection failed', { connectionId, error });
          }
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, pending.length) }, worker));
    return counts;
  }
}
