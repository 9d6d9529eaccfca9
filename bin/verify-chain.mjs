#!/usr/bin/env node
// A standalone verifier of a shardex symbol's event chain, for anyone: plain Node (18 or later), no dependency,
// none of the exchange's code. It reads a symbol's items as JSON lines (what `npm run admin -- export-log`
// prints: {"seq","last","chain","events"} per line, oldest first) and recomputes every link as docs/audit.md
// defines it:
//
//   chain = hex(SHA-256(UTF-8(canonical JSON (RFC 8785) of {"events", "last", "prev", "seq"})))
//
// and checks each against the stored one, and against hashes you recorded yourself from the exchange
// (GET /fapi/v1/eventChain, or the `chain` field of a depth diff): --pin <seq>=<hex>, as many as you like.
//
//   node bin/verify-chain.mjs log.jsonl --pin 1047=3f9a…  [--prev <hex> when the export starts after seq 1]
//
// Exit code 0: every link holds and every pin matches; 1: the first divergence is printed.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

const GENESIS = '0'.repeat(64);

/** RFC 8785 for JSON without fractions (the log holds integers, strings, booleans, null, arrays, objects). */
function canonical(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'boolean':
      return String(value);
    case 'number':
      if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
      return Object.is(value, -0) ? '0' : String(value);
    case 'object':
      return `{${Object.keys(value)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`)
        .join(',')}}`;
    default:
      throw new Error(`unexpected ${typeof value}`);
  }
}

function link(prev, item) {
  const text = canonical({ prev, seq: item.seq, last: item.last, events: item.events });
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

const args = process.argv.slice(2);
const pins = new Map();
let prev = GENESIS;
let file;
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--pin') {
    const [seq, hash] = args[++i].split('=');
    pins.set(Number(seq), hash.toLowerCase());
  } else if (args[i] === '--prev') prev = args[++i].toLowerCase();
  else file = args[i];
}

const lines = createInterface({
  input: file ? createReadStream(file) : process.stdin,
  crlfDelay: Number.POSITIVE_INFINITY,
});
let expected;
let items = 0;
const fail = (seq, why) => {
  console.log(JSON.stringify({ ok: false, seq, reason: why }));
  process.exit(1);
};
for await (const line of lines) {
  if (line.trim() === '') continue;
  const item = JSON.parse(line);
  if (expected !== undefined && item.seq !== expected)
    fail(expected, `the log jumps from ${expected - 1} to ${item.seq}`);
  if (
    item.events.some((event, i) => event.seq !== item.seq + i) ||
    item.last !== item.seq + item.events.length - 1
  )
    fail(item.seq, `its events are not ${item.seq}..${item.last}`);
  const computed = link(prev, item);
  if (item.chain !== computed) fail(item.seq, `stored link ${item.chain}, computed ${computed}`);
  for (const [seq, hash] of pins)
    if (seq >= item.seq && seq <= item.last) {
      if (seq !== item.last)
        fail(item.seq, `pinned seq ${seq} is inside item ${item.seq}..${item.last}: pin its last`);
      if (hash !== computed) fail(item.seq, `you recorded ${hash} for ${seq}; the log says ${computed}`);
      pins.delete(seq);
    }
  prev = computed;
  expected = item.last + 1;
  items++;
}
if (pins.size > 0) fail(expected ?? 1, `the log ends before the pinned ${[...pins.keys()].join(', ')}`);
console.log(JSON.stringify({ ok: true, items, lastSeq: (expected ?? 1) - 1, chain: prev }));
