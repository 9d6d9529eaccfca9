// Least privilege, checked on the synthesized template: no wildcard actions anywhere, resources named (the few
// inherent wildcards are listed and explained), and each principal can touch only what its code uses.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { TableId } from '../../resources/declarations';
import { defaultApp, flatten, REPO_ROOT } from './synth';

const app = defaultApp();
const { stack } = app;
const logicalId = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);

interface Statement {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

/** Every Allow statement of every identity policy (inline policies and roles' embedded policies). */
function identityStatements(): { owner: string; statement: Statement }[] {
  const found: { owner: string; statement: Statement }[] = [];
  for (const policy of Object.values(app.resources('AWS::IAM::Policy'))) {
    const document = policy.Properties.PolicyDocument as { Statement: Statement[] };
    for (const roleRef of policy.Properties.Roles as unknown[]) {
      for (const statement of document.Statement) found.push({ owner: flatten(roleRef), statement });
    }
  }
  for (const [id, role] of Object.entries(app.resources('AWS::IAM::Role'))) {
    for (const policy of (role.Properties.Policies ?? []) as {
      PolicyDocument: { Statement: Statement[] };
    }[]) {
      for (const statement of policy.PolicyDocument.Statement) found.push({ owner: `<${id}>`, statement });
    }
  }
  return found;
}

const statements = identityStatements();
const actionsOf = (s: Statement) => [s.Action].flat();
const resourcesOf = (s: Statement) => [s.Resource].flat().map(flatten);

/**
 * CDK's own providers are AWS code, their grants CDK's: the VPC default-security-group provider (the
 * restrictDefaultSecurityGroup feature flag) and BucketDeployment's handler, which copies the trading page into
 * its bucket (its grants are acknowledged to cdk-nag one by one in lib/tradingPage.ts).
 */
const CDK_PROVIDER = /^<Custom(VpcRestrictDefaultSG|CDKBucketDeployment)/;

test('no statement allows "*" or a wildcard action', () => {
  expect(statements.length).toBeGreaterThan(20);
  for (const { owner, statement } of statements) {
    if (CDK_PROVIDER.test(owner)) continue;
    for (const action of actionsOf(statement)) {
      expect({ owner, action, wildcard: action.includes('*') }).toEqual({ owner, action, wildcard: false });
    }
  }
});

test('every statement names its resources; the only exceptions are the inherent ones', () => {
  const allowed = [
    // ECS image pulls: ecr:GetAuthorizationToken has no resource type.
    { action: 'ecr:GetAuthorizationToken', resource: /^\*$/ },
    // Lambda stream consumers: dynamodb:ListStreams on the events table's streams.
    { action: 'dynamodb:ListStreams', resource: /^<StorageTableevents[0-9A-F]+\.Arn>\/stream\/\*$/ },
    // Connections are created at run time: post to / close connections of the WebSocket stage.
    { action: 'execute-api:ManageConnections', resource: /\/ws\/(POST|DELETE)\/@connections\/\*$/ },
    // The funding schedule invokes its Lambda, by any qualifier (versions, aliases) of that one function.
    { action: 'lambda:InvokeFunction', resource: /^<FundingSettleFunction[0-9A-F]+\.Arn>:\*$/ },
  ];
  for (const { owner, statement } of statements) {
    for (const resource of resourcesOf(statement)) {
      if (!resource.includes('*')) continue;
      if (CDK_PROVIDER.test(owner)) continue;
      const ok = allowed.some(
        (a) => actionsOf(statement).every((x) => x === a.action) && a.resource.test(resource),
      );
      expect({ owner, actions: actionsOf(statement), resource, ok }).toEqual({
        owner,
        actions: actionsOf(statement),
        resource,
        ok: true,
      });
    }
  }
});

test('only three roles use AWS-managed policies: the API Gateway account logging role and the CDK providers', () => {
  const managed = Object.entries(app.resources('AWS::IAM::Role'))
    .filter(([, r]) => r.Properties.ManagedPolicyArns !== undefined)
    .map(([id, r]) => [
      id.replace(/[0-9A-F]{8}$/, ''),
      (r.Properties.ManagedPolicyArns as unknown[]).map(flatten),
    ]);
  expect(managed.sort()).toEqual([
    [
      'ApiGatewayLogging',
      ['arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'],
    ],
    [
      'CustomCDKBucketDeployment8693BB64968944B69AAFB0CC9EB8756C256MiBServiceRole',
      ['arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
    ],
    [
      'CustomVpcRestrictDefaultSGCustomResourceProviderRole',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an Fn::Sub template, as CDK writes it
      ['arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
    ],
  ]);
});

test('the event store is append-only: no principal may delete an events item', () => {
  const events = `<${logicalId(stack.storage.tables.events)}.Arn>`;
  for (const { owner, statement } of statements) {
    if (!resourcesOf(statement).includes(events)) continue;
    for (const action of ['dynamodb:DeleteItem', 'dynamodb:BatchWriteItem']) {
      expect({ owner, action, granted: actionsOf(statement).includes(action) }).toEqual({
        owner,
        action,
        granted: false,
      });
    }
  }
});

test('the matcher task role reads its stream and uses its three tables, nothing else', () => {
  const t = stack.storage.tables;
  expect(
    matcherStatements().map((s) => ({ actions: actionsOf(s).sort(), resources: resourcesOf(s) })),
  ).toEqual([
    {
      actions: ['kinesis:GetRecords', 'kinesis:GetShardIterator', 'kinesis:ListShards'],
      resources: [`<${logicalId(stack.storage.streams.commands)}.Arn>`],
    },
    {
      actions: ['dynamodb:PutItem', 'dynamodb:Scan', 'dynamodb:UpdateItem'],
      resources: [`<${logicalId(t.leases)}.Arn>`],
    },
    {
      actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:Query', 'dynamodb:UpdateItem'],
      resources: [`<${logicalId(t.events)}.Arn>`],
    },
    {
      actions: ['dynamodb:DeleteItem', 'dynamodb:PutItem', 'dynamodb:Query'],
      resources: [`<${logicalId(t.snapshots)}.Arn>`],
    },
  ]);
});

test('every AWS SDK command in the matcher code is granted to its task role', () => {
  // The SDK command classes the matcher's sources send, as IAM actions: a call added to the code without a grant
  // fails here instead of with AccessDenied on AWS.
  const sources = [
    ...readdirSync(path.join(REPO_ROOT, 'matching-fargate')).map((f) => path.join('matching-fargate', f)),
    ...readdirSync(path.join(REPO_ROOT, 'adapters/aws/eventStore')).map((f) =>
      path.join('adapters/aws/eventStore', f),
    ),
  ].filter((f) => f.endsWith('.ts'));
  const used = new Set<string>();
  for (const file of sources) {
    const text = readFileSync(path.join(REPO_ROOT, file), 'utf8');
    for (const [, name] of text.matchAll(/new (\w+)Command\(/g)) used.add(iamAction(name!));
  }
  expect(used.size).toBeGreaterThan(5);
  const granted = new Set(matcherStatements().flatMap(actionsOf));
  expect([...used].filter((action) => !granted.has(action))).toEqual([]);
});

test.each([
  ['lambdas/rest/handler.ts', () => stack.ingress.handler],
  ['lambdas/projector/handler.ts', () => stack.readSide.projector],
  ['lambdas/websocket/handler.ts', () => stack.webSocket.handler],
  ['lambdas/fanout/handler.ts', () => stack.webSocket.fanout],
])('every table %s names is granted to its role', (entry, fn) => {
  // The tables a handler's code names (`t.orders`, `tables.connections`, …) in the files it imports, outside lib/ and the declarations:
  // a route or read model added without a grant fails here instead of with AccessDenied on AWS.
  const ids = Object.keys(stack.storage.tables) as TableId[];
  const named = new Set<TableId>();
  const pattern = new RegExp(`\\b(?:t|tables)\\.(${ids.join('|')})\\b`, 'g');
  for (const text of importedSources(entry))
    for (const [, id] of text.matchAll(pattern)) named.add(id as TableId);
  expect(named.size).toBeGreaterThan(1);
  const role = `<${logicalId(fn().role)}>`;
  const granted = new Set(
    statements
      .filter((s) => s.owner === role && actionsOf(s.statement).includes('dynamodb:GetItem'))
      .flatMap((s) => resourcesOf(s.statement)),
  );
  expect([...named].filter((id) => !granted.has(`<${logicalId(stack.storage.tables[id])}.Arn>`))).toEqual([]);
});

test('only the ingress and ws Lambdas may decrypt API keys, only through DynamoDB, and none may write them', () => {
  const key = `<${logicalId(stack.storage.secretsKey)}.Arn>`;
  const users = statements.filter((s) => resourcesOf(s.statement).includes(key));
  expect(users.map((u) => u.owner).sort()).toEqual(
    [`<${logicalId(stack.ingress.handler.role)}>`, `<${logicalId(stack.webSocket.handler.role)}>`].sort(),
  );
  for (const { statement } of users) {
    expect(actionsOf(statement).sort()).toEqual(['kms:Decrypt', 'kms:DescribeKey']);
    expect(flatten(statement.Condition?.StringEquals?.['kms:ViaService'])).toBe(
      'dynamodb.<AWS::Region>.amazonaws.com',
    );
  }
  const apiKeys = `<${logicalId(stack.storage.tables.apiKeys)}.Arn>`;
  for (const { statement } of statements.filter((s) => resourcesOf(s.statement).includes(apiKeys))) {
    expect(actionsOf(statement)).not.toContain('dynamodb:PutItem');
  }
});

test('only the ingress and ws Lambdas, the index feed, the funding schedule and the risk service may put commands', () => {
  const stream = `<${logicalId(stack.storage.streams.commands)}.Arn>`;
  const writers = statements
    .filter(
      (s) =>
        resourcesOf(s.statement).includes(stream) && actionsOf(s.statement).includes('kinesis:PutRecords'),
    )
    .map((s) => s.owner);
  expect(writers.sort()).toEqual(
    [
      `<${logicalId(stack.ingress.handler.role)}>`,
      `<${logicalId(stack.webSocket.handler.role)}>`,
      `<${logicalId(stack.indexFeed.taskDefinition.taskRole)}>`,
      `<${logicalId(stack.funding.function.role)}>`,
      `<${logicalId(stack.risk.taskDefinition.taskRole)}>`,
    ].sort(),
  );
});

test('read models are written by the projector only (the fan-out and ingress read them)', () => {
  const orders = `<${logicalId(stack.storage.tables.orders)}.Arn>`;
  const writers = statements
    .filter(
      (s) => resourcesOf(s.statement).includes(orders) && actionsOf(s.statement).includes('dynamodb:PutItem'),
    )
    .map((s) => s.owner);
  expect(writers).toEqual([`<${logicalId(stack.readSide.projector.role)}>`]);
});

test('the fan-out writes only connections, subscriptions and the listener change log', () => {
  const fanout = `<${logicalId(stack.webSocket.fanout.role)}>`;
  const t = stack.storage.tables;
  const written = statements
    .filter((s) => s.owner === fanout && actionsOf(s.statement).includes('dynamodb:PutItem'))
    .flatMap((s) => resourcesOf(s.statement))
    .filter((r) => !r.includes('/index/'));
  expect(written.sort()).toEqual(
    [
      `<${logicalId(t.connections)}.Arn>`,
      `<${logicalId(t.subscriptions)}.Arn>`,
      `<${logicalId(t.listenerChanges)}.Arn>`,
    ].sort(),
  );
});

test('grants name indexes one by one (no index/*)', () => {
  const orders = logicalId(stack.storage.tables.orders);
  const projector = statements.find(
    (s) =>
      s.owner === `<${logicalId(stack.readSide.projector.role)}>` &&
      resourcesOf(s.statement).includes(`<${orders}.Arn>`),
  )!;
  expect(resourcesOf(projector.statement)).toEqual(
    expect.arrayContaining([`<${orders}.Arn>/index/open`, `<${orders}.Arn>/index/byClientOrderId`]),
  );
});

/** The matcher task role's statements. */
function matcherStatements(): Statement[] {
  const role = `<${stack.getLogicalId(stack.matcher.taskDefinition.taskRole.node.defaultChild as never)}>`;
  return statements.filter((s) => s.owner === role).map((s) => s.statement);
}

/** The IAM action of an AWS SDK v3 command class name (DocumentClient names included). */
function iamAction(command: string): string {
  const kinesis = [
    'GetRecords',
    'GetShardIterator',
    'ListShards',
    'PutRecord',
    'PutRecords',
    'DescribeStreamSummary',
  ];
  if (kinesis.includes(command)) return `kinesis:${command}`;
  const document: Record<string, string> = {
    Get: 'GetItem',
    Put: 'PutItem',
    Update: 'UpdateItem',
    Delete: 'DeleteItem',
    BatchGet: 'BatchGetItem',
    BatchWrite: 'BatchWriteItem',
    TransactGet: 'TransactGetItems',
    TransactWrite: 'TransactWriteItems',
  };
  return `dynamodb:${document[command] ?? command}`;
}

/** The text of a source file and of every repository file it imports, transitively (lib/ excluded). */
const DECLARATIONS = path.join('resources', 'declarations.ts');

function importedSources(entry: string): string[] {
  const seen = new Map<string, string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    const text = readFileSync(file, 'utf8');
    seen.set(file, text);
    for (const [, spec] of text.matchAll(/(?:from|import)\s+'(\.{1,2}\/[^']+)'/g)) {
      const base = path.resolve(path.dirname(file), spec!);
      const resolved = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => existsSync(f));
      const relative = path.relative(REPO_ROOT, resolved ?? '');
      // The declarations name every table by definition; lib/ is the infrastructure itself.
      if (resolved && !relative.startsWith('lib') && relative !== DECLARATIONS) visit(resolved);
    }
  };
  visit(path.join(REPO_ROOT, entry));
  return [...seen.values()];
}
