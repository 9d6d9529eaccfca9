// The standalone verifier a client runs (bin/verify-chain.mjs, no code of the exchange): it accepts the exported
// log of a real session, checks the hashes the client recorded, and names the item where a changed log breaks.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { MemoryEventLog } from '../../adapters/memory/eventLog';
import { exportLog } from '../../application/audit/exportLog';
import { SymbolStream } from '../../matching-fargate/symbolStream';
import { runScenario } from '../core/properties/support/run';
import { scenarioArbitrary } from '../core/properties/support/scenario';

const SCRIPT = resolve(__dirname, '../../bin/verify-chain.mjs');
const dir = mkdtempSync(join(tmpdir(), 'verify-chain-'));

async function exportedSession(): Promise<{ lines: string[] }> {
  const [scenario] = fc.sample(scenarioArbitrary({ futures: true, maxCommands: 60 }), {
    seed: 11,
    numRuns: 1,
  });
  const { commands } = runScenario(scenario!);
  const symbol = scenario!.market.spec.symbol;
  const events = new MemoryEventLog();
  const noSnapshots = { newest: async () => undefined, write: async () => undefined, prune: async () => 0 };
  const stream = await SymbolStream.recover(
    symbol,
    { events, snapshots: noSnapshots },
    { id: 'x/s/1', fence: 1 },
  );
  for (const [i, command] of commands.entries()) {
    stream.execute(command, { shardId: 'shard', sequenceNumber: String(i + 1) });
    if (i % 4 === 3) await stream.commit();
  }
  await stream.commit();
  const lines: string[] = [];
  for await (const line of exportLog({ events }, symbol)) lines.push(line);
  return { lines };
}

function verify(lines: string[], ...args: string[]) {
  const file = join(dir, `log-${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  const run = spawnSync(process.execPath, [SCRIPT, file, ...args], { encoding: 'utf8', timeout: 30_000 });
  return { status: run.status, verdict: JSON.parse(run.stdout.trim() || '{}') };
}

describe('bin/verify-chain.mjs', () => {
  test('an exported log verifies, with the hashes a client recorded pinned', async () => {
    const { lines } = await exportedSession();
    const middle = JSON.parse(lines[Math.floor(lines.length / 2)]!);
    const last = JSON.parse(lines.at(-1)!);
    const result = verify(
      lines,
      '--pin',
      `${middle.last}=${middle.chain}`,
      '--pin',
      `${last.last}=${last.chain}`,
    );
    expect(result).toEqual({
      status: 0,
      verdict: { ok: true, items: lines.length, lastSeq: last.last, chain: last.chain },
    });
  });

  test('a changed byte fails at that item; a recorded hash the log no longer has fails too', async () => {
    const { lines } = await exportedSession();
    const at = Math.floor(lines.length / 3);
    const item = JSON.parse(lines[at]!);
    const changed = [...lines];
    changed[at] = lines[at]!.replace(`"time":${item.events[0].time}`, `"time":${item.events[0].time + 1}`);
    expect(verify(changed)).toMatchObject({ status: 1, verdict: { ok: false, seq: item.seq } });
    expect(verify(lines, '--pin', `${item.last}=${'0'.repeat(64)}`)).toMatchObject({
      status: 1,
      verdict: { ok: false, seq: item.seq },
    });
    expect(verify(lines.slice(0, at), '--pin', `${item.last}=${item.chain}`)).toMatchObject({ status: 1 });
  });
});
