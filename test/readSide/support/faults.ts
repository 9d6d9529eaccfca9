import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export class InjectedFault extends Error {}

/**
 * A document client that fails one chosen call: before sending it (the write never happened) or after (the write
 * happened, the answer was lost: a crash between writes of one batch). The projector must then fail the record,
 * and its retry must finish the batch without applying anything twice.
 */
export class FaultyDocuments {
  private calls = 0;
  private failAt = -1;
  private after = false;
  fired = 0;

  constructor(private readonly inner: DynamoDBDocumentClient) {}

  /** Fail the `n`-th call from now (0-based). */
  arm(n: number, after: boolean): void {
    this.calls = 0;
    this.failAt = n;
    this.after = after;
  }

  disarm(): void {
    this.failAt = -1;
  }

  get client(): DynamoDBDocumentClient {
    const send = async (command: never) => {
      const n = this.calls++;
      const fire = n === this.failAt;
      if (fire) this.failAt = -1;
      if (fire && !this.after) {
        this.fired++;
        throw new InjectedFault(`injected before call ${n}`);
      }
      const result = await this.inner.send(command);
      if (fire) {
        this.fired++;
        throw new InjectedFault(`injected after call ${n}`);
      }
      return result;
    };
    return new Proxy(this.inner, {
      get: (target, property) => (property === 'send' ? send : Reflect.get(target, property)),
    });
  }
}
