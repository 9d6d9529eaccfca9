// Builds the CDK app in-process as bin/shardex.ts does (same route tables, cdk.json's feature flags, the same
// cdk-nag plugin), with Lambda bundling and CDK's built-in schema validation skipped: assertions are about the
// template, and the offline synth test runs the real `cdk synth` with both. Each test file synthesizes once and shares the template across its tests.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { restRoutes } from '../../lambdas/rest/app';
import { webSocketRouteKeys } from '../../lambdas/websocket/app';
import { addShardex } from '../../lib/app';
import type { ShardexRoutes, ShardexStack } from '../../lib/shardexStack';

export const REPO_ROOT = path.resolve(__dirname, '../..');

/** The context `cdk synth` gets from cdk.json (feature flags and any defaults committed there). */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(readFileSync(path.join(REPO_ROOT, 'cdk.json'), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return cdkJson.context ?? {};
}

export const ROUTES: ShardexRoutes = {
  rest: restRoutes.map(({ method, path }) => ({ method, path })),
  webSocket: webSocketRouteKeys,
};

/** CloudFormation properties: untyped JSON, read by tests that know the resource type. */
// biome-ignore lint/suspicious/noExplicitAny: template JSON has no static type; tests assert its shape
export type CfnProperties = Record<string, any>;

export interface Synthesized {
  readonly app: App;
  readonly stack: ShardexStack;
  readonly template: Template;
  /** Resources of one CloudFormation type, by logical id. */
  resources(type: string): Record<string, { Properties: CfnProperties; [key: string]: unknown }>;
}

export function synthesize(context: Record<string, unknown> = {}): Synthesized {
  const app = new App({
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context },
    // CDK's own CloudFormation schema validation loads for ~10 s per process; the offline synth test runs it.
    builtinCloudFormationValidation: false,
  });
  const stack = addShardex(app, ROUTES);
  const template = Template.fromStack(stack);
  return {
    app,
    stack,
    template,
    resources: (type) => template.findResources(type) as ReturnType<Synthesized['resources']>,
  };
}

/** Every context key set away from its default, as `cdk deploy -c key=value` passes them: as strings. */
export const VARIANT_CONTEXT: Record<string, string> = {
  prefix: 'shardex-test-',
  commandShards: '8',
  streamRetentionHours: '48',
  matcherCpu: '1024',
  matcherMemoryMiB: '4096',
  matcherDesiredCount: '3',
  matcherStopTimeoutSeconds: '120',
  matcherArchitecture: 'x86_64',
  natGateways: '1',
  logRetentionDays: '90',
  removalPolicy: 'retain',
  httpRateLimit: '50',
  httpBurstLimit: '100',
  wsRateLimit: '20',
  wsBurstLimit: '40',
  alarmEmail: 'ops@example.com',
  apiGatewayAccountRole: 'false',
  indexSymbols: 'BTCUSDT,ETHUSDT',
  riskDesiredCount: '3',
  riskAccountShards: '16',
  insuranceDrawdownAlarm: '5000',
};

let shared: Synthesized | undefined;
let variant: Synthesized | undefined;

/** The default configuration's app, synthesized once per test file. */
export function defaultApp(): Synthesized {
  shared ??= synthesize();
  return shared;
}

/** The app with every setting overridden (VARIANT_CONTEXT), synthesized once per test file. */
export function variantApp(): Synthesized {
  variant ??= synthesize(VARIANT_CONTEXT);
  return variant;
}

/** What cdk-nag's AwsSolutions pack finds in a construct tree, after acknowledgements. */
export function nagViolations(scope: IConstruct): { rule: string; paths: string[] }[] {
  const report = new AwsSolutionsChecks().validateScope(scope);
  return report.violations.map((v) => ({
    rule: v.ruleName,
    paths: v.violatingResources.map((r) => r.constructPath ?? ''),
  }));
}

/** Every acknowledged rule in a construct tree, with the construct path and the written reason. */
export function acknowledgements(scope: IConstruct): { path: string; id: string; reason: string }[] {
  const found: { path: string; id: string; reason: string }[] = [];
  const visit = (node: IConstruct) => {
    for (const entry of node.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [key, reason] of Object.entries(entry.data as Record<string, string>)) {
        found.push({ path: node.node.path, id: key.replace(/^annotation::/i, ''), reason });
      }
    }
    for (const child of node.node.children) visit(child);
  };
  visit(scope);
  return found;
}

/** The statements of the inline policies attached to a role (by logical id), as { actions, resources }. */
export function roleStatements(
  synthesized: Synthesized,
  roleId: string,
): { actions: string[]; resources: string[] }[] {
  return Object.values(synthesized.resources('AWS::IAM::Policy'))
    .filter((p) => (p.Properties.Roles as unknown[]).map(flatten).includes(`<${roleId}>`))
    .flatMap(
      (p) => p.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
    )
    .map((s) => ({ actions: [s.Action].flat().sort(), resources: [s.Resource].flat().map(flatten) }));
}

/** A CloudFormation value with its intrinsic functions turned into readable text (for matching ARNs). */
export function flatten(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(flatten).join('');
  if (value !== null && typeof value === 'object') {
    const [[fn, arg]] = Object.entries(value as Record<string, unknown>) as [[string, unknown]];
    if (fn === 'Ref') return `<${String(arg)}>`;
    if (fn === 'Fn::GetAtt') return `<${(arg as string[]).join('.')}>`;
    if (fn === 'Fn::Join') {
      const [separator, parts] = arg as [string, unknown[]];
      return parts.map(flatten).join(separator);
    }
    if (fn === 'Fn::Sub') return String(Array.isArray(arg) ? arg[0] : arg);
    return JSON.stringify(value);
  }
  return String(value);
}
