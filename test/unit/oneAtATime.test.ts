// Decisions for one account inside one process take turns; different accounts do not wait for each other.

import { OneAtATime } from '../../application/accounts/oneAtATime';

const tick = () => new Promise((resolve) => setImmediate(resolve));

/** A task that logs its start and end around one turn of the event loop, and returns its name. */
const loggedTask = (log: string[], name: string) => async () => {
  log.push(`${name} starts`);
  await tick();
  log.push(`${name} ends`);
  return name;
};

describe('one at a time per key', () => {
  test('tasks with the same key run one after another, in the order they arrived', async () => {
    const queue = new OneAtATime<number>();
    const log: string[] = [];
    const task = (name: string) => loggedTask(log, name);
    const results = await Promise.all([
      queue.run(1, task('a')),
      queue.run(1, task('b')),
      queue.run(1, task('c')),
    ]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a starts', 'a ends', 'b starts', 'b ends', 'c starts', 'c ends']);
  });

  test('tasks with different keys overlap', async () => {
    const queue = new OneAtATime<number>();
    const log: string[] = [];
    const task = (name: string) => loggedTask(log, name);
    await Promise.all([queue.run(1, task('a')), queue.run(2, task('b'))]);
    expect(log.slice(0, 2)).toEqual(['a starts', 'b starts']);
  });

  test('a failing task rejects its caller only; the next task for the key still runs', async () => {
    const queue = new OneAtATime<string>();
    const failed = queue.run('k', async () => {
      throw new Error('boom');
    });
    const next = queue.run('k', async () => 'ran');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ran');
  });
});
