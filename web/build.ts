import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

/** The page's sources (this folder) and where `npm start` and the tests build it. */
export const WEB_ROOT = __dirname;
export const WEB_DIST = path.resolve(__dirname, '..', 'dist', 'web');

export interface BuiltPage {
  readonly dir: string;
  /** assets/app-<hash>.js and assets/app-<hash>.css, as index.html refers to them. */
  readonly script: string;
  readonly stylesheet: string;
}

/**
 * Builds the trading page into `outDir`: one esbuild bundle of web/src/main.ts (the script, with the stylesheet
 * it imports beside it), both named by content hash so browsers and CloudFront may cache them for good, and
 * index.html pointing at them. Synchronous (about half a second), so the CDK's local asset bundling can call it
 * too: `npm start`, the tests and `cdk synth` build the page the same way.
 */
export function buildWeb(outDir: string = WEB_DIST): BuiltPage {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(path.join(outDir, 'assets'), { recursive: true });
  const result = buildSync({
    entryPoints: { app: path.join(WEB_ROOT, 'src', 'main.ts') },
    bundle: true,
    format: 'esm',
    target: ['chrome111', 'firefox115', 'safari16.4'],
    minify: true,
    sourcemap: 'linked',
    entryNames: '[name]-[hash]',
    outdir: path.join(outDir, 'assets'),
    metafile: true,
    logLevel: 'warning',
    // The chart library's licence stays with the bundle, in a file beside it.
    legalComments: 'linked',
  });
  const outputs = Object.keys(result.metafile.outputs).map((file) =>
    path.relative(outDir, path.resolve(file)).split(path.sep).join('/'),
  );
  const script = outputs.find((f) => /^assets\/app-[A-Z0-9]+\.js$/.test(f));
  const stylesheet = outputs.find((f) => /^assets\/app-[A-Z0-9]+\.css$/.test(f));
  if (script === undefined || stylesheet === undefined)
    throw new Error(`the web build produced no script or stylesheet: ${outputs.join(', ')}`);
  const html = readFileSync(path.join(WEB_ROOT, 'index.html'), 'utf8')
    .replace('assets/app.js', script)
    .replace('assets/app.css', stylesheet);
  writeFileSync(path.join(outDir, 'index.html'), html);
  copyFileSync(path.join(WEB_ROOT, 'favicon.svg'), path.join(outDir, 'favicon.svg'));
  return { dir: outDir, script, stylesheet };
}

if (require.main === module) {
  const built = buildWeb(process.argv[2] ? path.resolve(process.argv[2]) : WEB_DIST);
  process.stdout.write(`built the trading page into ${built.dir} (${built.script}, ${built.stylesheet})\n`);
}
