// The dependency rules of the layout (README, Layout), checked on every import of the production code, so they
// hold without review. The picture: handlers → application → ports ← adapters; core imports nothing; Binance's
// wire formats beside the application; composition roots (each Lambda's handler.ts, the local stack, the CLIs)
// are where adapters meet the rest. core/'s purity (no clock, I/O or randomness) is test/core/unit/purity.test.ts.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(__dirname, '../..');
/** What is not production code: tests, benchmarks of it aside, and generated or installed output. */
const SKIPPED = new Set([
  'node_modules',
  '.git',
  'test',
  'cdk.out',
  'dist',
  'coverage',
  '.shardex',
  '.scratch',
]);

interface SourceFile {
  /** Repository-relative, with forward slashes. */
  readonly path: string;
  readonly imports: readonly Import[];
}

interface Import {
  readonly specifier: string;
  /** Repository-relative path of the imported module, for relative imports. */
  readonly target: string | undefined;
}

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    if (SKIPPED.has(name)) return [];
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function read(file: string): SourceFile {
  const code = readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '');
  const pattern = /(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)'([^']+)'/gm;
  const imports = [...code.matchAll(pattern)].map(([, specifier]) => ({
    specifier: specifier!,
    target: specifier!.startsWith('.')
      ? relative(ROOT, resolve(dirname(file), specifier!))
          .split(sep)
          .join('/')
      : undefined,
  }));
  return { path: relative(ROOT, file).split(sep).join('/'), imports };
}

const files = sources(ROOT).map(read);

const under = (path: string | undefined, ...folders: string[]) =>
  path !== undefined && folders.some((folder) => path === folder || path.startsWith(`${folder}/`));

/** The handler folder a path is in (lambdas/rest, lambdas/websocket, …), or undefined. */
const handlerFolder = (path: string) => /^lambdas\/[^/]+/.exec(path)?.[0];

/** The Lambda entries: each handler folder's composition root. */
const isLambdaEntry = (path: string) => /^lambdas\/[^/]+\/handler\.ts$/.test(path);

interface Rule {
  readonly name: string;
  /** The files the rule is about. */
  readonly applies: (file: SourceFile) => boolean;
  /** The imports it refuses: a reason, or undefined when the import is fine. */
  readonly refuses: (file: SourceFile, imported: Import) => string | undefined;
}

const RUNTIME_PACKAGES = /^(@aws-sdk\/|@smithy\/|aws-lambda$|aws-cdk-lib|constructs$|cdk-nag$)/;

const rules: readonly Rule[] = [
  {
    name: 'core/ imports nothing outside core/',
    applies: (f) => under(f.path, 'core'),
    refuses: (_f, i) =>
      i.target === undefined || under(i.target, 'core') ? undefined : 'core imports only core',
  },
  {
    name: 'application/ports/ imports core/ and ports only',
    applies: (f) => under(f.path, 'application/ports'),
    refuses: (_f, i) =>
      i.target === undefined
        ? RUNTIME_PACKAGES.test(i.specifier)
          ? 'a port knows no AWS'
          : undefined
        : under(i.target, 'core', 'application/ports')
          ? undefined
          : 'ports import only core and ports',
  },
  {
    name: 'application/ imports core/ and application/ only (its use cases depend on ports, never on adapters)',
    applies: (f) => under(f.path, 'application'),
    refuses: (_f, i) =>
      i.target === undefined
        ? RUNTIME_PACKAGES.test(i.specifier)
          ? 'the application knows no AWS'
          : undefined
        : under(i.target, 'core', 'application')
          ? undefined
          : 'the application imports only core and itself',
  },
  {
    name: 'binance/ (the wire formats) imports core/, application/ and itself',
    applies: (f) => under(f.path, 'binance'),
    refuses: (_f, i) =>
      i.target === undefined
        ? RUNTIME_PACKAGES.test(i.specifier)
          ? 'wire formats know no AWS'
          : undefined
        : under(i.target, 'core', 'application', 'binance')
          ? undefined
          : 'binance imports only core, application and itself',
  },
  {
    name: 'adapters/ implement ports: they import core/, application/ports/, resources/ and adapters/ only',
    applies: (f) => under(f.path, 'adapters'),
    refuses: (_f, i) =>
      i.target === undefined || under(i.target, 'core', 'application/ports', 'resources', 'adapters')
        ? undefined
        : 'adapters import ports and core, never use cases or handlers',
  },
  {
    name: 'handlers import the application, binance/ and core/; only their handler.ts (the composition root) adapters',
    applies: (f) => under(f.path, 'lambdas'),
    refuses: (f, i) => {
      if (i.target === undefined) return undefined;
      if (under(i.target, 'core', 'application', 'binance', handlerFolder(f.path)!)) return undefined;
      if (isLambdaEntry(f.path) && under(i.target, 'adapters/aws', 'resources')) return undefined;
      return 'a handler parses, calls the application and formats';
    },
  },
  {
    name: "nothing outside a handler folder imports a handler module, only its app.ts (the handler's face)",
    applies: () => true,
    refuses: (f, i) => {
      if (!under(i.target, 'lambdas')) return undefined;
      const folder = handlerFolder(i.target!);
      if (folder !== undefined && under(f.path, folder)) return undefined;
      return /^lambdas\/[^/]+\/app$/.test(i.target!) ? undefined : "a handler's internals are its own";
    },
  },
  {
    // One lifecycle for every Fargate service (drain on SIGTERM, /health, /metrics, EMF lines): plain Node, so the
    // matcher, the index feed and the risk service share it without sharing anything of each other.
    name: "service-runtime/ (the Fargate services' common lifecycle) imports only Node and itself",
    applies: (f) => under(f.path, 'service-runtime'),
    refuses: (_f, i) =>
      i.target === undefined
        ? RUNTIME_PACKAGES.test(i.specifier)
          ? 'the lifecycle knows no AWS'
          : undefined
        : under(i.target, 'service-runtime')
          ? undefined
          : 'the lifecycle knows no service',
  },
  {
    name: 'the matcher service imports core/, ports, adapters/, resources/, the service runtime and itself',
    applies: (f) => under(f.path, 'matching-fargate'),
    refuses: (_f, i) =>
      i.target === undefined ||
      under(
        i.target,
        'core',
        'application/ports',
        'adapters',
        'resources',
        'service-runtime',
        'matching-fargate',
      )
        ? undefined
        : 'the matcher runs the engine on the adapters',
  },
  {
    // The feed and the risk service are use cases (application/marketPrices/indexFeed, application/risk) on
    // adapters, run by the common lifecycle; neither imports the matcher or the other.
    name: 'the index feed service imports core/, application/, adapters/, resources/, the service runtime and itself',
    applies: (f) => under(f.path, 'index-feed-fargate'),
    refuses: (_f, i) =>
      i.target === undefined ||
      under(i.target, 'core', 'application', 'adapters', 'resources', 'service-runtime', 'index-feed-fargate')
        ? undefined
        : 'the index feed runs a use case on the adapters',
  },
  {
    // binance/: it posts MARGIN_CALL to user data streams, in the wire format the fan-out uses.
    name: 'the risk service imports core/, application/, adapters/, binance/, resources/, the service runtime and itself',
    applies: (f) => under(f.path, 'risk-fargate'),
    refuses: (_f, i) =>
      i.target === undefined ||
      under(
        i.target,
        'core',
        'application',
        'adapters',
        'binance',
        'resources',
        'service-runtime',
        'risk-fargate',
      )
        ? undefined
        : 'the risk service runs a use case on the adapters',
  },
  {
    // The trading page's build and the headers it is served with are build inputs, as the Lambdas' sources are to
    // NodejsFunction's esbuild: the CDK bundles the page at synth; no runtime code of the exchange is imported.
    name: 'lib/ (the CDK) imports lib/, the resource declarations and the page build, never runtime code',
    applies: (f) => under(f.path, 'lib'),
    refuses: (_f, i) =>
      i.target === undefined ||
      under(i.target, 'lib', 'resources/declarations', 'web/build', 'web/securityHeaders')
        ? undefined
        : 'lib is infrastructure only',
  },
  {
    name: 'web/ (the trading page) is a client of the public API: it imports nothing of the exchange',
    applies: (f) => under(f.path, 'web'),
    refuses: (_f, i) =>
      i.target === undefined || under(i.target, 'web')
        ? undefined
        : 'the page talks to the API, not to the code',
  },
  {
    name: 'runtime code never imports lib/ (only the CDK app, bin/shardex.ts, does)',
    applies: (f) => !under(f.path, 'lib') && f.path !== 'bin/shardex.ts',
    refuses: (_f, i) =>
      under(i.target, 'lib') ? 'runtime code does not depend on the CDK folder' : undefined,
  },
  {
    name: 'resources/ is plain data: it imports nothing',
    applies: (f) => under(f.path, 'resources'),
    refuses: (_f, i) => `declarations import nothing (${i.specifier})`,
  },
];

describe('the layout holds: every import of the production code keeps to its layer', () => {
  test('there is code in every layer to check', () => {
    for (const folder of [
      'core',
      'application/ports',
      'application',
      'binance',
      'adapters/aws',
      'adapters/memory',
      'lambdas',
      'matching-fargate',
      'index-feed-fargate',
      'risk-fargate',
      'service-runtime',
      'local',
      'lib',
      'resources',
      'bin',
      'web',
    ])
      expect([folder, files.filter((f) => under(f.path, folder)).length > 0]).toEqual([folder, true]);
    expect(files.flatMap((f) => f.imports).length).toBeGreaterThan(500);
  });

  test('no grab-bag folder: nothing is called shared/, common/, utils/ or misc/', () => {
    const grabBags = files
      .map((f) => f.path.split('/').slice(0, -1))
      .filter((folders) => folders.some((folder) => ['shared', 'common', 'utils', 'misc'].includes(folder)));
    expect(grabBags).toEqual([]);
  });

  test.each(rules.map((rule) => [rule.name, rule]))('%s', (_name, rule) => {
    const broken = files
      .filter((file) => rule.applies(file))
      .flatMap((file) =>
        file.imports.flatMap((imported) => {
          const why = rule.refuses(file, imported);
          return why === undefined ? [] : [`${file.path} imports ${imported.specifier}: ${why}`];
        }),
      );
    expect(broken).toEqual([]);
  });
});
