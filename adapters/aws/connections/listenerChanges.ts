import { randomUUID } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../../application/ports/clock';
import {
  LISTENER_CHANGE_LATE_MS,
  LISTENER_CHANGES_KEPT_MS,
  type ListenerChange,
  type ListenerChangeLog,
} from '../../../application/ports/connections';
import { queryAll } from '../queryPages';

/** The one partition of the log. */
const LOG = 'changes';
/** Writes of one change that may each take too long before it fails. */
const LATE_ATTEMPTS = 5;
/** Epoch milliseconds in 15 digits sort as numbers do (until the year 33658). */
const AT_DIGITS = 15;

/**
 * The `listenerChanges` table: one item per change in partition "changes", sort key `<at>#<connection>#<random>`
 * (two changes of one connection in one millisecond both stay). Read with one strongly consistent Query from a
 * time on, so a change whose Put returned before the Query is in the answer.
 */
export class DynamoListenerChanges implements ListenerChangeLog {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: Clock = Date.now,
  ) {}

  /**
   * Records a change; the caller writes it after the rows it is about. `writer` (the connection, or the account
   * whose key went) only keeps two changes of one millisecond apart in the sort key.
   */
  async append(writer: string, change: Omit<ListenerChange, 'at'>): Promise<void> {
    // A write that took LISTENER_CHANGE_LATE_MS or more may have landed after a reader's look-up that its stamp
    // is too old for the next look-up to ask about: it is written again, stamped anew. If the table stays that
    // slow the change fails (and with it the client's request: a handshake, a SUBSCRIBE, which it may retry).
    for (let attempt = 1; ; attempt++) {
      const at = this.clock();
      await this.put(writer, at, change);
      if (this.clock() - at < LISTENER_CHANGE_LATE_MS) return;
      if (attempt === LATE_ATTEMPTS)
        throw new Error(
          `listener change not written within ${LISTENER_CHANGE_LATE_MS} ms ${LATE_ATTEMPTS} times`,
        );
    }
  }

  private async put(writer: string, at: number, change: Omit<ListenerChange, 'at'>): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.table,
        Item: {
          log: LOG,
          change: `${sortableAt(at)}#${writer}#${randomUUID().slice(0, 8)}`,
          at,
          accounts: [...change.accounts],
          symbols: [...change.symbols],
          expiresAt: Math.ceil((at + LISTENER_CHANGES_KEPT_MS) / 1000),
        },
      }),
    );
  }

  async since(at: number): Promise<ListenerChange[]> {
    const items = await queryAll(this.documents, {
      TableName: this.table,
      KeyConditionExpression: '#log = :log AND #change > :from',
      ExpressionAttributeNames: { '#log': 'log', '#change': 'change' },
      // `<at>` sorts before every `<at>#…`: the range starts at the first change at `at`.
      ExpressionAttributeValues: { ':log': LOG, ':from': sortableAt(Math.max(0, at)) },
      ConsistentRead: true,
    });
    return items.map((item) => ({
      at: item.at as number,
      accounts: (item.accounts as number[] | undefined) ?? [],
      symbols: (item.symbols as string[] | undefined) ?? [],
    }));
  }
}

function sortableAt(at: number): string {
  return String(Math.floor(at)).padStart(AT_DIGITS, '0');
}
