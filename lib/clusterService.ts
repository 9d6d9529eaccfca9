import { Duration, RemovalPolicy, type Size, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import type { ShardexConfig } from './config';
import { REPO_ROOT } from './shardexFunction';

/** A service of its own image in the shardex cluster and its VPC (the matcher, the index feed, the risk service). */
export interface ClusterServiceProps {
  readonly config: ShardexConfig;
  readonly cluster: ecs.Cluster;
  /** The container's name. */
  readonly name: string;
  readonly logStreamPrefix: string;
  readonly dockerfile: string;
  /** What the Dockerfile copies: the image (and task definition) changes only when these do. */
  readonly buildInputs: readonly string[];
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly desiredCount: number;
  /** Configuration only, never a secret (the task authenticates with its role): why, for cdk-nag. */
  readonly environment: Readonly<Record<string, string>>;
  readonly environmentHolds: string;
  readonly healthPort: number;
  readonly healthStartPeriod: Duration;
  /** ECS sends SIGTERM, then SIGKILL after this: the service's drain must fit. */
  readonly stopTimeout: Duration;
  readonly logBuffer: Size;
  readonly securityGroupDescription: string;
  /** What its HTTPS egress reaches. */
  readonly egress: string;
}

export interface ClusterServiceParts {
  readonly service: ecs.FargateService;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly logGroup: logs.LogGroup;
}

/**
 * The parts every such service has, in the scope of its construct (so their logical ids are the construct's):
 * a security group with no inbound rule and HTTPS out only, a log group, a task definition on the matcher's CPU
 * architecture with a read-only root filesystem, a health check on GET /health (service-runtime/), non-blocking
 * logs, and a rolling Fargate service with the deployment circuit breaker. Public subnets with a public IP unless
 * the environment has NAT gateways.
 */
export function addClusterService(scope: Construct, props: ClusterServiceProps): ClusterServiceParts {
  const { config, cluster } = props;
  const privateTasks = config.natGateways > 0;
  const securityGroup = new ec2.SecurityGroup(scope, 'TaskSecurityGroup', {
    vpc: cluster.vpc,
    description: props.securityGroupDescription,
    allowAllOutbound: false,
  });
  securityGroup.addEgressRule(ec2.Peer.anyIpv4(), ec2.Port.tcp(443), props.egress);
  const logGroup = new logs.LogGroup(scope, 'Logs', {
    retention: config.logRetentionDays as logs.RetentionDays,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const arm = config.matcherArchitecture === 'arm64';
  const taskDefinition = new ecs.FargateTaskDefinition(scope, 'Task', {
    cpu: props.cpu,
    memoryLimitMiB: props.memoryMiB,
    runtimePlatform: {
      operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      cpuArchitecture: arm ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64,
    },
  });
  taskDefinition.addContainer(props.name, {
    image: ecs.ContainerImage.fromAsset(REPO_ROOT, {
      file: props.dockerfile,
      platform: arm ? ecrAssets.Platform.LINUX_ARM64 : ecrAssets.Platform.LINUX_AMD64,
      exclude: ['**', ...props.buildInputs.map((input) => `!${input}`)],
    }),
    essential: true,
    readonlyRootFilesystem: true,
    environment: { ...props.environment },
    logging: ecs.LogDrivers.awsLogs({
      logGroup,
      streamPrefix: props.logStreamPrefix,
      mode: ecs.AwsLogDriverMode.NON_BLOCKING,
      maxBufferSize: props.logBuffer,
    }),
    healthCheck: {
      command: [
        'CMD',
        'node',
        '-e',
        `fetch('http://127.0.0.1:${props.healthPort}/health')` +
          '.then((r)=>process.exit(r.ok?0:1)).catch(()=>process.exit(1))',
      ],
      interval: Duration.seconds(10),
      timeout: Duration.seconds(5),
      retries: 3,
      startPeriod: props.healthStartPeriod,
    },
    stopTimeout: props.stopTimeout,
  });
  Validations.of(taskDefinition).acknowledge({
    id: 'AwsSolutions-ECS2',
    reason: `The environment holds configuration only (${props.environmentHolds}), no secret: the task authenticates with its role.`,
  });
  Validations.of(taskDefinition.obtainExecutionRole()).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason:
      `ecr:GetAuthorizationToken, added by ECS to pull the ${props.name} image, supports no resource-level ` +
      'permission (IAM requires Resource "*"); the pull itself is limited to the CDK assets repository.',
  });
  const service = new ecs.FargateService(scope, 'Service', {
    cluster,
    taskDefinition,
    desiredCount: props.desiredCount,
    minHealthyPercent: 100,
    maxHealthyPercent: 200,
    circuitBreaker: { enable: true, rollback: true },
    assignPublicIp: !privateTasks,
    vpcSubnets: { subnetType: privateTasks ? ec2.SubnetType.PRIVATE_WITH_EGRESS : ec2.SubnetType.PUBLIC },
    securityGroups: [securityGroup],
    platformVersion: ecs.FargatePlatformVersion.LATEST,
    enableExecuteCommand: false,
    propagateTags: ecs.PropagatedTagSource.SERVICE,
  });
  return { service, taskDefinition, logGroup };
}
