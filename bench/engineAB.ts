/**
 * `npm run bench:ab -- [revision]`: is this change to the engine faster or slower, and by how much?
 *
 * The engine benchmark's own figures move ±10% between runs of the same build on these machines, more than most
 * changes are worth. This compares two builds in one process instead: A is the engine at `revision` (default
 * HEAD), B the working tree, interleaved on the benchmark's workload (engineAB.interleave.ts), in both orders,
 * PASSES times (default 2). It prints B's speed relative to A per shape: the geometric mean of each pair of
 * orders, then the median over passes. Same-build runs read within ±3%; treat anything inside that as no change.
 *
 * A is checked out as a git worktree under .shardex/ab/ (kept for the next run; `git worktree prune` after
 * deleting it). Environment: PASSES, and SHAPES, ROUNDS, CHUNK as engineAB.interleave.ts reads them.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { envInt } from './env';
import { median } from './median';

const root = path.resolve(__dirname, '..');
const revision = process.argv[2] ?? 'HEAD';
const passes = envInt('PASSES', 2);

const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
const sha = git('rev-parse', '--short', `${revision}^{commit}`);
const base = path.join(root, '.shardex', 'ab', sha);
if (!existsSync(base)) {
  mkdirSync(path.dirname(base), { recursive: true });
  git('worktree', 'add', '--detach', base, sha);
}
if (!existsSync(path.join(base, 'node_modules')))
  symlinkSync(path.join(root, 'node_modules'), path.join(base, 'node_modules'));

const entry = path.join(root, 'dist', 'bench', `ab-${sha}.entry.ts`);
const bundle = path.join(root, 'dist', 'bench', `ab-${sha}.js`);
mkdirSync(path.dirname(entry), { recursive: true });
writeFileSync(
  entry,
  [
    `import { ShardexContender as A } from ${JSON.stringify(path.join(base, 'bench', 'contenders'))};`,
    `import { ShardexContender as B } from ${JSON.stringify(path.join(root, 'bench', 'contenders'))};`,
    `import { interleave } from ${JSON.stringify(path.join(root, 'bench', 'engineAB.interleave'))};`,
    'interleave(A, B);',
  ].join('\n'),
);
execFileSync(
  path.join(root, 'node_modules', '.bin', 'esbuild'),
  [entry, '--bundle', '--platform=node', '--target=node20', `--outfile=${bundle}`, '--log-level=warning'],
  { stdio: 'inherit' },
);

console.log(`engine A/B: A = ${sha} (${revision}), B = working tree; ${passes} passes, each in both orders`);
const perShape = new Map<string, number[]>();
for (let pass = 1; pass <= passes; pass++) {
  const byOrder = ['AB', 'BA'].map((order) => {
    const output = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', bundle], {
      encoding: 'utf8',
      env: { ...process.env, ORDER: order },
    });
    return new Map(
      output
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { shape: string; speedup: number })
        .map(({ shape, speedup }) => [shape, speedup]),
    );
  });
  for (const [shape, ab] of byOrder[0]!) {
    const ba = byOrder[1]!.get(shape)!;
    const speedup = Math.sqrt(ab * ba);
    perShape.set(shape, [...(perShape.get(shape) ?? []), speedup]);
    console.log(
      `  pass ${pass} ${shape.padEnd(6)} B/A ${speedup.toFixed(3)}  (A first ${ab.toFixed(3)}, B first ${ba.toFixed(3)})`,
    );
  }
}
for (const [shape, speedups] of perShape) {
  const speedup = median(speedups);
  console.log(
    `${shape}: B is ${(Math.abs(speedup - 1) * 100).toFixed(1)}% ${speedup >= 1 ? 'faster' : 'slower'} than A`,
  );
}
