// The tables and the stream are resources/declarations.ts's declarations, created with the settings the environment
// needs: on-demand, point-in-time recovery, KMS encryption, RETAIN and deletion protection for the system of record.

import { Match } from 'aws-cdk-lib/assertions';
import { SECRET_TABLES, SYSTEM_OF_RECORD } from '../../lib/storage';
import {
  DEFAULT_PREFIX,
  streams,
  type TableDeclaration,
  type TableId,
  tableName,
  tables,
} from '../../resources/declarations';
import { defaultApp, VARIANT_CONTEXT, variantApp } from './synth';

const declared = Object.entries(tables) as [TableId, TableDeclaration][];

function tableResource(id: TableId, synth = defaultApp(), prefix = DEFAULT_PREFIX) {
  const found = Object.entries(synth.resources('AWS::DynamoDB::Table')).filter(
    ([, r]) => r.Properties.TableName === tableName(id, prefix),
  );
  expect(found).toHaveLength(1);
  const [logicalId, resource] = found[0]!;
  return { logicalId, resource, properties: resource.Properties };
}

describe('tables from resources/declarations.ts', () => {
  test('exactly the declared tables exist', () => {
    const names = Object.values(defaultApp().resources('AWS::DynamoDB::Table')).map(
      (r) => r.Properties.TableName,
    );
    expect(names.sort()).toEqual(declared.map(([id]) => tableName(id, DEFAULT_PREFIX)).sort());
  });

  test.each(declared)('%s has the declared keys, indexes, TTL and stream', (id, declaration) => {
    const { properties } = tableResource(id);
    const keySchema = (key: TableDeclaration['key']) => [
      { AttributeName: key.partition.name, KeyType: 'HASH' },
      ...(key.sort ? [{ AttributeName: key.sort.name, KeyType: 'RANGE' }] : []),
    ];
    expect(properties.KeySchema).toEqual(keySchema(declaration.key));
    const indexes = Object.entries(declaration.indexes ?? {});
    expect((properties.GlobalSecondaryIndexes ?? []).length).toBe(indexes.length);
    for (const [indexName, index] of indexes) {
      expect(properties.GlobalSecondaryIndexes).toContainEqual({
        IndexName: indexName,
        KeySchema: keySchema(index.key),
        Projection: { ProjectionType: index.projection ?? 'ALL' },
      });
    }
    const keyAttributes = [declaration.key, ...indexes.map(([, i]) => i.key)].flatMap((k) => [
      k.partition,
      ...(k.sort ? [k.sort] : []),
    ]);
    for (const attribute of keyAttributes) {
      expect(properties.AttributeDefinitions).toContainEqual({
        AttributeName: attribute.name,
        AttributeType: attribute.type,
      });
    }
    if (declaration.ttl) {
      expect(properties.TimeToLiveSpecification).toEqual({ AttributeName: declaration.ttl, Enabled: true });
    } else {
      expect(properties.TimeToLiveSpecification).toBeUndefined();
    }
    if (declaration.stream) {
      expect(properties.StreamSpecification).toEqual({ StreamViewType: declaration.stream });
    } else {
      expect(properties.StreamSpecification).toBeUndefined();
    }
  });

  test('events streams NEW_IMAGE', () => {
    expect(tableResource('events').properties.StreamSpecification).toEqual({ StreamViewType: 'NEW_IMAGE' });
  });

  test.each(declared)('%s is on-demand with point-in-time recovery and KMS encryption', (id) => {
    const { properties } = tableResource(id);
    expect(properties.BillingMode).toBe('PAY_PER_REQUEST');
    expect(properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    // SSEEnabled without a key id is the AWS-managed key (aws/dynamodb); SSEType is KMS either way.
    expect(properties.SSESpecification).toMatchObject({ SSEEnabled: true });
    expect(properties.SSESpecification.SSEType ?? 'KMS').toBe('KMS');
  });

  test('the system of record is retained and protected; everything else follows the removalPolicy context', () => {
    expect([...SYSTEM_OF_RECORD].sort()).toEqual([
      'accounts',
      'apiKeys',
      'events',
      'operatorActions',
      'snapshots',
    ]);
    for (const [id] of declared) {
      const { resource, properties } = tableResource(id);
      const record = SYSTEM_OF_RECORD.includes(id);
      expect(properties.DeletionProtectionEnabled).toBe(record);
      expect(resource.DeletionPolicy).toBe(record ? 'Retain' : 'Delete');
      expect(resource.UpdateReplacePolicy).toBe(record ? 'Retain' : 'Delete');
    }
    const retained = variantApp();
    for (const [id] of declared) {
      expect(tableResource(id, retained, VARIANT_CONTEXT.prefix).resource.DeletionPolicy).toBe('Retain');
    }
  });

  test('the API key table (HMAC secrets) is encrypted with a customer-managed key that rotates', () => {
    expect(SECRET_TABLES).toEqual(['apiKeys']);
    const synth = defaultApp();
    const keys = synth.resources('AWS::KMS::Key');
    expect(Object.keys(keys)).toHaveLength(1);
    const [keyId, key] = Object.entries(keys)[0]!;
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    expect(tableResource('apiKeys').properties.SSESpecification).toEqual({
      SSEEnabled: true,
      SSEType: 'KMS',
      KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    for (const [id] of declared.filter(([id]) => !SECRET_TABLES.includes(id))) {
      // The AWS-managed key (aws/dynamodb): no key id in the template.
      expect(tableResource(id).properties.SSESpecification).toEqual({ SSEEnabled: true });
    }
  });

  test('physical names come from the prefix', () => {
    const synth = variantApp();
    const names = Object.values(synth.resources('AWS::DynamoDB::Table')).map((r) => r.Properties.TableName);
    expect(names).toContain('shardex-test-events');
    synth.template.hasResourceProperties('AWS::Kinesis::Stream', { Name: 'shardex-test-commands' });
    expect(synth.stack.stackName).toBe('shardex-test');
  });
});

describe('the commands stream', () => {
  test('provisioned shards, KMS encryption, at least 24 h retention', () => {
    defaultApp().template.resourceCountIs('AWS::Kinesis::Stream', Object.keys(streams).length);
    defaultApp().template.hasResourceProperties('AWS::Kinesis::Stream', {
      Name: 'shardex-commands',
      ShardCount: streams.commands.shards,
      StreamModeDetails: { StreamMode: 'PROVISIONED' },
      StreamEncryption: { EncryptionType: 'KMS', KeyId: 'alias/aws/kinesis' },
      RetentionPeriodHours: Match.anyValue(),
    });
    const [stream] = Object.values(defaultApp().resources('AWS::Kinesis::Stream'));
    expect(stream!.Properties.RetentionPeriodHours).toBeGreaterThanOrEqual(24);
  });

  test('shard count and retention come from context', () => {
    const synth = variantApp();
    synth.template.hasResourceProperties('AWS::Kinesis::Stream', { ShardCount: 8, RetentionPeriodHours: 48 });
  });
});
