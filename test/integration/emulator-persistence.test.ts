// With a data directory, the local stack keeps its stream records and table items across restarts (`npm start`).
// This also proves the native LevelDB bindings (leveldown, classic-level) load from their shipped prebuilds.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetRecordsCommand, GetShardIteratorCommand, PutRecordCommand } from '@aws-sdk/client-kinesis';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { kinesisEngines, startEmulators } from '../../local/emulators';
import { eventAttributes as E } from '../../resources/declarations';

describe.each(kinesisEngines)('persistence on %s', (engine) => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'shardex-emulators-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  test('records and items survive a restart', async () => {
    const first = await startEmulators({ kinesis: engine, dataDir });
    let shardId: string | undefined;
    try {
      const put = await first.clients.kinesis.send(
        new PutRecordCommand({
          StreamName: first.names.streams.commands,
          PartitionKey: 'BTCUSDT',
          Data: Buffer.from('kept'),
        }),
      );
      shardId = put.ShardId;
      await first.clients.documents.send(
        new PutCommand({ TableName: first.names.tables.events, Item: { [E.stream]: 'BTCUSDT', [E.seq]: 1 } }),
      );
    } finally {
      await first.stop();
    }

    const second = await startEmulators({ kinesis: engine, dataDir });
    try {
      const { ShardIterator } = await second.clients.kinesis.send(
        new GetShardIteratorCommand({
          StreamName: second.names.streams.commands,
          ShardId: shardId,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      );
      const { Records } = await second.clients.kinesis.send(new GetRecordsCommand({ ShardIterator }));
      expect(Records?.map((r) => Buffer.from(r.Data ?? []).toString())).toEqual(['kept']);
      const { Item } = await second.clients.documents.send(
        new GetCommand({ TableName: second.names.tables.events, Key: { [E.stream]: 'BTCUSDT', [E.seq]: 1 } }),
      );
      expect(Item).toEqual({ [E.stream]: 'BTCUSDT', [E.seq]: 1 });
    } finally {
      await second.stop();
    }
  }, 30_000);
});
