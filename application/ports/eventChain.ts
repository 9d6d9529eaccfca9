import { createHash } from 'node:crypto';
import { canonicalJson } from '../../core/audit/canonicalJson';
import type { EngineEvent } from '../../core/engine/events';

/**
 * The hash chain over a symbol's log (docs/audit.md). Each item of events carries
 *
 *   chain = hex(SHA-256(UTF-8(canonicalJson({ prev, seq, last, events }))))
 *
 * where `prev` is the chain of the symbol's previous item of events (GENESIS before the first), `seq` and `last`
 * the sequences of the item's first and last event, and `events` the events exactly as stored (RFC 8785, see
 * core/audit/canonicalJson.ts). Changing, removing, adding or reordering anything in an item changes its link and
 * every link after it, so the newest link, once published, pins the whole log before it. Claims carry no events
 * and no link: they are not part of the chain.
 *
 * It lives beside the ports because everything on both sides of them computes it: the matcher when it commits,
 * its recovery when it reads, the operator's verify-log, and (in their own code) clients.
 */
export const GENESIS = '0'.repeat(64);

export interface ChainedItem {
  readonly seq: number;
  readonly last: number;
  readonly events: readonly EngineEvent[];
}

export function chainLink(prev: string, item: ChainedItem): string {
  return createHash('sha256').update(chainInput(prev, item), 'utf8').digest('hex');
}

/** The exact text that is hashed: what a third party's verifier must reproduce byte for byte. */
export function chainInput(prev: string, item: ChainedItem): string {
  return canonicalJson({ prev, seq: item.seq, last: item.last, events: item.events });
}

/** A link that does not follow from its predecessor: the log was changed after it was written. */
export class BrokenChain extends Error {
  constructor(
    readonly stream: string,
    /** The sequence (key) of the first item whose link does not hold. */
    readonly seq: number,
    readonly expected: string,
    readonly stored: string | null,
  ) {
    super(
      `${stream}: the event chain breaks at item ${seq} (computed ${expected}, stored ${stored ?? 'none'})`,
    );
  }
}
