// Order ids: unique and increasing within a process however many are asked for at once, and never spilling from
// the sequence into the slot's bits.

import { MemoryIdSlots } from '../../adapters/memory/idSlots';
import { ID_EPOCH, OrderIdGenerator, SLOTS } from '../../application/orderEntry/orderIds';

const SEQUENCES = 8;
const slotOf = (id: number) => Math.floor(id / SEQUENCES) % SLOTS;

describe('order ids', () => {
  test('a thousand asked for at once in one frozen millisecond: all distinct, increasing, in the leased slot', async () => {
    const now = ID_EPOCH + 1_000_000;
    const generator = new OrderIdGenerator(new MemoryIdSlots(), () => now);
    const first = await generator.next();
    const ids = await Promise.all(Array.from({ length: 1_000 }, () => generator.next()));
    expect(new Set([first, ...ids]).size).toBe(1_001);
    expect(ids.every((id, i) => id > (i === 0 ? first : ids[i - 1]!))).toBe(true);
    expect(new Set(ids.map(slotOf))).toEqual(new Set([slotOf(first)]));
    // Eight per millisecond: a thousand run 125 ms ahead of the frozen clock.
    expect(OrderIdGenerator.timeOf(ids.at(-1)!)).toBe(now + 125);
  });

  test('a clock that steps back: ids still increase', async () => {
    let now = ID_EPOCH + 5_000;
    const generator = new OrderIdGenerator(new MemoryIdSlots(), () => now);
    const before = await generator.next();
    now -= 2_000;
    const after = await generator.next();
    expect(after).toBeGreaterThan(before);
    expect(slotOf(after)).toBe(slotOf(before));
  });

  test('two processes never share a slot', async () => {
    const slots = new MemoryIdSlots();
    const now = () => ID_EPOCH + 10_000;
    const a = await new OrderIdGenerator(slots, now).next();
    const b = await new OrderIdGenerator(slots, now).next();
    expect(slotOf(a)).not.toBe(slotOf(b));
  });
});
