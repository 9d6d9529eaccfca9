// The trading page's hosting: a private bucket read by CloudFront through Origin Access Control only, HTTPS only,
// the page's security headers on every response (a CSP that names this stack's two APIs and nothing else), caching
// by file kind, access logs, and a config.json written at deploy time with the APIs' URLs and no key. The HTTP
// API answers browsers' CORS preflights.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { contentSecurityPolicy } from '../../web/securityHeaders';
import { type CfnProperties, defaultApp, flatten, variantApp } from './synth';

const app = defaultApp();
const { stack } = app;
const id = (construct: { node: { defaultChild?: unknown } }) =>
  stack.getLogicalId(construct.node.defaultChild as never);
const page = stack.page;

function only(type: string): [string, CfnProperties] {
  const found = Object.entries(app.resources(type));
  expect(found).toHaveLength(1);
  return [found[0]![0], found[0]![1].Properties];
}

test('the site bucket is private, encrypted, TLS-only and logged', () => {
  const site = app.resources('AWS::S3::Bucket')[id(page.bucket)]!.Properties;
  expect(site.PublicAccessBlockConfiguration).toEqual({
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  });
  expect(site.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault).toEqual({
    SSEAlgorithm: 'AES256',
  });
  expect(site.LoggingConfiguration).toEqual({
    DestinationBucketName: { Ref: id(page.logs) },
    LogFilePrefix: 'site/',
  });
  const logs = app.resources('AWS::S3::Bucket')[id(page.logs)]!;
  expect(logs.Properties.LifecycleConfiguration.Rules).toEqual([{ ExpirationInDays: 30, Status: 'Enabled' }]);
  expect(logs.DeletionPolicy).toBe('Retain');
});

test('only CloudFront, signing as this distribution (OAC), may read the bucket; nothing without TLS', () => {
  const policies = Object.values(app.resources('AWS::S3::BucketPolicy')).filter(
    (p) => flatten(p.Properties.Bucket) === `<${id(page.bucket)}>`,
  );
  expect(policies).toHaveLength(1);
  const statements = policies[0]!.Properties.PolicyDocument.Statement as CfnProperties[];
  const allows = statements.filter((s) => s.Effect === 'Allow');
  expect(allows).toHaveLength(1);
  expect(allows[0]).toMatchObject({
    Action: 's3:GetObject',
    Principal: { Service: 'cloudfront.amazonaws.com' },
  });
  expect(flatten(allows[0]!.Condition.StringEquals['AWS:SourceArn'])).toContain(
    `distribution/<${id(page.distribution)}>`,
  );
  expect(
    statements.some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false'),
  ).toBe(true);
  const [, oac] = only('AWS::CloudFront::OriginAccessControl');
  expect(oac.OriginAccessControlConfig).toMatchObject({
    OriginAccessControlOriginType: 's3',
    SigningBehavior: 'always',
    SigningProtocol: 'sigv4',
  });
  expect(app.resources('AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual({});
});

test('the distribution: HTTPS only, GET and HEAD, index.html at /, the bucket through OAC, logged', () => {
  const [, distribution] = only('AWS::CloudFront::Distribution');
  const config = distribution.DistributionConfig;
  expect(config.DefaultRootObject).toBe('index.html');
  expect(config.Logging).toEqual({
    Bucket: { 'Fn::GetAtt': [id(page.logs), 'RegionalDomainName'] },
    Prefix: 'cloudfront/',
  });
  expect(config.Origins).toHaveLength(1);
  expect(config.Origins[0].OriginAccessControlId).toBeDefined();
  expect(config.Origins[0].S3OriginConfig).toEqual({ OriginAccessIdentity: '' });
  const behaviors = [config.DefaultCacheBehavior, ...config.CacheBehaviors] as CfnProperties[];
  expect(behaviors.map((b) => b.PathPattern)).toEqual([undefined, '/assets/*']);
  for (const behavior of behaviors) {
    expect(behavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    expect(behavior.AllowedMethods).toEqual(['GET', 'HEAD']);
  }
});

test('every response carries the security headers; assets are cached for good, the page revalidated', () => {
  const [, distribution] = only('AWS::CloudFront::Distribution');
  const config = distribution.DistributionConfig;
  const policies = app.resources('AWS::CloudFront::ResponseHeadersPolicy');
  const policyOf = (behavior: CfnProperties) => policies[behavior.ResponseHeadersPolicyId.Ref]!.Properties;
  const connect = [`<${id(stack.ingress.api)}.ApiEndpoint>`, `<${id(stack.webSocket.api)}.ApiEndpoint>`];
  for (const [behavior, cacheControl] of [
    [config.DefaultCacheBehavior, 'no-cache'],
    [config.CacheBehaviors[0], 'public, max-age=31536000, immutable'],
  ] as const) {
    const { SecurityHeadersConfig, CustomHeadersConfig } = policyOf(behavior).ResponseHeadersPolicyConfig;
    expect(flatten(SecurityHeadersConfig.ContentSecurityPolicy.ContentSecurityPolicy)).toBe(
      contentSecurityPolicy(connect),
    );
    expect(SecurityHeadersConfig).toMatchObject({
      ContentTypeOptions: { Override: true },
      FrameOptions: { FrameOption: 'DENY', Override: true },
      ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
      StrictTransportSecurity: {
        AccessControlMaxAgeSec: 63_072_000,
        IncludeSubdomains: true,
        Override: true,
      },
    });
    expect(CustomHeadersConfig.Items).toContainEqual({
      Header: 'Cache-Control',
      Value: cacheControl,
      Override: true,
    });
  }
});

test('config.json is written at deploy time with the REST and WebSocket URLs, and carries no key', () => {
  const [, deployment] = only('Custom::CDKBucketDeployment');
  expect(deployment).toMatchObject({
    DestinationBucketName: { Ref: id(page.bucket) },
    DistributionId: { Ref: id(page.distribution) },
    DistributionPaths: ['/*'],
    Prune: true,
    RetainOnDelete: false,
  });
  expect(deployment.SourceObjectKeys).toHaveLength(2);
  const markers = deployment.SourceMarkers[1] as Record<string, unknown>;
  const file = path.join(
    app.app.outdir,
    `asset.${(deployment.SourceObjectKeys[1] as string).replace(/\.zip$/, '')}`,
    'config.json',
  );
  let config = readFileSync(file, 'utf8');
  for (const [marker, value] of Object.entries(markers)) config = config.replace(marker, flatten(value));
  expect(JSON.parse(config)).toEqual({
    restUrl: `<${id(stack.ingress.api)}.ApiEndpoint>`,
    wsUrl: `wss://<${id(stack.webSocket.api)}>.execute-api.<AWS::Region>.<AWS::URLSuffix>/ws`,
  });
});

test('the REST API answers CORS preflights for the signed methods and the API key header', () => {
  const api = app.resources('AWS::ApiGatewayV2::Api')[id(stack.ingress.api)]!.Properties;
  expect(api.CorsConfiguration).toEqual({
    AllowOrigins: ['*'],
    AllowMethods: ['GET', 'POST', 'PUT', 'DELETE'],
    AllowHeaders: ['content-type', 'x-mbx-apikey'],
    MaxAge: 86_400,
  });
});

test('the page URL is a stack output', () => {
  expect(app.template.toJSON().Outputs.TradingPageUrl.Value).toEqual({
    'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [id(page.distribution), 'DomainName'] }]],
  });
});

test('retention and removal follow the environment context', () => {
  const variant = variantApp();
  const variantPage = variant.stack.page;
  const bucket =
    variant.resources('AWS::S3::Bucket')[
      variant.stack.getLogicalId(variantPage.bucket.node.defaultChild as never)
    ]!;
  expect(bucket.DeletionPolicy).toBe('Retain');
  const logs =
    variant.resources('AWS::S3::Bucket')[
      variant.stack.getLogicalId(variantPage.logs.node.defaultChild as never)
    ]!;
  expect(logs.Properties.LifecycleConfiguration.Rules).toEqual([{ ExpirationInDays: 90, Status: 'Enabled' }]);
  expect(app.resources('AWS::S3::Bucket')[id(page.bucket)]!.DeletionPolicy).toBe('Delete');
});
