// The page's order book follows Binance's local order book procedure over the diff stream: it never shows a
// level it cannot vouch for. Given a snapshot and diff messages shaped as the fan-out sends them (U = pu = the
// previous message's u), it ends with exactly the exchange's book; after a gap it asks for a new snapshot
// instead of drawing a wrong book.

import fc from 'fast-check';
import type { DepthSnapshot, DepthUpdate, Level } from '../../web/src/api/wire';
import { toPlain } from '../../web/src/model/decimal';
import { LocalOrderBook } from '../../web/src/model/localOrderBook';

const update = (U: number, u: number, b: Level[] = [], a: Level[] = []): DepthUpdate => ({
  e: 'depthUpdate',
  E: 0,
  s: 'BTCUSDT',
  U,
  u,
  pu: U,
  b,
  a,
});

const snapshot = (lastUpdateId: number, bids: Level[], asks: Level[]): DepthSnapshot => ({
  lastUpdateId,
  bids,
  asks,
});

const shown = (book: LocalOrderBook) => ({
  bids: book.levels('bids', 100).map((l) => [l.priceText, l.qtyText]),
  asks: book.levels('asks', 100).map((l) => [l.priceText, l.qtyText]),
});

describe('given the diff stream buffered before the snapshot', () => {
  test('events older than the snapshot are dropped, the one covering it applies, the rest chain', () => {
    const book = new LocalOrderBook();
    book.onDiff(update(5, 8, [['99.0', '7']])); // u < lastUpdateId: already in the snapshot
    book.onDiff(update(8, 12, [['100.0', '2']], [['101.0', '0']])); // U ≤ 10 ≤ u: the first to apply
    book.onDiff(update(12, 13, [], [['102.0', '4']]));
    expect(book.status).toBe('buffering');
    expect(shown(book)).toEqual({ bids: [], asks: [] });

    const outcome = book.onSnapshot(
      snapshot(
        10,
        [
          ['100.0', '1'],
          ['99.0', '5'],
        ],
        [['101.0', '3']],
      ),
    );

    expect(outcome).toEqual({ kind: 'ok' });
    expect(book.status).toBe('synced');
    expect(book.updateId).toBe(13);
    expect(shown(book)).toEqual({
      bids: [
        ['100.0', '2'],
        ['99.0', '5'],
      ],
      asks: [['102.0', '4']],
    });
  });

  test('a snapshot older than the first buffered event is a gap: resync', () => {
    const book = new LocalOrderBook();
    book.onDiff(update(20, 25, [['100.0', '1']]));
    const outcome = book.onSnapshot(snapshot(10, [['99.0', '1']], []));
    expect(outcome.kind).toBe('resync');
    expect(book.status).toBe('buffering');
    expect(shown(book)).toEqual({ bids: [], asks: [] });
  });
});

describe('when synced', () => {
  const synced = () => {
    const book = new LocalOrderBook();
    book.onSnapshot(snapshot(10, [['100.0', '1']], [['101.0', '1']]));
    return book;
  };

  test('a quiet market: the snapshot alone is the book, and the next event must cover it', () => {
    const book = synced();
    expect(shown(book)).toEqual({ bids: [['100.0', '1']], asks: [['101.0', '1']] });
    expect(book.onDiff(update(10, 11, [['100.5', '2']]))).toEqual({ kind: 'ok' });
    expect(book.levels('bids', 1)[0]?.priceText).toBe('100.5');
  });

  test('a message ending exactly at the snapshot applies harmlessly (absolute quantities)', () => {
    const book = synced();
    expect(book.onDiff(update(9, 10, [['100.0', '1']]))).toEqual({ kind: 'ok' });
    expect(book.onDiff(update(10, 12, [['100.0', '0']]))).toEqual({ kind: 'ok' });
    expect(shown(book).bids).toEqual([]);
  });

  test('a gap in pu: resync, and no level is left to show', () => {
    const book = synced();
    book.onDiff(update(10, 11));
    const outcome = book.onDiff({ ...update(12, 13, [['100.0', '9']]), pu: 12 });
    expect(outcome).toEqual({ kind: 'resync', reason: 'gap: pu=12 after u=11' });
    expect(book.status).toBe('buffering');
    expect(shown(book)).toEqual({ bids: [], asks: [] });
  });

  test('a first event that starts after the snapshot: resync', () => {
    const book = synced();
    expect(book.onDiff(update(11, 12)).kind).toBe('resync');
  });

  test('a zero quantity removes a level, whatever digits its price is written with', () => {
    const book = synced();
    book.onDiff(update(10, 11, [['100', '0']]));
    expect(shown(book).bids).toEqual([]);
  });

  test('levels come best first: bids high to low, asks low to high, compared as numbers', () => {
    const book = new LocalOrderBook();
    book.onSnapshot(
      snapshot(
        1,
        [
          ['9.5', '1'],
          ['10.25', '1'],
          ['100.0', '1'],
        ],
        [
          ['1000.0', '1'],
          ['200.5', '1'],
          ['99.99', '1'],
        ],
      ),
    );
    expect(book.levels('bids', 3).map((l) => l.priceText)).toEqual(['100.0', '10.25', '9.5']);
    expect(book.levels('asks', 2).map((l) => l.priceText)).toEqual(['99.99', '200.5']);
  });

  test('a late snapshot answer is ignored once synced', () => {
    const book = synced();
    book.onSnapshot(snapshot(3, [['1.0', '1']], []));
    expect(shown(book).bids).toEqual([['100.0', '1']]);
  });
});

/** A random market: per batch, level changes on either side; the book after each batch is the snapshot there. */
const batches = fc.array(
  fc.array(
    fc.record({
      side: fc.constantFrom('b' as const, 'a' as const),
      tick: fc.integer({ min: 1, max: 40 }),
      lots: fc.integer({ min: 0, max: 5 }),
    }),
    { maxLength: 6 },
  ),
  { minLength: 1, maxLength: 30 },
);

function market(changes: { side: 'b' | 'a'; tick: number; lots: number }[][]) {
  const price = (side: 'b' | 'a', tick: number) =>
    toPlain({ units: BigInt(side === 'b' ? tick : tick + 40), scale: 1 });
  const books: { b: Map<string, string>; a: Map<string, string> }[] = [];
  const messages: DepthUpdate[] = [];
  const current = { b: new Map<string, string>(), a: new Map<string, string>() };
  let seq = 0;
  for (const batch of changes) {
    const before = seq;
    seq += 1 + batch.length;
    const levels = { b: new Map<string, string>(), a: new Map<string, string>() };
    for (const { side, tick, lots } of batch) levels[side].set(price(side, tick), String(lots));
    for (const side of ['b', 'a'] as const)
      for (const [p, q] of levels[side]) {
        if (q === '0') current[side].delete(p);
        else current[side].set(p, q);
      }
    messages.push(update(before, seq, [...levels.b], [...levels.a]));
    books.push({ b: new Map(current.b), a: new Map(current.a) });
  }
  return { messages, books };
}

const sorted = (side: Map<string, string>, descending: boolean) =>
  [...side].sort((x, y) => (descending ? Number(y[0]) - Number(x[0]) : Number(x[0]) - Number(y[0])));

test('property: any snapshot boundary, any arrival of the snapshot among the messages, ends with the exchange book', () => {
  fc.assert(
    fc.property(batches, fc.nat(), fc.nat(), (changes, atPick, arrivalPick) => {
      const { messages, books } = market(changes);
      const at = atPick % messages.length; // the snapshot is the book after message `at`
      const arrival = at + 1 + (arrivalPick % (messages.length - at)); // it arrives after that many messages
      const book = new LocalOrderBook();
      for (const m of messages.slice(0, arrival)) book.onDiff(m);
      const snap = books[at]!;
      expect(book.onSnapshot(snapshot(messages[at]!.u, sorted(snap.b, true), sorted(snap.a, false)))).toEqual(
        {
          kind: 'ok',
        },
      );
      for (const m of messages.slice(arrival)) expect(book.onDiff(m)).toEqual({ kind: 'ok' });
      const last = books.at(-1)!;
      expect(shown(book)).toEqual({ bids: sorted(last.b, true), asks: sorted(last.a, false) });
    }),
  );
});

test('property: a message lost after the snapshot is noticed at the next one, and nothing is shown until resync', () => {
  fc.assert(
    fc.property(
      batches.filter((b) => b.length >= 3),
      fc.nat(),
      (changes, lostPick) => {
        const { messages, books } = market(changes);
        const book = new LocalOrderBook();
        const first = books[0]!;
        book.onSnapshot(snapshot(messages[0]!.u, sorted(first.b, true), sorted(first.a, false)));
        const lost = 1 + (lostPick % (messages.length - 2)); // never the last: something must follow the gap
        for (const m of messages.slice(1, lost)) expect(book.onDiff(m)).toEqual({ kind: 'ok' });
        expect(book.onDiff(messages[lost + 1]!).kind).toBe('resync');
        expect(shown(book)).toEqual({ bids: [], asks: [] });
      },
    ),
  );
});
