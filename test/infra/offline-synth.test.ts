// `cdk synth` as an operator runs it on a fresh clone: through the CLI and cdk.json, with no AWS credentials or
// region, no Docker (any docker call would fail) and no instance metadata. Lambdas are bundled by the local
// esbuild, the matcher image is only staged, and cdk-nag reports nothing unacknowledged.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type CfnProperties, REPO_ROOT } from './synth';

let out: string;
let result: ReturnType<typeof spawnSync>;
let seconds: number;

beforeAll(() => {
  out = mkdtempSync(path.join(tmpdir(), 'shardex-synth-'));
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(AWS_|CDK_DEFAULT_)/.test(key)) env[key] = value;
  }
  Object.assign(env, {
    AWS_CONFIG_FILE: path.join(out, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(out, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    CDK_DOCKER: path.join(out, 'no-docker'),
    CDK_DISABLE_CLI_TELEMETRY: 'true',
  });
  const started = Date.now();
  result = spawnSync(
    path.join(REPO_ROOT, 'node_modules', '.bin', 'cdk'),
    ['synth', '--quiet', '--no-notices', '--output', path.join(out, 'cdk.out')],
    { cwd: REPO_ROOT, env, encoding: 'utf8', timeout: 170_000 },
  );
  seconds = (Date.now() - started) / 1000;
  console.info(`offline cdk synth: ${seconds.toFixed(1)} s`);
}, 180_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

test('cdk synth succeeds without credentials, region or Docker', () => {
  expect({ status: result.status, stderr: result.status === 0 ? '' : result.stderr }).toEqual({
    status: 0,
    stderr: '',
  });
  expect(existsSync(path.join(out, 'cdk.out', 'shardex.template.json'))).toBe(true);
});

test('cdk-nag reports no unacknowledged finding', () => {
  const report = JSON.parse(readFileSync(path.join(out, 'cdk.out', 'validation-report.json'), 'utf8')) as {
    pluginReports: { violations?: unknown[] }[];
  };
  expect(report.pluginReports.flatMap((r) => r.violations ?? [])).toEqual([]);
  expect(`${result.stdout}${result.stderr}`).not.toMatch(/AwsSolutions-/);
});

test('every Lambda is bundled by esbuild; the service images are staged, not built', () => {
  const assembly = path.join(out, 'cdk.out');
  const template = JSON.parse(readFileSync(path.join(assembly, 'shardex.template.json'), 'utf8')) as {
    Resources: Record<string, { Type: string; Properties: CfnProperties; Metadata?: CfnProperties }>;
  };
  const ours = Object.values(template.Resources).filter(
    (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Runtime === 'nodejs22.x',
  );
  expect(ours).toHaveLength(5);
  for (const fn of ours) {
    const bundle = path.join(assembly, fn.Metadata!['aws:asset:path'], 'index.js');
    expect(statSync(bundle).size).toBeGreaterThan(10_000);
  }
  const assets = JSON.parse(readFileSync(path.join(assembly, 'shardex.assets.json'), 'utf8')) as {
    dockerImages: Record<string, { source: { directory: string; dockerFile: string; platform: string } }>;
  };
  // The matcher's image, the index feed's and the risk service's, each staged from its own inputs.
  const images = Object.values(assets.dockerImages).sort((a, b) =>
    b.source.dockerFile.localeCompare(a.source.dockerFile),
  );
  expect(images.map((i) => i.source.dockerFile)).toEqual([
    'risk-fargate/Dockerfile',
    'matching-fargate/Dockerfile',
    'index-feed-fargate/Dockerfile',
  ]);
  const [risk, matcher, feed] = images as [(typeof images)[0], (typeof images)[0], (typeof images)[0]];
  expect(matcher.source).toMatchObject({ platform: 'linux/arm64' });
  // Each staged build context holds its service's inputs only.
  const staged = (image: (typeof images)[0]) =>
    readdirSync(path.join(assembly, image.source.directory)).sort();
  const common = [
    '.dockerignore',
    'adapters',
    'application',
    'core',
    'package-lock.json',
    'package.json',
    'resources',
  ];
  expect(staged(matcher)).toEqual([...common, 'matching-fargate', 'service-runtime'].sort());
  expect(staged(feed)).toEqual([...common, 'index-feed-fargate', 'service-runtime'].sort());
  // The risk service also posts MARGIN_CALL in the user data stream's wire format.
  expect(staged(risk)).toEqual([...common, 'binance', 'risk-fargate', 'service-runtime'].sort());
});

test('the trading page is built at synth by the local esbuild and staged whole, with no key in it', () => {
  const assembly = path.join(out, 'cdk.out');
  const assets = JSON.parse(readFileSync(path.join(assembly, 'shardex.assets.json'), 'utf8')) as {
    files: Record<string, { source: { path: string; packaging?: string } }>;
  };
  const pages = Object.values(assets.files)
    .map((f) => path.join(assembly, f.source.path))
    .filter((dir) => existsSync(path.join(dir, 'index.html')));
  expect(pages).toHaveLength(1);
  const dir = pages[0]!;
  const html = readFileSync(path.join(dir, 'index.html'), 'utf8');
  const script = /src="(assets\/app-[A-Z0-9]+\.js)"/.exec(html)?.[1];
  const stylesheet = /href="(assets\/app-[A-Z0-9]+\.css)"/.exec(html)?.[1];
  expect(statSync(path.join(dir, script!)).size).toBeGreaterThan(100_000);
  expect(statSync(path.join(dir, stylesheet!)).size).toBeGreaterThan(1_000);
  expect(existsSync(path.join(dir, 'favicon.svg'))).toBe(true);
  // config.json is not part of the build: the deployment writes it, with the URLs and nothing else.
  expect(existsSync(path.join(dir, 'config.json'))).toBe(false);
});
