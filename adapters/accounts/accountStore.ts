import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AccountState, openedAccount } from '../../core/accounts/account';
import type { AccountEvent } from '../../core/accounts/accountEvents';
import type { AccountDecision } from '../../core/accounts/decideAccount';
import { evolveAccount } from '../../core/accounts/evolveAccount';
import type { Rejection } from '../../core/errors';
import {
  decodeAccountEvent,
  decodeAccountState,
  encodeAccountEvent,
  encodeAccountState,
} from './accountCodec';
import { OneAtATime } from './oneAtATime';

export const accountStream = (accountId: number) => `acct#${accountId}`;

export type AppendOutcome =
  | { readonly ok: true; readonly state: AccountState; readonly events: readonly AccountEvent[] }
  | { readonly ok: false; readonly rejection: Rejection };

export interface StoredAccountEvent {
  readonly version: number;
  readonly event: AccountEvent;
  readonly time: number;
}

/**
 * The accounts table: each account a stream of versions, each item holding the event and the state after it.
 * Appends are conditional on the version being new, so of two writers that decided on the same state only one
 * wins; the other decides again on the newer state. That is what makes pre-trade margin safe under concurrency.
 */
export class AccountStore {
  private readonly decisions = new OneAtATime<number>();

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: () => number = Date.now,
  ) {}

  async load(accountId: number): Promise<AccountState | undefined> {
    const { Items } = await this.documents.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: '#stream = :stream',
        ExpressionAttributeNames: { '#stream': 'stream' },
        ExpressionAttributeValues: { ':stream': accountStream(accountId) },
        ScanIndexForward: false,
        Limit: 1,
        ConsistentRead: true,
      }),
    );
    const item = Items?.[0];
    return item === undefined ? undefined : decodeAccountState(item.state as string);
  }

  /** Opens an account (version 1); false if it exists already. */
  async open(accountId: number): Promise<boolean> {
    const state = evolveAccount(openedAccount(accountId), { type: 'AccountOpened', accountId });
    return this.put(accountId, state.version, { type: 'AccountOpened', accountId }, state);
  }

  /**
   * Decides on the newest state and appends the decision's events, one version each; on a concurrent append,
   * reloads and decides again. An account that does not exist is -2015 (no such key/account). Decisions for one
   * account in this process take turns; `deadlineMs` bounds the retries against other processes once it is this
   * decision's turn, after which it throws AccountBusy.
   */
  decide(
    accountId: number,
    decision: (state: AccountState) => AccountDecision,
    deadlineMs = 5_000,
  ): Promise<AppendOutcome> {
    return this.decisions.run(accountId, () => this.decideNow(accountId, decision, deadlineMs));
  }

  private async decideNow(
    accountId: number,
    decision: (state: AccountState) => AccountDecision,
    deadlineMs: number,
  ): Promise<AppendOutcome> {
    const giveUpAt = this.clock() + deadlineMs;
    for (let attempt = 0; ; attempt++) {
      const state = await this.load(accountId);
      if (state === undefined) throw new UnknownAccount(accountId);
      const decided = decision(state);
      if ('rejection' in decided) return { ok: false, rejection: decided.rejection };
      let next = state;
      let conflict = false;
      for (const event of decided.events) {
        const after = evolveAccount(next, event);
        if (!(await this.put(accountId, after.version, event, after))) {
          conflict = true;
          break;
        }
        next = after;
      }
      if (!conflict) return { ok: true, state: next, events: decided.events };
      if (this.clock() >= giveUpAt) throw new AccountBusy(accountId, attempt + 1);
      // Someone appended first: decide again on the newer state after an exponential back-off with full jitter,
      // so writers racing for one hot account spread out instead of colliding in lockstep.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 2 * 2 ** attempt)));
    }
  }

  /** The account's history, oldest first (operator views, rebuilds). */
  async history(accountId: number): Promise<StoredAccountEvent[]> {
    const events: StoredAccountEvent[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new QueryCommand({
          TableName: this.table,
          KeyConditionExpression: '#stream = :stream',
          ExpressionAttributeNames: { '#stream': 'stream' },
          ExpressionAttributeValues: { ':stream': accountStream(accountId) },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        events.push({
          version: item.version as number,
          event: decodeAccountEvent(item.event as string),
          time: item.time as number,
        });
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return events;
  }

  private async put(
    accountId: number,
    version: number,
    event: AccountEvent,
    state: AccountState,
  ): Promise<boolean> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.table,
          Item: {
            stream: accountStream(accountId),
            version,
            event: encodeAccountEvent(event),
            state: encodeAccountState(state),
            time: this.clock(),
          },
          ConditionExpression: 'attribute_not_exists(version)',
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}

/** Too many concurrent changes to one account for too long: the caller should answer "try again". */
export class AccountBusy extends Error {
  constructor(
    readonly accountId: number,
    readonly attempts: number,
  ) {
    super(`account ${accountId}: still contended after ${attempts} attempts`);
  }
}

export class UnknownAccount extends Error {
  constructor(readonly accountId: number) {
    super(`account ${accountId} does not exist`);
  }
}
