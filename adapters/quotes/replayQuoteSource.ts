import type { Clock } from '../../application/ports/clock';
import type { QuoteSource } from '../../application/ports/quoteSource';

export interface ReplayRow {
  /** When the price was seen, epoch milliseconds. */
  readonly time: number;
  /** The price as the file has it (decimal text, never parsed into a float). */
  readonly price: string;
}

/**
 * Reads a CSV of `time,price` lines (time in epoch milliseconds or ISO 8601; an optional header line; blank lines
 * and `#` comments skipped). Rows come out in time order. Throws naming the first bad line.
 */
export function parseReplayCsv(text: string): ReplayRow[] {
  const rows: ReplayRow[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const [timeText, priceText, ...rest] = trimmed.split(',').map((cell) => cell.trim());
    if (rows.length === 0 && i === 0 && timeText?.toLowerCase() === 'time') return;
    const time = /^\d+$/.test(timeText ?? '') ? Number(timeText) : Date.parse(timeText ?? '');
    if (
      rest.length > 0 ||
      !Number.isSafeInteger(time) ||
      !/^\d+(\.\d+)?$/.test(priceText ?? '') ||
      Number(priceText) <= 0
    )
      throw new Error(`replay CSV line ${i + 1}: expected time,price, got "${trimmed}"`);
    rows.push({ time, price: priceText! });
  });
  if (rows.length === 0) throw new Error('replay CSV has no rows');
  return rows.sort((a, b) => a.time - b.time);
}

/**
 * Plays recorded prices back at the pace they were recorded: the row current `elapsed` after the feed started
 * is the last one whose offset from the first row is not after it. At the end it starts over, so a short
 * recording keeps a demo moving.
 */
export class ReplayQuoteSource implements QuoteSource {
  private readonly startedAt: number;
  private readonly span: number;

  constructor(
    readonly name: string,
    private readonly rows: readonly ReplayRow[],
    private readonly clock: Clock,
    readonly weight = '1',
  ) {
    if (rows.length === 0) throw new Error(`${name}: nothing to replay`);
    this.startedAt = clock();
    // One more second than the recording, so the last row is played before the loop starts over.
    this.span = rows[rows.length - 1]!.time - rows[0]!.time + 1_000;
  }

  async latest(): Promise<string> {
    const offset = (this.clock() - this.startedAt) % this.span;
    const at = this.rows[0]!.time + offset;
    // Binary search: the last row at or before `at` (a day of 1 s rows is 86,400 of them).
    let low = 0;
    let high = this.rows.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.rows[middle]!.time <= at) low = middle;
      else high = middle - 1;
    }
    return this.rows[low]!.price;
  }
}
