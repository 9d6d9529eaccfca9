/**
 * The timed part of `npm run bench:ab` (see engineAB.ts): two builds of the engine, A and B, on the same
 * workload in one process, interleaved in chunks of CHUNK operations so that whatever else the machine is doing
 * slows both alike. The two builds are bundled in by the generated entry file that imports this module.
 *
 * The build set up, warmed and run first in each pair of chunks gains a few percent from that alone (measured:
 * a build against a copy of itself reads 1.04–1.08 one way round and 0.94–0.95 the other), so ORDER=BA runs
 * everything the other way round, and engineAB.ts takes the geometric mean of the two orders.
 */
import { envInt } from './env';
import { collectGarbage } from './heap';
import { median } from './median';
import { generateWorkload, type ShapeName } from './workload';

interface Contender {
  reset(): void;
  run(from: number, to: number): void;
  release(): void;
}
type ContenderClass = new (workload: ReturnType<typeof generateWorkload>) => Contender;

export function interleave(A: ContenderClass, B: ContenderClass): void {
  const shapes = (process.env.SHAPES ?? 'narrow,wide').split(',') as ShapeName[];
  const rounds = envInt('ROUNDS', 5);
  const chunk = envInt('CHUNK', 20_000);
  const bFirst = process.env.ORDER === 'BA';
  for (const shape of shapes) {
    // The engine benchmark's workload: its defaults (seed, 1,000,000 operations).
    const workload = generateWorkload(shape);
    const n = workload.ops.length;
    const contenders = bFirst ? [new B(workload), new A(workload)] : [new A(workload), new B(workload)];
    for (const c of contenders) {
      c.reset();
      c.run(0, n);
      c.release();
    }
    const speedups: number[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const c of contenders) c.reset();
      collectGarbage();
      const nanos = [0, 0];
      for (let from = 0; from < n; from += chunk) {
        // Alternate which build goes first within the pair, too.
        const order = (from / chunk) % 2 === 0 ? [0, 1] : [1, 0];
        for (const k of order) {
          const start = process.hrtime.bigint();
          contenders[k]!.run(from, Math.min(n, from + chunk));
          nanos[k]! += Number(process.hrtime.bigint() - start);
        }
      }
      for (const c of contenders) c.release();
      const [a, b] = bFirst ? [nanos[1]!, nanos[0]!] : [nanos[0]!, nanos[1]!];
      speedups.push(a / b);
    }
    // One line per shape, read by engineAB.ts.
    console.log(JSON.stringify({ shape, speedup: median(speedups), rounds: speedups }));
  }
}
