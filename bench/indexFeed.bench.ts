/**
 * The index feed's publishing rate: `npm run bench:index-feed`.
 *
 * Side by side on one kinesalite, interleaved trials, medians:
 *   - feed: IndexFeed.tick() back to back (no poll interval) over S symbols with 4 venues each (simulated venues
 *     that answer at once, so the venues' network is out of the measure): ask, compose (exact composite index:
 *     stale, outlier, weighted average), put UpdateIndexPrice — index updates/s;
 *   - ceiling: PutRecord of the same commands (one per symbol in flight, as the feed puts them), nothing else —
 *     the emulator's PutRecord ceiling at that concurrency.
 * feed ÷ ceiling is what composing and encoding cost on top of the put. The production need is S updates/s
 * (one per symbol per second): the headroom column says how many times over the feed can do it.
 *
 * Environment (optional): BENCH_INDEX_SYMBOLS (default 20), BENCH_INDEX_SECONDS (per trial, default 3),
 * BENCH_INDEX_TRIALS (default 5).
 */
import { KinesisCommandBus } from '../adapters/aws/commands/commandBus';
import { silenceSdkNodeNotice } from '../adapters/aws/sdkNodeNotice';
import { seededRandom } from '../adapters/quotes/seededRandom';
import { SimulatedQuoteSource } from '../adapters/quotes/simulatedQuoteSource';
import { IndexFeed } from '../application/marketPrices/indexFeed';
import type { CommandEnvelope } from '../application/ports/commandEnvelope';
import { startEmulators } from '../local/emulators';
import { envInt } from './env';
import { fixed, machine, printTable } from './liveSupport';
import { median } from './median';

silenceSdkNodeNotice();

const SYMBOLS = envInt('BENCH_INDEX_SYMBOLS', 20);
const SECONDS = envInt('BENCH_INDEX_SECONDS', 3);
const TRIALS = envInt('BENCH_INDEX_TRIALS', 5);
const VENUES = ['binance', 'coinbase', 'kraken', 'okx'];

async function main(): Promise<void> {
  const emulators = await startEmulators({ kinesis: 'kinesalite' });
  try {
    const bus = new KinesisCommandBus(emulators.clients.kinesis, emulators.names.streams.commands);
    const symbols = Array.from({ length: SYMBOLS }, (_, i) => `S${String(i).padStart(3, '0')}USDT`);
    const random = seededRandom(1);
    const feed = new IndexFeed(
      { commands: bus, clock: Date.now },
      symbols.map((symbol) => ({
        symbol,
        sources: VENUES.map((name) => new SimulatedQuoteSource(name, { startPrice: '65000' }, random, '1')),
      })),
    );
    const command = (symbol: string, n: number): CommandEnvelope => ({
      v: 1,
      commandId: `bench-${symbol}-${n}`,
      symbol,
      type: 'UpdateIndexPrice',
      price: '65000.12345678',
      sources: VENUES.map((name) => ({ name, price: '65000.12345678' })),
    });

    /** Rounds of one put per symbol, all in flight together, for SECONDS: puts per second. */
    const measure = async (round: (n: number) => Promise<unknown>): Promise<number> => {
      let puts = 0;
      let n = 0;
      const started = performance.now();
      const until = started + SECONDS * 1000;
      while (performance.now() < until) {
        await round(n++);
        puts += SYMBOLS;
      }
      return puts / ((performance.now() - started) / 1000);
    };
    const runFeed = () => measure(() => feed.tick());
    const runCeiling = () => measure((n) => Promise.all(symbols.map((s) => bus.put(command(s, n)))));

    await runFeed(); // warm-up: connections, JIT
    await runCeiling();
    const feedRates: number[] = [];
    const ceilingRates: number[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      feedRates.push(await runFeed());
      ceilingRates.push(await runCeiling());
    }
    const feedRate = median(feedRates);
    const ceiling = median(ceilingRates);
    process.stdout.write(
      `index feed vs PutRecord ceiling — kinesalite, ${SYMBOLS} symbols × ${VENUES.length} venues, ` +
        `${TRIALS} interleaved trials of ${SECONDS} s, medians — ${machine()}\n`,
    );
    printTable(
      ['', 'updates/s', 'ratio to ceiling', 'headroom over 1/s per symbol'],
      [
        [
          'feed (ask, compose, put)',
          fixed(feedRate, 0),
          fixed(feedRate / ceiling, 2),
          fixed(feedRate / SYMBOLS, 0),
        ],
        ['PutRecord ceiling', fixed(ceiling, 0), '1.00', fixed(ceiling / SYMBOLS, 0)],
      ],
    );
  } finally {
    await emulators.stop();
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
