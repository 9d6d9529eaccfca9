import type { Clock } from '../../application/ports/clock';
import type { Begun, RequestLog } from '../../application/ports/requestLog';

interface Entry {
  fingerprint?: string;
  status?: 'PENDING' | 'DONE';
  response?: string;
  sending?: string;
  creates?: string;
  /** Epoch seconds. */
  expiresAt?: number;
}

/** Idempotency records in memory, expiring as the DynamoDB ones do (a record past its expiry may be replaced). */
export class MemoryRequestLog implements RequestLog {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly clock: Clock = Date.now) {}

  async begin(requestKey: string, fingerprint: string, ttlMs: number, creates?: string): Promise<Begun> {
    const existing = this.entries.get(requestKey);
    const nowSeconds = Math.floor(this.clock() / 1000);
    if (existing === undefined || (existing.expiresAt !== undefined && existing.expiresAt < nowSeconds)) {
      const expiresAt = Math.ceil((this.clock() + ttlMs) / 1000);
      this.entries.set(requestKey, { fingerprint, status: 'PENDING', expiresAt, creates });
      return { kind: 'new' };
    }
    if (existing.fingerprint !== fingerprint) return { kind: 'different' };
    return {
      kind: 'repeat',
      response: existing.status === 'DONE' ? existing.response : undefined,
      sending: existing.sending,
      creates: existing.creates,
    };
  }

  async sending(requestKey: string, payload: string): Promise<void> {
    this.update(requestKey, { sending: payload });
  }

  async complete(requestKey: string, response: string): Promise<void> {
    this.update(requestKey, { status: 'DONE', response });
  }

  async abandon(requestKey: string): Promise<void> {
    this.update(requestKey, { expiresAt: 0 });
  }

  /** Updates create the record if it is missing, as DynamoDB's UpdateItem does. */
  private update(requestKey: string, change: Entry): void {
    this.entries.set(requestKey, { ...this.entries.get(requestKey), ...change });
  }
}
