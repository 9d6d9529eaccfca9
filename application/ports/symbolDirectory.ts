import type { Instrument } from '../../core/symbol/instrument';
import type { SymbolSpec } from '../../core/symbol/symbolSpec';

/**
 * The listed symbols as ingress and the queries see them: the symbols read model, a projection of SymbolListed
 * and SymbolUpdated events, which readers may cache for a few seconds. The matcher never uses this copy; it
 * judges every order by the spec in the symbol's own log.
 */
export interface SymbolDirectory {
  get(symbol: string): Promise<Instrument | undefined>;
  /** Every listed symbol, by name. */
  all(): Promise<Instrument[]>;
  /** Forget any cached copy: the next read is fresh. */
  invalidate(): void;
  /**
   * The projection's write: the symbol's spec as of event `seq`, unless a later event is recorded already.
   * `listedAt` only on listing: an update keeps the listing time.
   */
  record(spec: SymbolSpec, seq: number, listedAt?: number): Promise<void>;
}
