import type { SymbolDirectory } from '../../application/ports/symbolDirectory';
import { compileInstrument, type Instrument } from '../../core/symbol/instrument';
import type { SymbolSpec } from '../../core/symbol/symbolSpec';

/** The symbols read model in memory: no cache to forget, every read is fresh. */
export class MemorySymbolDirectory implements SymbolDirectory {
  private readonly symbols = new Map<string, { spec: SymbolSpec; lastSeq: number; listedAt?: number }>();

  async get(symbol: string): Promise<Instrument | undefined> {
    const stored = this.symbols.get(symbol);
    return stored === undefined ? undefined : compileInstrument(structuredClone(stored.spec));
  }

  async all(): Promise<Instrument[]> {
    return [...this.symbols.values()]
      .map((stored) => compileInstrument(structuredClone(stored.spec)))
      .sort((a, b) => a.spec.symbol.localeCompare(b.spec.symbol));
  }

  invalidate(): void {}

  async record(spec: SymbolSpec, seq: number, listedAt?: number): Promise<void> {
    const stored = this.symbols.get(spec.symbol);
    if (stored !== undefined && stored.lastSeq >= seq) return;
    this.symbols.set(spec.symbol, {
      spec: structuredClone(spec),
      lastSeq: seq,
      listedAt: listedAt ?? stored?.listedAt,
    });
  }

  drop(symbol?: string): number {
    let dropped = 0;
    for (const key of [...this.symbols.keys()]) {
      if (symbol !== undefined && key !== symbol) continue;
      this.symbols.delete(key);
      dropped++;
    }
    return dropped;
  }
}
