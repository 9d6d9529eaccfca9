import { AssetHashType, DockerImage, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
// The page's build script and security headers, not runtime code: synth builds the page as NodejsFunction
// bundles the Lambdas, with the esbuild in node_modules.
import { buildWeb, WEB_ROOT } from '../web/build';
import { contentSecurityPolicy, IMMUTABLE, PAGE_HEADERS, REVALIDATE } from '../web/securityHeaders';
import type { ShardexConfig } from './config';

export interface TradingPageProps {
  readonly config: ShardexConfig;
  /** REST base URL the page calls (https://<api>.execute-api.<region>.amazonaws.com). */
  readonly restUrl: string;
  /** WebSocket URL the page opens (wss://<api>.execute-api.<region>.amazonaws.com/ws). */
  readonly webSocketUrl: string;
  /** Origins the page may connect to (its CSP connect-src): the two APIs' endpoints, scheme and host. */
  readonly connectOrigins: readonly string[];
}

/**
 * The trading page (web/) on AWS: a private S3 bucket behind CloudFront, read through Origin Access Control only;
 * HTTPS only (HTTP redirects); every response with the page's security headers (web/securityHeaders.ts, the same
 * the local gateway sends: a CSP that lets the page connect to this stack's two APIs and nowhere else, HSTS,
 * nosniff, no framing, no referrer); hashed assets cached for a year, index.html and config.json revalidated.
 * config.json, the page's only configuration, is written at deploy time with the API URLs (tokens resolved by
 * the deployment), and never carries a key. Access logs of both the bucket and the distribution go to a log
 * bucket that keeps them `logRetentionDays`.
 */
export class TradingPage extends Construct {
  readonly bucket: s3.Bucket;
  readonly logs: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly deployment: s3deploy.BucketDeployment;

  constructor(scope: Construct, id: string, props: TradingPageProps) {
    super(scope, id);
    const { config } = props;
    const removalPolicy = config.removalPolicy === 'retain' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

    this.logs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      // CloudFront's standard logging writes with an ACL, so the bucket must accept ACLs from its own account.
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(config.logRetentionDays) }],
      // Logs are kept when the stack goes, as every log group of the stack would be by its retention.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.bucket = new s3.Bucket(this, 'Site', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: this.logs,
      serverAccessLogsPrefix: 'site/',
      removalPolicy,
    });

    const headers = (name: string, cacheControl: string) =>
      new cloudfront.ResponseHeadersPolicy(this, name, {
        comment: `shardex trading page: security headers, Cache-Control ${cacheControl}`,
        securityHeadersBehavior: {
          contentSecurityPolicy: {
            contentSecurityPolicy: contentSecurityPolicy(props.connectOrigins),
            override: true,
          },
          contentTypeOptions: { override: true },
          frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
          referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
          strictTransportSecurity: {
            accessControlMaxAge: Duration.days(730),
            includeSubdomains: true,
            override: true,
          },
        },
        customHeadersBehavior: {
          customHeaders: [
            { header: 'Cache-Control', value: cacheControl, override: true },
            ...['Permissions-Policy', 'Cross-Origin-Opener-Policy'].map((header) => ({
              header,
              value: PAGE_HEADERS[header]!,
              override: true,
            })),
          ],
        },
      });
    const origin = origins.S3BucketOrigin.withOriginAccessControl(this.bucket);
    const behavior = (
      responseHeadersPolicy: cloudfront.IResponseHeadersPolicy,
    ): cloudfront.BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      compress: true,
      responseHeadersPolicy,
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `shardex trading page (${config.prefix})`,
      defaultRootObject: 'index.html',
      defaultBehavior: behavior(headers('PageHeaders', REVALIDATE)),
      additionalBehaviors: { '/assets/*': behavior(headers('AssetHeaders', IMMUTABLE)) },
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'The exchange serves every country its operator serves; which ones is a legal decision per deployment, ' +
          'made where the API is (API Gateway and WAF in front of it), not by hiding the static page.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The page is static files behind CloudFront (no origin compute, OAC-only bucket): a WAF web ACL would ' +
          'add a fixed monthly cost and protect nothing the page can lose; the API it calls has its own ' +
          'throttling and per-key rate limits.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'The distribution answers on its *.cloudfront.net name with the default certificate, whose TLS policy ' +
          'CloudFront fixes (TLSv1 minimum) and no setting can raise; browsers negotiate TLS 1.2 or 1.3 with it ' +
          'anyway. An operator who puts the page on a custom domain brings an ACM certificate and sets ' +
          'TLS_V1_2_2021.',
      },
    );

    this.deployment = new s3deploy.BucketDeployment(this, 'Deploy', {
      sources: [
        s3deploy.Source.asset(WEB_ROOT, {
          // Hashed by what was built, so a new chart library version (node_modules) is a new asset too.
          assetHashType: AssetHashType.OUTPUT,
          bundling: {
            // Never used: local bundling always runs (and throws rather than fall back to Docker).
            image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-slim'),
            local: {
              tryBundle(outputDir) {
                buildWeb(outputDir);
                return true;
              },
            },
          },
        }),
        s3deploy.Source.jsonData('config.json', { restUrl: props.restUrl, wsUrl: props.webSocketUrl }),
      ],
      destinationBucket: this.bucket,
      distribution: this.distribution,
      distributionPaths: ['/*'],
      // With removalPolicy destroy the bucket goes with the stack, which CloudFormation allows only empty.
      retainOnDelete: config.removalPolicy === 'retain',
      memoryLimit: 256,
      logGroup: new logs.LogGroup(this, 'DeployLogs', {
        retention: config.logRetentionDays as logs.RetentionDays,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    this.acknowledgeDeploymentHandler();
  }

  /**
   * CDK's BucketDeployment copies the page into the bucket at deploy time with a singleton Lambda of its own (one
   * per stack, at the stack's root); its role is CDK's, and cdk-nag's findings on it are acknowledged here, each.
   */
  private acknowledgeDeploymentHandler(): void {
    const stack = Stack.of(this);
    const site = stack.getLogicalId(this.bucket.node.defaultChild as s3.CfnBucket);
    const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
    if (handler === undefined) throw new Error('BucketDeployment created no handler at the stack root');
    const wildcard = (appliesTo: string, reason: string) => ({
      id: `AwsSolutions-IAM5[${appliesTo}]`,
      reason,
    });
    const objects =
      "object keys carry content hashes unknown before the deploy, so CDK's grant covers the bucket's objects " +
      '(<bucket>/*) of exactly two buckets: the CDK asset bucket it reads the staged page from, and this site ' +
      'bucket it writes to.';
    Validations.of(handler).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          "CDK's BucketDeployment handler writes its own CloudWatch logs through AWSLambdaBasicExecutionRole, the " +
          'AWS-managed minimal policy for exactly that (logs:CreateLogGroup/CreateLogStream/PutLogEvents).',
      },
      ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:Abort*', 's3:DeleteObject*'].map((action) =>
        wildcard(
          `Action::${action}`,
          `CDK's BucketDeployment grant (${action}): it syncs the staged page into the site bucket (aws s3 sync ` +
            'with prune: read, list, upload, delete and abort multipart uploads), on the two buckets only.',
        ),
      ),
      wildcard(
        'Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*',
        `CDK's BucketDeployment reads the staged page from the CDK asset bucket: ${objects}`,
      ),
      wildcard(
        `Resource::<${site}.Arn>/*`,
        `CDK's BucketDeployment writes the page into the site bucket: ${objects}`,
      ),
      {
        id: 'AwsSolutions-L1',
        reason:
          "CDK's BucketDeployment handler runs on the Python runtime aws-cdk-lib pins for it (it carries the AWS " +
          'CLI layer it syncs with); the runtime moves when aws-cdk-lib is upgraded, and is not ours to choose.',
      },
      wildcard(
        'Resource::*',
        "CDK's BucketDeployment invalidates the distribution's cache after copying (cloudfront:CreateInvalidation " +
          'and GetInvalidation), which CDK grants on * in its handler policy; the handler only ever invalidates ' +
          'the distribution it is given.',
      ),
    );
  }

  /** The page's URL. */
  get url(): string {
    return `https://${this.distribution.distributionDomainName}`;
  }
}
