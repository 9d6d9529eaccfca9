import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '../..');
const bundles = new Map<string, Promise<string>>();

/**
 * A Fargate service's entry (e.g. `risk-fargate/main.ts`) bundled by esbuild once per jest worker (~1 s), with the
 * settings of its `npm run build:*` script and Dockerfile: the process a test starts is the artifact that ships.
 * The bundle lives in a temporary folder removed when the worker exits.
 */
export function serviceBundle(entry: string): Promise<string> {
  let bundle = bundles.get(entry);
  if (bundle === undefined) {
    bundle = (async () => {
      const { build } = await import('esbuild');
      const dir = mkdtempSync(join(tmpdir(), 'shardex-service-bundle-'));
      process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
      const outfile = join(dir, 'main.js');
      await build({
        entryPoints: [join(REPO_ROOT, entry)],
        bundle: true,
        platform: 'node',
        target: 'node20',
        outfile,
        logLevel: 'warning',
      });
      return outfile;
    })();
    bundles.set(entry, bundle);
  }
  return bundle;
}
