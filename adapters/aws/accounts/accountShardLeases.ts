import {
  type DynamoDBDocumentClient,
  GetCommand,
  type NativeAttributeValue,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { AccountShardLease, AccountShardLeases } from '../../../application/ports/accountShardLeases';
import { riskLeaseAttributes as A } from '../../../resources/declarations';
import { written } from '../conditionalWrites';

/**
 * The account shard leases in DynamoDB (table `riskLeases`), one row per shard, every write conditional on the
 * counter the writer saw (and, for a holder, on still being the owner), as the matcher's leases are.
 */
export class DynamoAccountShardLeases implements AccountShardLeases {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: () => number = Date.now,
  ) {}

  async list(shards: number): Promise<AccountShardLease[]> {
    // N consistent reads (N is small: tens of shards), not a Scan, so a wider table never costs more.
    return Promise.all(
      Array.from({ length: shards }, async (_, shard) => {
        const { Item } = await this.documents.send(
          new GetCommand({ TableName: this.table, Key: { [A.shard]: shard }, ConsistentRead: true }),
        );
        return Item === undefined ? { shard, owner: null, counter: 0, expires: 0 } : decode(Item);
      }),
    );
  }

  async take(
    seen: AccountShardLease,
    owner: string,
    expires: number,
  ): Promise<AccountShardLease | undefined> {
    const ok = await this.update(
      seen.shard,
      'SET #owner = :owner, #counter = :next, #expires = :expires, #heartbeat = :now',
      seen.counter === 0
        ? 'attribute_not_exists(#counter) OR (#counter = :seen AND #expires = :seenExpires)'
        : '#counter = :seen AND #expires = :seenExpires',
      {
        ':owner': owner,
        ':next': seen.counter + 1,
        ':expires': expires,
        ':seen': seen.counter,
        ':seenExpires': seen.expires,
      },
    );
    return ok ? { shard: seen.shard, owner, counter: seen.counter + 1, expires } : undefined;
  }

  async renew(held: AccountShardLease, expires: number): Promise<AccountShardLease | undefined> {
    const ok = await this.update(
      held.shard,
      'SET #expires = :expires, #heartbeat = :now',
      '#counter = :seen AND #owner = :owner',
      { ':expires': expires, ':seen': held.counter, ':owner': held.owner },
    );
    return ok ? { ...held, expires } : undefined;
  }

  async release(held: AccountShardLease): Promise<void> {
    await this.update(
      held.shard,
      'SET #expires = :zero, #heartbeat = :now REMOVE #owner',
      '#counter = :seen AND #owner = :owner',
      { ':zero': 0, ':seen': held.counter, ':owner': held.owner },
    );
  }

  private update(
    shard: number,
    update: string,
    condition: string,
    values: Record<string, NativeAttributeValue>,
  ): Promise<boolean> {
    return written(
      this.documents.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { [A.shard]: shard },
          UpdateExpression: update,
          ConditionExpression: condition,
          ExpressionAttributeNames: Object.fromEntries(
            (['owner', 'counter', 'expires', 'heartbeat'] as const)
              .filter((name) => update.includes(`#${name}`) || condition.includes(`#${name}`))
              .map((name) => [`#${name}`, A[name]]),
          ),
          ExpressionAttributeValues: { ...values, ':now': this.clock() },
        }),
      ),
    );
  }
}

function decode(item: Record<string, unknown>): AccountShardLease {
  return {
    shard: item[A.shard] as number,
    owner: (item[A.owner] as string | undefined) ?? null,
    counter: (item[A.counter] as number | undefined) ?? 0,
    expires: (item[A.expires] as number | undefined) ?? 0,
  };
}
