import type { CommandBus } from '../application/ports/commandBus';
import type { Doorbell } from '../matching-fargate/doorbell';

/**
 * The gateway's way to the matcher, ringing the shard loop of the shard each put landed on. On AWS the matcher
 * finds a command at its next GetRecords poll (Kinesis tells no one); locally both run in one process, so the put
 * wakes that shard's poll and the poll interval becomes a fallback, as committedNudge.ts does for the stream
 * poller.
 */
export function ringingCommandBus(bus: CommandBus, doorbell: Doorbell): CommandBus {
  return {
    async put(command) {
      let shardId: string | undefined;
      try {
        const result = await bus.put(command);
        shardId = result.shardId;
        return result;
      } finally {
        // A failed put may have arrived all the same, on a shard it does not name: every shard is rung then.
        doorbell.ring(shardId);
      }
    },
  };
}
