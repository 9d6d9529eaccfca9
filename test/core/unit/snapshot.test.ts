import { MatchingEngine } from '../../../core/engine/matchingEngine';
import { decodeSnapshot, encodeSnapshot } from '../../../core/engine/snapshot';
import { A, amend, B, C, given, limit } from '../support/scenario';

describe('snapshots', () => {
  const commands = [
    limit({ id: 1, account: A, side: 'SELL', price: 101, qty: 5, clientOrderId: 'a-1' }),
    limit({ id: 2, account: B, side: 'SELL', price: 101, qty: 5, reduceOnly: false, stp: 'EXPIRE_BOTH' }),
    limit({ id: 3, account: C, side: 'BUY', price: 101, qty: 3 }),
    limit({ id: 4, account: C, side: 'BUY', price: 95, qty: 7, tif: 'GTX' }),
    amend(C, { orderId: 4 }, { side: 'BUY', price: 95, qty: 6 }),
  ];
  const busy = () => given(...commands);

  it('restore an engine with the same state hash, positions and queues', () => {
    const { engine } = busy();
    const restored = MatchingEngine.restore(engine.encodedSnapshot());
    expect(restored.stateHash()).toBe(engine.stateHash());
    expect(restored.seq).toBe(engine.seq);
    expect(restored.queueAt('SELL', 101)).toEqual(engine.queueAt('SELL', 101));
    expect(restored.position(C)).toEqual(engine.position(C));
  });

  it('decide later commands exactly as the original would', () => {
    const original = busy().engine;
    const restored = MatchingEngine.restore(original.snapshot());
    const next = limit({ id: 9, account: A, side: 'BUY', price: 101, qty: 8 });
    expect(restored.execute(next)).toEqual(original.execute(next));
    expect(restored.stateHash()).toBe(original.stateHash());
  });

  it('encode canonically: encode(decode(bytes)) is the same bytes', () => {
    const bytes = busy().engine.encodedSnapshot();
    expect(encodeSnapshot(decodeSnapshot(bytes))).toEqual(bytes);
  });

  it('differ when anything differs', () => {
    const a = busy().engine;
    const b = busy().engine;
    expect(a.stateHash()).toBe(b.stateHash());
    b.execute(amend(C, { orderId: 4 }, { side: 'BUY', price: 95, qty: 5 }));
    expect(a.stateHash()).not.toBe(b.stateHash());
  });
});
