import { Duration, Validations } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sources from 'aws-cdk-lib/aws-lambda-event-sources';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ShardexFunction } from './shardexFunction';

export interface StreamConsumerProps {
  /** A table with a DynamoDB stream (the events table). */
  readonly table: dynamodb.Table;
  readonly consumer: ShardexFunction;
  /** Where a new consumer starts: TRIM_HORIZON to miss nothing, LATEST for live-only consumers. */
  readonly startingPosition: lambda.StartingPosition;
  readonly batchSize: number;
  /** Attempts after the first, with the batch halved on each error, before the records go to the DLQ. */
  readonly retryAttempts: number;
  /** Records older than this go to the DLQ unprocessed (60 s … 7 days; the stream keeps 24 h). */
  readonly maxRecordAge: Duration;
}

/**
 * One reader of a DynamoDB stream (a stream shard serves at most two: the projector and the fan-out). Failures
 * are bounded: the handler reports the first failed record (ReportBatchItemFailures), Lambda halves the batch on
 * error to isolate a poison record, retries a bounded number of times within a bounded record age, then sends
 * the batch's coordinates (shard, sequence range — not the data) to an encrypted SQS dead-letter queue.
 */
export class StreamConsumer extends Construct {
  readonly deadLetterQueue: sqs.Queue;
  readonly mapping: lambda.EventSourceMapping;

  constructor(scope: Construct, id: string, props: StreamConsumerProps) {
    super(scope, id);
    const streamArn = props.table.tableStreamArn;
    if (streamArn === undefined) throw new Error(`${props.table.node.path} has no stream to consume`);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      // SQS-managed encryption: the messages are batch coordinates, the events stay in the events table.
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is itself the dead-letter destination of an event source mapping (its on-failure ' +
        'destination). Its messages point at stream records (and the events table keeps the events ' +
        'themselves); an operator inspects and replays them, so a further DLQ would only copy them.',
    });

    // What Lambda's pollers need to read the stream, on this stream only (instead of the event source helper's
    // dynamodb:ListStreams on "*"). ListStreams is scoped as DynamoDB documents it, to the table's streams.
    const role = props.consumer.role;
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator'],
        resources: [streamArn],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['dynamodb:ListStreams'],
        resources: [`${props.table.tableArn}/stream/*`],
      }),
    );
    const tableId = props.table.stack.getLogicalId(props.table.node.defaultChild as dynamodb.CfnTable);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${tableId}.Arn>/stream/*]`,
      reason:
        'dynamodb:ListStreams, which Lambda requires of a stream consumer, is granted on the streams of this ' +
        'one table (the scoping DynamoDB documents); every read action is on the exact stream ARN.',
    });

    this.mapping = new lambda.EventSourceMapping(this, 'Mapping', {
      target: props.consumer.function,
      eventSourceArn: streamArn,
      startingPosition: props.startingPosition,
      batchSize: props.batchSize,
      bisectBatchOnError: true,
      retryAttempts: props.retryAttempts,
      maxRecordAge: props.maxRecordAge,
      reportBatchItemFailures: true,
      parallelizationFactor: 1,
      onFailure: new sources.SqsDlq(this.deadLetterQueue),
    });
    // Lambda checks the role's stream permissions when the mapping is created.
    this.mapping.node.addDependency(role);
  }
}
