// Ingress's -4116 check without an index query per order: a snapshot of the account's open client order ids,
// at most OPEN_IDS_MAX_AGE_MS old, and the index only to confirm (application/orderEntry/openClientOrderIds.ts).

import { CLIENT_ORDER_RETRY_WINDOW_MS } from '../../application/orderEntry/idempotency';
import { OPEN_IDS_MAX_AGE_MS, OpenClientOrderIds } from '../../application/orderEntry/openClientOrderIds';
import type { OrderViews } from '../../application/ports/orderViews';
import type { OrderView } from '../../core/projections/orderView';

/** The orders read model as the check reads it: the open client order ids per account, and every read counted. */
function readModel(open: Record<string, string[]>) {
  const reads = { snapshots: 0, index: 0 };
  const orders: Pick<OrderViews, 'open' | 'hasOpenClientOrderId'> = {
    async open(accountId, symbol) {
      reads.snapshots++;
      return (open[`${accountId}#${symbol}`] ?? []).map(
        (clientOrderId) => ({ order: { clientOrderId } }) as unknown as OrderView,
      );
    },
    async hasOpenClientOrderId(accountId, symbol, clientOrderId) {
      reads.index++;
      return (open[`${accountId}#${symbol}`] ?? []).includes(clientOrderId);
    },
  };
  return { open, reads, orders };
}

test('an id open when the snapshot was read is refused after the index confirms it; others pass without a query', async () => {
  const model = readModel({ '7#BTCUSDT': ['old-order'] });
  const ids = new OpenClientOrderIds(model.orders, () => 0);
  expect(await ids.isOpen(7, 'BTCUSDT', 'old-order', false)).toBe(true);
  for (let i = 0; i < 10; i++) expect(await ids.isOpen(7, 'BTCUSDT', `new-${i}`, false)).toBe(false);
  expect(model.reads).toEqual({ snapshots: 1, index: 1 });
});

test('an id in the snapshot whose order has closed since is free again', async () => {
  const model = readModel({ '7#BTCUSDT': ['filled-since'] });
  const ids = new OpenClientOrderIds(model.orders, () => 0);
  await ids.isOpen(7, 'BTCUSDT', 'other', false);
  model.open['7#BTCUSDT'] = [];
  expect(await ids.isOpen(7, 'BTCUSDT', 'filled-since', false)).toBe(false);
});

test('a key the request log saw used within its window is checked on the index, whatever the snapshot says', async () => {
  const model = readModel({});
  const ids = new OpenClientOrderIds(model.orders, () => 0);
  await ids.isOpen(7, 'BTCUSDT', 'x', false);
  // Placed after the snapshot was read: only the request log (keyUsedRecently) knows.
  model.open['7#BTCUSDT'] = ['placed-since'];
  expect(await ids.isOpen(7, 'BTCUSDT', 'placed-since', true)).toBe(true);
});

test('a snapshot is read once per account and symbol, and again once it is OPEN_IDS_MAX_AGE_MS old', async () => {
  let now = 0;
  const model = readModel({});
  const ids = new OpenClientOrderIds(model.orders, () => now);
  await Promise.all([ids.isOpen(7, 'BTCUSDT', 'a', false), ids.isOpen(7, 'BTCUSDT', 'b', false)]);
  await ids.isOpen(7, 'ETHUSDT', 'a', false);
  await ids.isOpen(8, 'BTCUSDT', 'a', false);
  expect(model.reads.snapshots).toBe(3);
  now = OPEN_IDS_MAX_AGE_MS - 1;
  model.open['7#BTCUSDT'] = ['later'];
  await ids.isOpen(7, 'BTCUSDT', 'later', false);
  expect(model.reads.snapshots).toBe(3);
  now = OPEN_IDS_MAX_AGE_MS;
  expect(await ids.isOpen(7, 'BTCUSDT', 'later', false)).toBe(true);
  expect(model.reads.snapshots).toBe(4);
});

test('the snapshot lives at most half the request log’s retry window', () => {
  expect(2 * OPEN_IDS_MAX_AGE_MS).toBeLessThanOrEqual(CLIENT_ORDER_RETRY_WINDOW_MS);
});
