import { MatchingEngine } from '../../core/engine/matchingEngine';
import { murmur3x86_128 } from '../../core/hash';
import { chainLink, GENESIS } from '../ports/eventChain';
import type { EventItem } from '../ports/eventLog';
import type { AuditPorts } from '../ports/ports';

export interface LogVerdict {
  readonly symbol: string;
  readonly ok: boolean;
  /** Items and events read and found sound, up to the first divergence. */
  readonly items: number;
  readonly events: number;
  /** The newest link checked (GENESIS for an empty log) and the sequence it ends at. */
  readonly head: { readonly seq: number; readonly chain: string };
  /** Snapshots whose engine equals the replay's at their sequence. */
  readonly snapshotsChecked: number;
  /** The first item (by key) that is not what the chain and the replay say, and why. */
  readonly divergence?: { readonly seq: number; readonly reason: string };
}

/**
 * `verify-log`: recomputes a symbol's hash chain from seq 1 (application/ports/eventChain.ts) and replays every
 * event into a private engine, and reports the first divergence: an item whose link, key, sequences or bytes are
 * not what was written, or a snapshot whose engine is not the replay's at its sequence. Read only; the cost is
 * one read of the log and one replay (plus restoring no snapshot: the replay's own state is hashed instead).
 */
export async function verifyLog(
  ports: Pick<AuditPorts, 'events' | 'snapshots'>,
  symbol: string,
  options: {
    /**
     * Accept items without a link before the first linked one: a log written before the chain existed (whose
     * first items nothing can vouch for). Off by default: then a missing link anywhere is a divergence.
     */
    readonly unlinkedPrefix?: boolean;
  } = {},
): Promise<LogVerdict> {
  const snapshots = await snapshotHashes(ports, symbol);
  const engine = MatchingEngine.create(symbol);
  let link = GENESIS;
  let linked = false;
  let expected = 1;
  let items = 0;
  let events = 0;
  let snapshotsChecked = 0;
  const verdict = (divergence?: LogVerdict['divergence']): LogVerdict => ({
    symbol,
    ok: divergence === undefined,
    items,
    events,
    head: { seq: expected - 1, chain: link },
    snapshotsChecked,
    ...(divergence ? { divergence } : {}),
  });
  const iterator = ports.events.itemsAfter(symbol, 0)[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<EventItem>;
    try {
      next = await iterator.next();
    } catch (error) {
      // An item that no longer decodes (a changed byte of its compressed events): it is the next key.
      return verdict({ seq: expected, reason: `unreadable: ${(error as Error).message}` });
    }
    if (next.done) break;
    const item = next.value;
    if (item.events === null) {
      if (item.seq !== expected)
        return verdict({ seq: item.seq, reason: `a claim at ${item.seq}, expected ${expected}` });
      break; // a claim: the end of the log
    }
    if (item.seq !== expected)
      return verdict({
        seq: Math.min(item.seq, expected),
        reason: `the log jumps from ${expected - 1} to ${item.seq}`,
      });
    const seqs = item.events.map((e) => e.seq);
    if (
      item.events.length === 0 ||
      item.last !== item.seq + item.events.length - 1 ||
      seqs.some((s, i) => s !== item.seq + i)
    )
      return verdict({ seq: item.seq, reason: `its events are not ${item.seq}..${item.last} in order` });
    const computed = chainLink(link, { seq: item.seq, last: item.last, events: item.events });
    if (item.chain === null && (linked || !options.unlinkedPrefix))
      return verdict({ seq: item.seq, reason: 'its link is missing' });
    if (item.chain !== null && item.chain !== computed)
      return verdict({ seq: item.seq, reason: `its link is ${item.chain}, the chain says ${computed}` });
    linked ||= item.chain !== null;
    for (const event of item.events) engine.apply(event);
    link = computed;
    expected = item.last + 1;
    items++;
    events += item.events.length;
    const snapshot = snapshots.get(item.last);
    if (snapshot !== undefined) {
      if (murmur3x86_128(engine.encodedSnapshot()) !== snapshot.hash)
        return verdict({
          seq: item.seq,
          reason: `the snapshot at ${item.last} is not the replay's state there`,
        });
      if (snapshot.chain !== null && snapshot.chain !== link)
        return verdict({ seq: item.seq, reason: `the snapshot at ${item.last} names another link` });
      snapshotsChecked++;
    }
  }
  return verdict();
}

/** Every snapshot still stored (the newest few and the archive), by sequence: its engine's hash and its link. */
async function snapshotHashes(ports: Pick<AuditPorts, 'snapshots'>, symbol: string) {
  const found = new Map<number, { hash: string; chain: string | null }>();
  for (let below = Number.MAX_SAFE_INTEGER; below > 0; ) {
    const snapshot = await ports.snapshots.atOrBefore(symbol, below);
    if (snapshot === undefined) break;
    found.set(snapshot.seq, { hash: murmur3x86_128(snapshot.engine), chain: snapshot.chain });
    below = snapshot.seq - 1;
  }
  return found;
}
