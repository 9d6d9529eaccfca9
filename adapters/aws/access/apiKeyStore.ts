import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKey, ApiKeyStore, ApiKeySummary, Permission } from '../../../application/ports/apiKeyStore';
import type { Clock } from '../../../application/ports/clock';
import { written } from '../conditionalWrites';
import { queryByAccount } from '../queryPages';

/**
 * API keys in DynamoDB (table `apiKeys`, index byAccount). Lookups are cached briefly per process (a Lambda
 * container or the local gateway), so a revocation takes effect within `cacheMs` everywhere.
 */
export class DynamoApiKeyStore implements ApiKeyStore {
  private readonly cache = new Map<string, { key: ApiKey | undefined; until: number }>();

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly cacheMs = 10_000,
    private readonly clock: Clock = Date.now,
  ) {}

  async find(apiKey: string): Promise<ApiKey | undefined> {
    const cached = this.cache.get(apiKey);
    if (cached !== undefined && cached.until > this.clock()) return cached.key;
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.table, Key: { apiKey } }));
    const key = Item === undefined ? undefined : decode(Item);
    this.cache.set(apiKey, { key, until: this.clock() + this.cacheMs });
    return key;
  }

  async add(key: ApiKey): Promise<void> {
    await this.documents.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...key, permissions: new Set(key.permissions) },
        ConditionExpression: 'attribute_not_exists(apiKey)',
      }),
    );
  }

  async revoke(apiKey: string): Promise<boolean> {
    this.cache.delete(apiKey);
    return written(
      this.documents.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { apiKey },
          UpdateExpression: 'SET #status = :revoked',
          ConditionExpression: 'attribute_exists(apiKey)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':revoked': 'REVOKED' },
        }),
      ),
    );
  }

  async listForAccount(accountId: number): Promise<ApiKeySummary[]> {
    const items = await queryByAccount(this.documents, this.table, accountId);
    return items.map((item) => {
      const { secret: _secret, ...summary } = decode(item);
      return summary;
    });
  }
}

function decode(item: Record<string, unknown>): ApiKey {
  return {
    apiKey: item.apiKey as string,
    accountId: item.accountId as number,
    secret: item.secret as string,
    permissions: [...((item.permissions as Set<Permission> | undefined) ?? [])].sort(),
    status: item.status as ApiKey['status'],
    label: (item.label as string | undefined) ?? '',
    createdAt: item.createdAt as number,
  };
}
