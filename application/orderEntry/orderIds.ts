import { randomBytes } from 'node:crypto';
import type { Clock } from '../ports/clock';
import type { IdSlots } from '../ports/idSlots';

/**
 * Order ids, assigned at ingress so the ACK can carry them: unique across every ingress process, ordered by time,
 * and 53 bits (a JavaScript safe integer, a plain JSON number as Binance sends):
 *
 *     milliseconds since 2025-01-01 (40 bits, until 2059) | slot (10 bits) | sequence in the millisecond (3 bits)
 *
 * Each process leases a slot (IdSlots) and renews it while it is in use, so no two processes hold a slot at
 * once; within a process ids strictly increase (a clock that steps back, or more than 8 ids in a millisecond, runs
 * the ids ahead of the clock until it catches up).
 */
export const ID_EPOCH = Date.UTC(2025, 0, 1);
const SLOT_BITS = 10;
const SEQUENCE_BITS = 3;
export const SLOTS = 2 ** SLOT_BITS;
const SEQUENCES = 2 ** SEQUENCE_BITS;
const LEASE_MS = 15 * 60_000;
const RENEW_BEFORE_MS = 10 * 60_000;

export class OrderIdGenerator {
  private slot: number | undefined;
  private leaseUntil = 0;
  private lastMs = 0;
  private sequence = 0;
  private readonly owner = randomBytes(8).toString('hex');

  constructor(
    private readonly slots: IdSlots,
    private readonly clock: Clock = Date.now,
  ) {}

  async next(): Promise<number> {
    const slot = await this.leasedSlot();
    // From here to the return nothing awaits: concurrent calls (a gateway serves many requests at once) each take
    // their own sequence. Past 8 ids in a millisecond the next millisecond is borrowed rather than waited for, so
    // a burst runs ids a few milliseconds ahead of the clock and never into the slot's bits.
    const now = this.clock();
    if (now > this.lastMs) {
      this.lastMs = now;
      this.sequence = 0;
    } else if (++this.sequence === SEQUENCES) {
      this.lastMs += 1;
      this.sequence = 0;
    }
    return ((this.lastMs - ID_EPOCH) * SLOTS + slot) * SEQUENCES + this.sequence;
  }

  /** The time an order id was made at (ids are ordered by it). */
  static timeOf(orderId: number): number {
    return Math.floor(orderId / (SLOTS * SEQUENCES)) + ID_EPOCH;
  }

  private async leasedSlot(): Promise<number> {
    const now = this.clock();
    if (this.slot !== undefined && this.leaseUntil - now > RENEW_BEFORE_MS) return this.slot;
    if (this.slot !== undefined && (await this.tryLease(this.slot, now))) return this.slot;
    const start = randomBytes(2).readUInt16BE(0) % SLOTS;
    for (let i = 0; i < SLOTS; i++) {
      const candidate = (start + i) % SLOTS;
      if (await this.tryLease(candidate, now)) {
        this.slot = candidate;
        return candidate;
      }
    }
    throw new Error('no free order-id slot: more than 1,024 ingress processes are running');
  }

  private async tryLease(slot: number, now: number): Promise<boolean> {
    if (!(await this.slots.lease(slot, this.owner, now, now + LEASE_MS))) return false;
    this.leaseUntil = now + LEASE_MS;
    return true;
  }
}
