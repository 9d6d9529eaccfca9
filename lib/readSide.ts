import { Duration } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import type { ShardexConfig } from './config';
import { ShardexFunction } from './shardexFunction';
import { READ_MODELS, type Storage } from './storage';
import { StreamConsumer } from './streamConsumer';

/** The projector's entry point (it exports `handler`). */
export const PROJECTOR_ENTRY = 'lambdas/projector/handler.ts';

export interface ReadSideProps {
  readonly config: ShardexConfig;
  readonly storage: Storage;
}

/**
 * The read side: the projector, stream consumer #1 of the events table, keeps every read model and settles fills
 * into accounts. It must miss nothing: it starts at the oldest record (TRIM_HORIZON), a record that keeps failing
 * is retried 10 times with the batch halved each time, and records stay eligible for the stream's whole 24 h
 * (maxRecordAge = retention: a backlog alone never diverts a record). What still fails goes to the DLQ; since the
 * projector refuses gaps, that symbol's projection then stops until an operator replays it from the events table.
 */
export class ReadSide extends Construct {
  readonly projector: ShardexFunction;
  readonly consumer: StreamConsumer;

  constructor(scope: Construct, id: string, props: ReadSideProps) {
    super(scope, id);
    const { config, storage } = props;
    this.projector = new ShardexFunction(this, 'Projector', {
      entry: PROJECTOR_ENTRY,
      description: 'shardex projector: events stream to every read model and account settlement',
      config,
      memorySize: 1024,
      timeout: Duration.seconds(60),
    });
    storage.grant(this.projector, 'readWrite', ...READ_MODELS, 'accounts', 'consumerCheckpoints');
    this.consumer = new StreamConsumer(this, 'EventsStream', {
      table: storage.tables.events,
      consumer: this.projector,
      startingPosition: lambda.StartingPosition.TRIM_HORIZON,
      batchSize: 100,
      retryAttempts: 10,
      maxRecordAge: Duration.hours(24),
    });
  }
}
