import { type AttributeValue, ScanCommand } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  QueryCommand,
  ScanCommand as ScanDocuments,
} from '@aws-sdk/lib-dynamodb';
import type { EngineEvent } from '../../core/engine/events';
import { KLINE_INTERVALS } from '../../core/projections/intervals';
import { compileInstrument, type Instrument } from '../../core/symbol/instrument';
import { type ResourceNames, type TableId, tables } from '../../resources/declarations';
import type { AwsClients } from '../aws/clients';
import { EventStore } from '../eventStore/eventStore';
import { seriesKey } from './klineSeries';

/**
 * The operator's rebuild: drop a read model's items (all, or one symbol's) and replay the events table into it
 * through the very model code the projector runs. Because every model is a fold of the symbol's events and keeps
 * integers, not formatted text, the rebuilt items equal the incrementally built ones.
 *
 * Run it while the projector is paused for the symbols concerned (disable the event source mapping, or stop the
 * local stream poller): a live batch landing between the drop and the replay would be held back by nothing and
 * the replay's older writes would then be refused by its newer lastSeq. The projector's progress is left alone;
 * once resumed it continues from where it was (the rebuild replayed up to the end of the events table).
 */

/** A read model as the rebuild drives it: structurally the projector's ReadModel. */
export interface ReplayTarget {
  readonly name: string;
  apply(
    batch: {
      readonly symbol: string;
      readonly firstSeq: number;
      readonly lastSeq: number;
      readonly events: readonly EngineEvent[];
      readonly recordId: string;
    },
    context: { readonly instrument: Instrument },
  ): Promise<void>;
}

/**
 * Where each rebuildable model keeps its items and how one symbol's are found. `accounts` is not here: an
 * account's stream also holds deposits, withdrawals, leverage and margin reservations that no symbol event
 * carries, so it cannot be dropped; its settlement is idempotent per symbol sequence instead.
 */
const MODEL_TABLES = {
  symbols: { table: 'symbols', symbolIs: 'partition' },
  orders: { table: 'orders', symbolIs: 'attribute' },
  userTrades: { table: 'userTrades', symbolIs: 'attribute' },
  marketTrades: { table: 'marketTrades', symbolIs: 'partition' },
  aggTrades: { table: 'aggTrades', symbolIs: 'partition' },
  klines: { table: 'klines', symbolIs: 'series' },
  depth: { table: 'depth', symbolIs: 'partition' },
  tickers: { table: 'tickers', symbolIs: 'partition' },
} as const satisfies Record<string, { table: TableId; symbolIs: 'partition' | 'attribute' | 'series' }>;

export type RebuildableModel = keyof typeof MODEL_TABLES;
export const REBUILDABLE_MODELS = Object.keys(MODEL_TABLES) as RebuildableModel[];

export function isRebuildable(name: string): name is RebuildableModel {
  return name in MODEL_TABLES;
}

export interface RebuildReport {
  readonly model: string;
  readonly dropped: number;
  readonly symbols: readonly string[];
  readonly batches: number;
  readonly events: number;
}

export async function rebuildReadModel(
  clients: AwsClients,
  names: ResourceNames,
  target: ReplayTarget,
  symbol?: string,
): Promise<RebuildReport> {
  if (!isRebuildable(target.name)) throw new Error(`read model ${target.name} cannot be rebuilt`);
  const dropped = await dropReadModel(clients.documents, names, target.name, symbol);
  const symbols = symbol === undefined ? await streamsInEventStore(clients, names) : [symbol];
  const replayed = await replay(clients.documents, names, [target], symbols);
  return { model: target.name, dropped, symbols, ...replayed };
}

/** Deletes the model's items (one symbol's, or all); returns how many. */
export async function dropReadModel(
  documents: DynamoDBDocumentClient,
  names: ResourceNames,
  model: RebuildableModel,
  symbol?: string,
): Promise<number> {
  const { table: id, symbolIs } = MODEL_TABLES[model];
  const table = names.tables[id];
  const key = tables[id].key;
  const keyNames = [key.partition.name, ...('sort' in key ? [key.sort.name] : [])];
  const keys: Record<string, unknown>[] = [];
  const collect = (items: Record<string, unknown>[] | undefined) => {
    for (const item of items ?? []) keys.push(Object.fromEntries(keyNames.map((n) => [n, item[n]])));
  };
  if (symbol === undefined || symbolIs === 'attribute') {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await documents.send(
        new ScanDocuments({
          TableName: table,
          ExclusiveStartKey: startKey,
          ...(symbol === undefined
            ? {}
            : {
                FilterExpression: '#symbol = :symbol',
                ExpressionAttributeNames: { '#symbol': 'symbol' },
                ExpressionAttributeValues: { ':symbol': symbol },
              }),
        }),
      );
      collect(page.Items);
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
  } else {
    const partitions =
      symbolIs === 'series' ? KLINE_INTERVALS.map((interval) => seriesKey(symbol, interval)) : [symbol];
    for (const partition of partitions) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await documents.send(
          new QueryCommand({
            TableName: table,
            KeyConditionExpression: '#p = :p',
            ExpressionAttributeNames: { '#p': key.partition.name },
            ExpressionAttributeValues: { ':p': partition },
            ExclusiveStartKey: startKey,
          }),
        );
        collect(page.Items);
        startKey = page.LastEvaluatedKey;
      } while (startKey !== undefined);
    }
  }
  for (let i = 0; i < keys.length; i += 25) {
    let unprocessed: Record<string, unknown[]> | undefined = {
      [table]: keys.slice(i, i + 25).map((Key) => ({ DeleteRequest: { Key } })),
    };
    while (unprocessed !== undefined && Object.keys(unprocessed).length > 0) {
      const result = await documents.send(new BatchWriteCommand({ RequestItems: unprocessed as never }));
      unprocessed = result.UnprocessedItems as Record<string, unknown[]> | undefined;
    }
  }
  return keys.length;
}

/**
 * Feeds every committed events item of the symbols, in order, to the targets, with the instrument the projector
 * would use: the newest spec in the batch if it lists or updates the symbol, else the one before it.
 */
export async function replay(
  documents: DynamoDBDocumentClient,
  names: ResourceNames,
  targets: readonly ReplayTarget[],
  symbols: readonly string[],
): Promise<{ batches: number; events: number }> {
  const store = new EventStore(documents, names.tables.events);
  let batches = 0;
  let events = 0;
  for (const symbol of symbols) {
    let instrument: Instrument | undefined;
    for await (const item of store.itemsAfter(symbol, 0)) {
      if (item.events === null) break; // a claim not yet filled: nothing after it is committed
      for (let i = item.events.length - 1; i >= 0; i--) {
        const event = item.events[i]!;
        if (event.type === 'SymbolListed' || event.type === 'SymbolUpdated') {
          instrument = compileInstrument(event.spec);
          break;
        }
      }
      if (instrument === undefined) throw new Error(`${symbol}: events before its listing`);
      const batch = {
        symbol,
        firstSeq: item.seq,
        lastSeq: item.last,
        events: item.events,
        recordId: `${symbol}:${item.seq}`,
      };
      for (const target of targets) await target.apply(batch, { instrument });
      batches++;
      events += item.events.length;
    }
  }
  return { batches, events };
}

/** Every symbol stream in the events table (its first item has sequence 1). */
async function streamsInEventStore(clients: AwsClients, names: ResourceNames): Promise<string[]> {
  const found = new Set<string>();
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await clients.dynamodb.send(
      new ScanCommand({
        TableName: names.tables.events,
        ProjectionExpression: '#stream',
        FilterExpression: '#seq = :one',
        ExpressionAttributeNames: { '#stream': 'stream', '#seq': 'seq' },
        ExpressionAttributeValues: { ':one': { N: '1' } },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) if (item.stream?.S !== undefined) found.add(item.stream.S);
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return [...found].sort();
}
