import * as path from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ShardexConfig } from './config';

/** The repository root: entry paths, the lockfile and the matcher's Docker build context are relative to it. */
export const REPO_ROOT = path.resolve(__dirname, '..');

export interface ShardexFunctionProps {
  /** The handler file, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly config: ShardexConfig;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  readonly environment?: Readonly<Record<string, string>>;
}

/**
 * One Lambda entry point of the repo, deployed the same way for all: NodejsFunction bundled by the local esbuild
 * (never Docker), Node 22 on arm64, its own log group with the configured retention, and its own role that may do
 * nothing but write that log group until a construct grants it table or stream access.
 */
export class ShardexFunction extends Construct implements iam.IGrantable {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  /** Grants go to the function's own role. */
  get grantPrincipal(): iam.IPrincipal {
    return this.role;
  }

  constructor(scope: Construct, id: string, props: ShardexFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.config.logRetentionDays as logs.RetentionDays,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    // A role of our own instead of the default one with the AWS-managed AWSLambdaBasicExecutionRole policy:
    // writing exactly one log group is all it starts with.
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.description} (${props.entry})`,
    });
    this.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      entry: path.join(REPO_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout: props.timeout ?? Duration.seconds(15),
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      projectRoot: REPO_ROOT,
      depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
      environment: {
        SHARDEX_PREFIX: props.config.prefix,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        // The local esbuild from node_modules: `cdk synth` needs neither Docker nor the network.
        forceDockerBundling: false,
        target: 'node22',
        format: nodejs.OutputFormat.CJS,
        minify: true,
        sourceMap: true,
        // The SDK version the tests and the local stack ran, not whichever the Lambda runtime ships.
        bundleAwsSDK: true,
      },
    });
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 on purpose: the matcher image (node:22) and the local stack run the same major version, so ' +
        'every runtime piece of the exchange behaves alike; moving to the newest runtime is one change for all.',
    });
  }
}
