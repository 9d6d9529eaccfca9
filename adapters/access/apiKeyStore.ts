import { randomBytes } from 'node:crypto';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

export type Permission = 'READ' | 'TRADE';

export interface ApiKey {
  readonly apiKey: string;
  readonly accountId: number;
  readonly secret: string;
  readonly permissions: readonly Permission[];
  readonly status: 'ACTIVE' | 'REVOKED';
  readonly label: string;
  readonly createdAt: number;
}

/** What may be shown about a key after its creation: everything but the secret. */
export type ApiKeySummary = Omit<ApiKey, 'secret'>;

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 64 characters from a CSPRNG, like Binance's keys and secrets (≈ 381 bits). */
function randomToken(length = 64): string {
  const bytes = randomBytes(length * 2);
  let token = '';
  for (let i = 0; token.length < length; i++) {
    const byte = bytes[i]!;
    if (byte < 248) token += ALPHANUMERIC[byte % 62]; // 248 = 4 × 62: no modulo bias
  }
  return token;
}

/**
 * API keys in DynamoDB. Lookups are cached briefly per process (a Lambda container or the local gateway), so a
 * revocation takes effect within `cacheMs` everywhere.
 */
export class ApiKeyStore {
  private readonly cache = new Map<string, { key: ApiKey | undefined; until: number }>();

  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly cacheMs = 10_000,
    private readonly clock: () => number = Date.now,
  ) {}

  async find(apiKey: string): Promise<ApiKey | undefined> {
    const cached = this.cache.get(apiKey);
    if (cached !== undefined && cached.until > this.clock()) return cached.key;
    const { Item } = await this.documents.send(new GetCommand({ TableName: this.table, Key: { apiKey } }));
    const key = Item === undefined ? undefined : decode(Item);
    this.cache.set(apiKey, { key, until: this.clock() + this.cacheMs });
    return key;
  }

  /** Creates a key for an account. The secret is in the result and nowhere else readable afterwards. */
  async create(accountId: number, permissions: readonly Permission[], label: string): Promise<ApiKey> {
    const key: ApiKey = {
      apiKey: randomToken(),
      accountId,
      secret: randomToken(),
      permissions: [...permissions].sort(),
      status: 'ACTIVE',
      label,
      createdAt: this.clock(),
    };
    await this.documents.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...key, permissions: new Set(key.permissions) },
        ConditionExpression: 'attribute_not_exists(apiKey)',
      }),
    );
    return key;
  }

  async revoke(apiKey: string): Promise<boolean> {
    try {
      await this.documents.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { apiKey },
          UpdateExpression: 'SET #status = :revoked',
          ConditionExpression: 'attribute_exists(apiKey)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':revoked': 'REVOKED' },
        }),
      );
      this.cache.delete(apiKey);
      return true;
    } catch (error) {
      if ((error as Error).name === 'ConditionalCheckFailedException') return false;
      throw error;
    }
  }

  async listForAccount(accountId: number): Promise<ApiKeySummary[]> {
    const { Items } = await this.documents.send(
      new QueryCommand({
        TableName: this.table,
        IndexName: 'byAccount',
        KeyConditionExpression: 'accountId = :account',
        ExpressionAttributeValues: { ':account': accountId },
      }),
    );
    return (Items ?? []).map((item) => {
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
