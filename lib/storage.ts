import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  type AttributeType,
  type StreamId,
  streamName,
  streams,
  type TableDeclaration,
  type TableId,
  tableName,
  tables,
} from '../resources/declarations';
import type { ShardexConfig } from './config';

/**
 * The system of record: state no other table can rebuild. Kept when the stack is deleted (RETAIN) and protected
 * against deletion whatever the context says.
 * - events: the single source of truth; every read model is a projection of it.
 * - snapshots: a restore point of every engine; rebuilding them means replaying a symbol from its first event.
 * - accounts: money. Deposits and withdrawals exist nowhere else, and a balance cannot be recomputed from
 *   trades alone; losing the table loses customers' funds.
 * - apiKeys: every client's credentials; losing them locks every trading bot out until keys are re-issued.
 */
export const SYSTEM_OF_RECORD: readonly TableId[] = [
  'events',
  'snapshots',
  'accounts',
  'apiKeys',
  'operatorActions',
];

/** Tables holding secrets (HMAC signing secrets): encrypted with a customer-managed key, readable by few. */
export const SECRET_TABLES: readonly TableId[] = ['apiKeys'];

/** The projections of the events table (section 7 of the architecture): written by the projector only. */
export const READ_MODELS = [
  'symbols',
  'orders',
  'userTrades',
  'marketTrades',
  'aggTrades',
  'depth',
  'klines',
  'tickers',
  'priceKlines',
  'fundingRates',
] as const satisfies readonly TableId[];

export type TableAccess = 'read' | 'readWrite';

/** Item-level DynamoDB actions, spelled out: no `dynamodb:*`, no wildcard suffix. */
export const DYNAMODB_READ = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
];
export const DYNAMODB_WRITE = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
];

const KEY_TYPES: Record<AttributeType, dynamodb.AttributeType> = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY,
};

const STREAM_VIEWS: Record<NonNullable<TableDeclaration['stream']>, dynamodb.StreamViewType> = {
  NEW_IMAGE: dynamodb.StreamViewType.NEW_IMAGE,
  OLD_IMAGE: dynamodb.StreamViewType.OLD_IMAGE,
  NEW_AND_OLD_IMAGES: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
  KEYS_ONLY: dynamodb.StreamViewType.KEYS_ONLY,
};

/**
 * Every table and stream of resources/declarations.ts, created by iterating its declarations (keys, indexes, TTL and
 * stream views are never restated here), with the settings the environment needs: on-demand capacity,
 * point-in-time recovery, KMS encryption (AWS-managed keys; a customer-managed key for secrets), RETAIN and
 * deletion protection for the system of record. Includes the event store (`events` with its NEW_IMAGE stream,
 * `snapshots`) and the `commands` Kinesis stream. Access is granted per table with `grant`, never with wildcards.
 */
export class Storage extends Construct {
  readonly tables: Readonly<Record<TableId, dynamodb.Table>>;
  readonly streams: Readonly<Record<StreamId, kinesis.Stream>>;
  /** Encrypts the tables in SECRET_TABLES. Operators who create API keys need kms:Encrypt/Decrypt on it. */
  readonly secretsKey: kms.Key;

  constructor(scope: Construct, id: string, config: ShardexConfig) {
    super(scope, id);
    this.secretsKey = new kms.Key(this, 'SecretsKey', {
      description: `shardex ${config.prefix}: encrypts the API key table (HMAC secrets)`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.secretsKey.addAlias(`alias/${config.prefix}secrets`);

    const removal = config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const created = {} as Record<TableId, dynamodb.Table>;
    for (const [tableId, declaration] of Object.entries(tables) as [TableId, TableDeclaration][]) {
      const record = SYSTEM_OF_RECORD.includes(tableId);
      const secret = SECRET_TABLES.includes(tableId);
      const key = declaration.key;
      const table = new dynamodb.Table(this, `Table-${tableId}`, {
        tableName: tableName(tableId, config.prefix),
        partitionKey: { name: key.partition.name, type: KEY_TYPES[key.partition.type] },
        ...(key.sort ? { sortKey: { name: key.sort.name, type: KEY_TYPES[key.sort.type] } } : {}),
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: record,
        removalPolicy: record ? RemovalPolicy.RETAIN : removal,
        ...(secret
          ? { encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: this.secretsKey }
          : { encryption: dynamodb.TableEncryption.AWS_MANAGED }),
        ...(declaration.ttl ? { timeToLiveAttribute: declaration.ttl } : {}),
        ...(declaration.stream ? { stream: STREAM_VIEWS[declaration.stream] } : {}),
      });
      for (const [indexName, index] of Object.entries(declaration.indexes ?? {})) {
        table.addGlobalSecondaryIndex({
          indexName,
          partitionKey: { name: index.key.partition.name, type: KEY_TYPES[index.key.partition.type] },
          ...(index.key.sort
            ? { sortKey: { name: index.key.sort.name, type: KEY_TYPES[index.key.sort.type] } }
            : {}),
          projectionType:
            index.projection === 'KEYS_ONLY'
              ? dynamodb.ProjectionType.KEYS_ONLY
              : dynamodb.ProjectionType.ALL,
        });
      }
      created[tableId] = table;
    }
    this.tables = created;

    const createdStreams = {} as Record<StreamId, kinesis.Stream>;
    for (const [streamId, declaration] of Object.entries(streams) as [StreamId, { shards: number }][]) {
      createdStreams[streamId] = new kinesis.Stream(this, `Stream-${streamId}`, {
        streamName: streamName(streamId, config.prefix),
        streamMode: kinesis.StreamMode.PROVISIONED,
        shardCount: streamId === 'commands' ? config.commandShards : declaration.shards,
        retentionPeriod: Duration.hours(config.streamRetentionHours),
        // The AWS-managed key (aws/kinesis): encrypted at rest, and producers and consumers need no KMS grants.
        encryption: kinesis.StreamEncryption.MANAGED,
        removalPolicy: removal,
      });
    }
    this.streams = createdStreams;
  }

  /**
   * Lets a principal read (or read and write) items of some tables: one statement naming each table and each of
   * its declared indexes (no `index/*`), plus decrypt (and encrypt) on the secrets key for secret tables, only
   * through DynamoDB.
   */
  grant(grantee: iam.IGrantable, access: TableAccess, ...ids: TableId[]): void {
    if (ids.length === 0) return;
    const principal = grantee.grantPrincipal;
    principal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: access === 'read' ? DYNAMODB_READ : [...DYNAMODB_READ, ...DYNAMODB_WRITE],
        resources: ids.flatMap((id) => this.tableArns(id)),
      }),
    );
    const secret = ids.filter((id) => SECRET_TABLES.includes(id));
    if (secret.length > 0) {
      principal.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions:
            access === 'read'
              ? ['kms:Decrypt', 'kms:DescribeKey']
              : [
                  'kms:Decrypt',
                  'kms:DescribeKey',
                  'kms:Encrypt',
                  'kms:GenerateDataKey',
                  'kms:ReEncryptFrom',
                  'kms:ReEncryptTo',
                ],
          resources: [this.secretsKey.keyArn],
          conditions: {
            StringEquals: { 'kms:ViaService': `dynamodb.${this.secretsKey.stack.region}.amazonaws.com` },
          },
        }),
      );
    }
  }

  /** A table's ARN and the ARN of each of its declared indexes. */
  tableArns(id: TableId): string[] {
    const table = this.tables[id];
    const declaration: TableDeclaration = tables[id];
    return [
      table.tableArn,
      ...Object.keys(declaration.indexes ?? {}).map((n) => `${table.tableArn}/index/${n}`),
    ];
  }

  /**
   * Lets a principal put records on a stream (and nothing else): PutRecords, the one call the command bus makes
   * (adapters/aws/commands/commandBus.ts).
   */
  grantPut(grantee: iam.IGrantable, id: StreamId): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['kinesis:PutRecords'],
        resources: [this.streams[id].streamArn],
      }),
    );
  }
}
