// The per-order request budget of issue 17 (docs/read-side.md, "Budget"): AWS requests counted by stage, table and
// operation while the local stack takes a steady load, turned into a table per placed order with the targets
// beside them.

import { fixed, isRead } from './liveSupport';

/** A stage as the budget names it, from the counter's stage and table. */
function budgetStage(stage: string, resource: string): string {
  if (stage === 'projector' && resource === 'accounts') return 'settlement';
  if (stage === 'poller') return 'local stream poller';
  return stage;
}

/** The targets at steady load (many orders per batch). */
const TARGETS: Record<string, string> = {
  ingress: '≤ 4 per order',
  matcher: '(per batch)',
  projector: '≤ 3 writes per command with settlement, no reads of own writes',
  settlement: '(in the projector’s 3)',
  fanout: '≤ 1 read per batch + posts',
  'local stream poller': 'local only (Streams on AWS)',
};

const STAGE_ORDER = ['ingress', 'matcher', 'projector', 'settlement', 'fanout', 'local stream poller'];

interface Tally {
  reads: number;
  writes: number;
  readonly operations: Map<string, number>;
}

function tally(): Tally {
  return { reads: 0, writes: 0, operations: new Map() };
}

function add(t: Tally, operation: string, n: number): void {
  if (isRead(operation)) t.reads += n;
  else t.writes += n;
  t.operations.set(operation, (t.operations.get(operation) ?? 0) + n);
}

function operationsPer(t: Tally, orders: number): string {
  return [...t.operations]
    .sort(([, a], [, b]) => b - a)
    .filter(([, n]) => n / orders >= 0.01)
    .map(([name, n]) => `${fixed(n / orders, 2)} ${name}`)
    .join(', ');
}

/**
 * The budget table's rows from "stage|resource|operation" counts: one row per stage and table, a subtotal per
 * stage with its target, and the totals (with and without the local-only poller). `items` is the number of
 * events items (the matcher's batches) the orders made: the fan-out's target is per batch.
 */
export function budgetRows(calls: ReadonlyMap<string, number>, orders: number, items: number): string[][] {
  const byStage = new Map<string, { total: Tally; tables: Map<string, Tally> }>();
  for (const [key, n] of calls) {
    const [rawStage = '?', resource = '?', operation = '?'] = key.split('|');
    const stage = budgetStage(rawStage, resource);
    const entry = byStage.get(stage) ?? { total: tally(), tables: new Map<string, Tally>() };
    byStage.set(stage, entry);
    add(entry.total, operation, n);
    const table = entry.tables.get(resource) ?? tally();
    entry.tables.set(resource, table);
    add(table, operation, n);
  }
  const per = (n: number) => fixed(n / orders, 2);
  const rows: string[][] = [];
  const all = tally();
  const aws = tally();
  const rank = (stage: string) => (STAGE_ORDER.includes(stage) ? STAGE_ORDER.indexOf(stage) : 99);
  const stages = [...byStage.keys()].sort((a, b) => rank(a) - rank(b));
  for (const stage of stages) {
    const { total, tables } = byStage.get(stage)!;
    for (const [resource, t] of [...tables].sort(([, a], [, b]) => b.reads + b.writes - a.reads - a.writes)) {
      rows.push([
        stage,
        resource,
        per(t.reads + t.writes),
        per(t.reads),
        per(t.writes),
        operationsPer(t, orders),
        '',
      ]);
    }
    let target = TARGETS[stage] ?? '';
    if (stage === 'fanout') {
      // Who listens, for both sides: the listener change log (one look-up per run). The market side's own reads are
      // its subscribers (after a change) and the symbol's spec (rarely); the rest is user data.
      const changes = tables.get('listenerChanges')?.reads ?? 0;
      const market = ['subscriptions', 'symbols'].reduce((n, t) => n + (tables.get(t)?.reads ?? 0), 0);
      const user = total.reads - market - changes;
      target += ` (now ${fixed(total.reads / items, 2)} reads per batch: listener changes ${fixed(changes / items, 2)}, market ${fixed(market / items, 2)}, user data ${fixed(user / items, 2)})`;
    }
    if (stage === 'matcher') target += ` ${fixed((total.reads + total.writes) / items, 1)} per batch`;
    rows.push([
      stage,
      '= stage',
      per(total.reads + total.writes),
      per(total.reads),
      per(total.writes),
      '',
      target,
    ]);
    for (const [op, n] of total.operations) {
      add(all, op, n);
      if (stage !== 'local stream poller') add(aws, op, n);
    }
  }
  rows.push([
    'total',
    'as on AWS (no poller)',
    per(aws.reads + aws.writes),
    per(aws.reads),
    per(aws.writes),
    '',
    '',
  ]);
  rows.push([
    'total',
    'measured locally',
    per(all.reads + all.writes),
    per(all.reads),
    per(all.writes),
    '',
    '',
  ]);
  return rows;
}

export const BUDGET_HEADER = [
  'stage',
  'table / stream',
  'requests per order',
  'reads',
  'writes',
  'operations per order',
  'target',
];
