import { type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { compileInstrument, type Instrument } from '../../core/symbol/instrument';
import type { SymbolSpec } from '../../core/symbol/symbolSpec';

/**
 * The listed symbols as ingress and the queries see them: the `symbols` read model (a projection of SymbolListed
 * and SymbolUpdated events), cached per process for a few seconds. The matcher never uses this copy; it judges
 * every order by the spec in the symbol's own log.
 */
export class SymbolDirectory {
  private cached: { bySymbol: Map<string, Instrument>; until: number } | undefined;

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly cacheMs = 5_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async get(symbol: string): Promise<Instrument | undefined> {
    return (await this.load()).get(symbol);
  }

  async all(): Promise<Instrument[]> {
    return [...(await this.load()).values()].sort((a, b) => a.spec.symbol.localeCompare(b.spec.symbol));
  }

  /** Forget the cache (the next read goes to the table). */
  invalidate(): void {
    this.cached = undefined;
  }

  private async load(): Promise<Map<string, Instrument>> {
    if (this.cached !== undefined && this.cached.until > this.clock()) return this.cached.bySymbol;
    const bySymbol = new Map<string, Instrument>();
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.documents.send(
        new ScanCommand({ TableName: this.table, ExclusiveStartKey: startKey }),
      );
      for (const item of page.Items ?? []) {
        const spec = JSON.parse(item.spec as string) as SymbolSpec;
        bySymbol.set(spec.symbol, compileInstrument(spec));
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    this.cached = { bySymbol, until: this.clock() + this.cacheMs };
    return bySymbol;
  }
}
