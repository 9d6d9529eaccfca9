// Work per key in turns, in groups (application/accounts/groupedTurns.ts): what arrives during a turn is the next
// turn, together; keys do not wait for each other.

import { GroupedTurns } from '../../application/accounts/groupedTurns';

/** A turn that logs its group and ends when the test lets it. */
function loggedTurns(maxGroup: number) {
  const turns: string[] = [];
  const ends: (() => void)[] = [];
  const grouped = new GroupedTurns<string, string>(async (key, group) => {
    turns.push(`${key}:${group.join(',')}`);
    await new Promise<void>((resolve) => ends.push(resolve));
  }, maxGroup);
  const endTurn = async () => {
    ends.shift()?.();
    // Let the ended turn's loop take its next group.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { grouped, turns, endTurn };
}

describe('grouped turns per key', () => {
  test('the first item is a turn at once; what arrives during it is the next turn, together, in arrival order', async () => {
    const { grouped, turns, endTurn } = loggedTurns(10);
    grouped.add('a', '1');
    expect(turns).toEqual(['a:1']);
    grouped.add('a', '2');
    grouped.add('a', '3');
    grouped.add('a', '4');
    expect(turns).toEqual(['a:1']);
    await endTurn();
    expect(turns).toEqual(['a:1', 'a:2,3,4']);
    grouped.add('a', '5');
    await endTurn();
    expect(turns).toEqual(['a:1', 'a:2,3,4', 'a:5']);
    await endTurn();
    // Nothing queued: the next item is a turn at once again.
    grouped.add('a', '6');
    expect(turns).toEqual(['a:1', 'a:2,3,4', 'a:5', 'a:6']);
  });

  test('keys do not wait for each other', async () => {
    const { grouped, turns } = loggedTurns(10);
    grouped.add('a', '1');
    grouped.add('b', '1');
    grouped.add('a', '2');
    expect(turns).toEqual(['a:1', 'b:1']);
  });

  test('a turn takes at most maxGroup items; the rest wait for the next', async () => {
    const { grouped, turns, endTurn } = loggedTurns(2);
    for (const item of ['1', '2', '3', '4', '5', '6']) grouped.add('a', item);
    await endTurn();
    await endTurn();
    await endTurn();
    expect(turns).toEqual(['a:1', 'a:2,3', 'a:4,5', 'a:6']);
  });

  test('a turn that throws does not stop the key: what waited is the next turn', async () => {
    const turns: string[] = [];
    let release: () => void = () => undefined;
    const grouped = new GroupedTurns<string, string>(async (_key, group) => {
      turns.push(group.join(','));
      if (group.includes('bad')) {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
        throw new Error('a bug in the turn');
      }
    }, 10);
    grouped.add('a', 'bad');
    grouped.add('a', 'next');
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(turns).toEqual(['bad', 'next']);
  });
});
