import { type DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../../application/ports/clock';
import type { SymbolDirectory } from '../../../application/ports/symbolDirectory';
import { compileInstrument, type Instrument } from '../../../core/symbol/instrument';
import type { SymbolSpec } from '../../../core/symbol/symbolSpec';
import { written } from '../conditionalWrites';

/** The symbols table (one item per symbol: its newest spec), read whole and cached per process for `cacheMs`. */
export class DynamoSymbolDirectory implements SymbolDirectory {
  private cached: { bySymbol: Map<string, Instrument>; until: number } | undefined;
  private loading: Promise<Map<string, Instrument>> | undefined;

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly cacheMs = 5_000,
    private readonly clock: Clock = Date.now,
  ) {}

  async get(symbol: string): Promise<Instrument | undefined> {
    return (await this.load()).get(symbol);
  }

  async all(): Promise<Instrument[]> {
    return [...(await this.load()).values()].sort((a, b) => a.spec.symbol.localeCompare(b.spec.symbol));
  }

  invalidate(): void {
    this.cached = undefined;
    this.loading = undefined;
  }

  async record(spec: SymbolSpec, seq: number, listedAt?: number): Promise<void> {
    // An update keeps the listing time: SET only what changes, listedAt only when listing. A spec as of an event
    // already recorded (a redelivered batch) is held back by the condition.
    await written(
      this.documents.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { symbol: spec.symbol },
          UpdateExpression:
            listedAt !== undefined
              ? 'SET spec = :spec, lastSeq = :seq, listedAt = :time'
              : 'SET spec = :spec, lastSeq = :seq',
          ConditionExpression: 'attribute_not_exists(lastSeq) OR lastSeq < :seq',
          ExpressionAttributeValues: {
            ':spec': JSON.stringify(spec),
            ':seq': seq,
            ...(listedAt !== undefined ? { ':time': listedAt } : {}),
          },
        }),
      ),
    );
  }

  private load(): Promise<Map<string, Instrument>> {
    if (this.cached !== undefined && this.cached.until > this.clock())
      return Promise.resolve(this.cached.bySymbol);
    // One Scan for every request that finds the cache expired at once (ingress's requests in flight), not one each.
    if (this.loading === undefined) {
      const loading: Promise<Map<string, Instrument>> = this.scan()
        .then((bySymbol) => {
          // Not kept if invalidate() came while it was read: the caller after it reads again.
          if (this.loading === loading) this.cached = { bySymbol, until: this.clock() + this.cacheMs };
          return bySymbol;
        })
        .finally(() => {
          if (this.loading === loading) this.loading = undefined;
        });
      this.loading = loading;
    }
    return this.loading;
  }

  private async scan(): Promise<Map<string, Instrument>> {
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
    return bySymbol;
  }
}
