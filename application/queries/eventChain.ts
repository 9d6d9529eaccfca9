import type { Instrument } from '../../core/symbol/instrument';
import type { IngressContext } from '../context';
import { GENESIS } from '../ports/eventChain';

/** The newest link of a symbol's hash chain: what the exchange vouches its log was up to `seq`. */
export interface ChainHead {
  readonly symbol: string;
  /** The last event the link covers (0 before any event), and when its item was committed. */
  readonly seq: number;
  readonly chain: string;
  readonly time: number;
}

/**
 * GET /fapi/v1/eventChain: read from the log itself (its newest item), not from a read model, so the answer is
 * what the matcher wrote. A client that records it can later check an export of the log against it
 * (docs/audit.md, bin/verify-chain.mjs). An item written before the chain existed has no link: GENESIS then.
 */
export async function chainHead(ctx: IngressContext, instrument: Instrument): Promise<ChainHead> {
  const symbol = instrument.spec.symbol;
  const item = await ctx.events.lastItem(symbol);
  return {
    symbol,
    seq: item?.last ?? 0,
    chain: item?.chain ?? GENESIS,
    time: item?.time ?? 0,
  };
}
