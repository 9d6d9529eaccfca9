import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../../application/ports/clock';
import {
  BINANCE_LIMITS,
  type RateLimiter,
  type RateLimits,
  type WindowSpent,
} from '../../../application/ports/rateLimiter';
import { written } from '../conditionalWrites';

/**
 * Fixed one-minute windows counted in DynamoDB, shared by every ingress process: one conditional ADD per request,
 * refused once the window's budget would be exceeded (the caller answers HTTP 429 / -1003).
 */
export class DynamoRateLimiter implements RateLimiter {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    readonly limits: RateLimits = BINANCE_LIMITS,
    private readonly clock: Clock = Date.now,
  ) {}

  /** Spends `weight` (and `orders`) of the caller's window, answering its totals; undefined past a limit. */
  async spend(caller: string, weight: number, orders = 0): Promise<WindowSpent | undefined> {
    const minute = Math.floor(this.clock() / 60_000);
    let totals: Record<string, unknown> | undefined;
    const spent = await written(
      this.documents
        .send(
          new UpdateCommand({
            TableName: this.table,
            Key: { window: `${caller}#${minute}` },
            UpdateExpression: 'ADD #weight :weight, #orders :orders SET expiresAt = :expires',
            ConditionExpression:
              '(attribute_not_exists(#weight) OR #weight <= :weightRoom) AND (attribute_not_exists(#orders) OR #orders <= :orderRoom)',
            ExpressionAttributeNames: { '#weight': 'weight', '#orders': 'orders' },
            ExpressionAttributeValues: {
              ':weight': weight,
              ':orders': orders,
              ':weightRoom': this.limits.weightPerMinute - weight,
              ':orderRoom': this.limits.ordersPerMinute - orders,
              ':expires': (minute + 2) * 60,
            },
            // The totals after the ADD come back with it: the used weight a reply reports costs no read.
            ReturnValues: 'UPDATED_NEW',
          }),
        )
        .then((output) => {
          totals = output.Attributes;
        }),
    );
    if (!spent) return undefined;
    return { weight: Number(totals?.weight ?? weight), orders: Number(totals?.orders ?? orders) };
  }
}
