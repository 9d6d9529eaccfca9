import { closeSync, createReadStream, existsSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { createInflateRaw } from 'node:zlib';

/**
 * Reading LOBSTER sample files (https://lobsterdata.com, see LOBSTER_SampleFiles_ReadMe.txt beside them): a
 * message file (one event per line) and an orderbook file (the top N levels after that event, line for line).
 * Both are streamed, plain or straight out of the sample zip, so a full day never sits in memory as text.
 */

/** ../shared/data/lobster relative to the repository root (CI checks ../shared out beside the repo). */
export const LOBSTER_DIR = join(__dirname, '..', '..', '..', 'shared', 'data', 'lobster');

/** Column 2 of the message file. */
export const MessageType = {
  /** A new limit order rests on the book (a marketable order shows up as executions of what it took). */
  Submit: 1,
  /** Partial cancellation: `size` shares of the order are canceled. */
  PartialCancel: 2,
  /** Total deletion: the order's remaining `size` shares leave the book. */
  Delete: 3,
  /** `size` shares of the named visible resting order traded at `price`. */
  ExecuteVisible: 4,
  /** A hidden order traded: nothing visible changes. */
  ExecuteHidden: 5,
  /** Trading halt / quoting / resume indicator (price -1 / 0 / 1). */
  Halt: 7,
} as const;

export interface LobsterMessage {
  /** Seconds after midnight, up to nanosecond precision. */
  readonly time: number;
  readonly type: number;
  readonly orderId: number;
  /** Shares. */
  readonly size: number;
  /** Dollars × 10000: one unit is the $0.0001 tick, so it is already an integer tick count. */
  readonly price: number;
  /** 1 buy limit order, -1 sell limit order (an execution names the resting order's side). */
  readonly direction: 1 | -1;
}

/** A side of an orderbook row, best level first, dummy levels (±9999999999, size 0) dropped. */
export type Levels = [price: number, size: number][];

export interface BookRow {
  readonly asks: Levels;
  readonly bids: Levels;
}

export interface LobsterPair {
  /** 0-based line number. */
  readonly index: number;
  readonly message: LobsterMessage;
  /** The book after the message. */
  readonly book: BookRow;
}

/** Where a LOBSTER file's bytes come from: a plain file or an entry (deflated or stored) of a zip archive. */
export type Source = { readonly file: string } | { readonly zip: string; readonly entry: string };

export interface LobsterDay {
  readonly name: string;
  readonly messages: Source;
  readonly orderbook: Source;
  /** Levels per side in the orderbook file. */
  readonly levels: number;
}

/** The sample files as they ship: AAPL unpacked (its first 999 messages), GOOG's full day in a zip. */
export function sampleDay(ticker: 'AAPL' | 'GOOG', dir = LOBSTER_DIR): LobsterDay {
  const stem = `${ticker}_2012-06-21_34200000_57600000`;
  if (ticker === 'AAPL') {
    return {
      name: ticker,
      messages: { file: join(dir, `${stem}_message_10.csv`) },
      orderbook: { file: join(dir, `${stem}_orderbook_10.csv`) },
      levels: 10,
    };
  }
  const zip = join(dir, 'LOBSTER_SampleFile_GOOG_2012-06-21_10.zip');
  return {
    name: ticker,
    messages: { zip, entry: `${stem}_message_10.csv` },
    orderbook: { zip, entry: `${stem}_orderbook_10.csv` },
    levels: 10,
  };
}

export function sourceExists(source: Source): boolean {
  return existsSync('file' in source ? source.file : source.zip);
}

export function parseMessage(line: string): LobsterMessage {
  const comma = line.indexOf(',');
  const time = Number(line.slice(0, comma));
  const f = integers(line, comma + 1);
  if (f.length !== 5 || Number.isNaN(time)) throw new Error(`bad message line: ${line}`);
  const direction = f[4];
  if (direction !== 1 && direction !== -1) throw new Error(`bad direction: ${line}`);
  return { time, type: f[0]!, orderId: f[1]!, size: f[2]!, price: f[3]!, direction };
}

const DUMMY_PRICE = 9_999_999_999;

export function parseBookRow(line: string, levels: number): BookRow {
  const f = integers(line, 0);
  if (f.length !== 4 * levels) throw new Error(`orderbook line has ${f.length} fields, want ${4 * levels}`);
  const asks: Levels = [];
  const bids: Levels = [];
  for (let i = 0; i < levels; i++) {
    const askPrice = f[4 * i]!;
    const bidPrice = f[4 * i + 2]!;
    if (askPrice !== DUMMY_PRICE) asks.push([askPrice, f[4 * i + 1]!]);
    if (bidPrice !== -DUMMY_PRICE) bids.push([bidPrice, f[4 * i + 3]!]);
  }
  return { asks, bids };
}

/**
 * The comma-separated integers of `line` from `start`, scanned by character code: a day is millions of fields,
 * and split + Number is several times slower (much more so inside jest's sandbox).
 */
function integers(line: string, start: number): number[] {
  const values: number[] = [];
  let value = 0;
  let sign = 1;
  let digits = 0;
  for (let i = start; i <= line.length; i++) {
    const c = i < line.length ? line.charCodeAt(i) : 44;
    if (c >= 48 && c <= 57) {
      value = value * 10 + (c - 48);
      digits++;
    } else if (c === 45 && digits === 0 && sign === 1) {
      sign = -1;
    } else if (c === 44) {
      if (digits === 0 || digits > 15) throw new Error(`bad integer field in: ${line}`);
      values.push(sign * value);
      value = 0;
      sign = 1;
      digits = 0;
    } else {
      throw new Error(`unexpected character ${JSON.stringify(line[i])} in: ${line}`);
    }
  }
  return values;
}

/** The message and orderbook files in lockstep; throws if one ends before the other. */
export async function* readDay(
  day: LobsterDay,
  limit = Number.POSITIVE_INFINITY,
): AsyncGenerator<LobsterPair> {
  const messages = lines(day.messages)[Symbol.asyncIterator]();
  const books = lines(day.orderbook)[Symbol.asyncIterator]();
  try {
    for (let index = 0; index < limit; index++) {
      const [m, b] = await Promise.all([messages.next(), books.next()]);
      if (m.done !== b.done) throw new Error(`${day.name}: message and orderbook files differ in length`);
      if (m.done) return;
      yield { index, message: parseMessage(m.value), book: parseBookRow(b.value!, day.levels) };
    }
  } finally {
    await Promise.all([messages.return?.(undefined), books.return?.(undefined)]);
  }
}

/** Non-empty lines of a source, streamed. */
export async function* lines(source: Source): AsyncGenerator<string> {
  const stream = 'file' in source ? createReadStream(source.file) : openZipEntry(source.zip, source.entry);
  let carry = '';
  try {
    for await (const chunk of stream.setEncoding('latin1')) {
      const parts = (carry + (chunk as string)).split('\n');
      carry = parts.pop()!;
      for (const part of parts) {
        const line = part.endsWith('\r') ? part.slice(0, -1) : part;
        if (line.length > 0) yield line;
      }
    }
    const last = carry.endsWith('\r') ? carry.slice(0, -1) : carry;
    if (last.length > 0) yield last;
  } finally {
    stream.destroy();
  }
}

/**
 * A readable stream of one entry of a zip archive, inflated on the fly. Only what the LOBSTER samples need:
 * no zip64, entries stored (method 0) or deflated (method 8), sizes taken from the central directory.
 */
export function openZipEntry(zip: string, entry: string): NodeJS.ReadableStream & { destroy(): void } {
  const fd = openSync(zip, 'r');
  try {
    const size = fstatSync(fd).size;
    const read = (position: number, length: number): Buffer => {
      const buffer = Buffer.alloc(length);
      const got = readSync(fd, buffer, 0, length, position);
      if (got !== length) throw new Error(`${zip}: short read at ${position}`);
      return buffer;
    };
    // End of central directory: 22 bytes plus a comment of up to 64 KiB, at the end of the file.
    const tailLength = Math.min(size, 22 + 0xffff);
    const tail = read(size - tailLength, tailLength);
    let eocd = -1;
    for (let i = tailLength - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new Error(`${zip}: not a zip file`);
    const entries = tail.readUInt16LE(eocd + 10);
    const directorySize = tail.readUInt32LE(eocd + 12);
    const directory = read(tail.readUInt32LE(eocd + 16), directorySize);
    let at = 0;
    for (let n = 0; n < entries; n++) {
      if (directory.readUInt32LE(at) !== 0x02014b50) throw new Error(`${zip}: bad central directory`);
      const method = directory.readUInt16LE(at + 10);
      const compressedSize = directory.readUInt32LE(at + 20);
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      const localHeader = directory.readUInt32LE(at + 42);
      const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
      at += 46 + nameLength + extraLength + commentLength;
      if (name !== entry) continue;
      if (compressedSize === 0xffffffff || localHeader === 0xffffffff) throw new Error(`${zip}: zip64`);
      const local = read(localHeader, 30);
      if (local.readUInt32LE(0) !== 0x04034b50) throw new Error(`${zip}: bad local header for ${entry}`);
      const start = localHeader + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      const raw = createReadStream(zip, { start, end: start + compressedSize - 1 });
      if (method === 0) return raw;
      if (method !== 8) throw new Error(`${zip}: ${entry} uses compression method ${method}`);
      const inflate = createInflateRaw();
      raw.on('error', (error) => inflate.destroy(error));
      inflate.on('close', () => raw.destroy());
      return raw.pipe(inflate);
    }
    throw new Error(`${zip}: no entry ${entry}`);
  } finally {
    closeSync(fd);
  }
}
