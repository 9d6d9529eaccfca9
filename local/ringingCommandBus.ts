import type { CommandBus } from '../application/ports/commandBus';
import type { Doorbell } from '../matching-fargate/doorbell';

/**
 * The gateway's way to the matcher, ringing the matcher's shard loop after each put. On AWS the matcher finds a
 * command at its next GetRecords poll (Kinesis tells no one); locally both run in one process, so the put wakes
 * the poll and the poll interval becomes a fallback, as committedNudge.ts does for the stream poller.
 */
export function ringingCommandBus(bus: CommandBus, doorbell: Doorbell): CommandBus {
  return {
    async put(command) {
      try {
        return await bus.put(command);
      } finally {
        // Also after a failed put: it may have arrived all the same.
        doorbell.ring();
      }
    },
  };
}
