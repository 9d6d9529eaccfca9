// Account operations and API keys as use cases (application/accounts), on the in-memory adapters: what the
// operator CLI, the local stack and the REST leverage route call.

import { authenticate } from '../../application/access/authenticate';
import { hmacHex } from '../../application/access/signature';
import { createApiKey, listApiKeys, revokeApiKey } from '../../application/accounts/apiKeys';
import { depositCollateral, withdrawCollateral } from '../../application/accounts/collateral';
import { changeLeverage } from '../../application/accounts/leverage';
import { openAccount } from '../../application/accounts/openAccount';
import { submitOrder } from '../../application/orderEntry/submitOrder';
import { loadAccountOverview } from '../../application/queries/accountOverview';
import { formatMoney } from '../../core/numbers/money';
import type { MemoryExchange } from '../../local/memoryExchange';
import { callerOf, codeOf, exchangeWithBtc, limit } from './support/memory';

let exchange: MemoryExchange;
beforeEach(async () => {
  exchange = await exchangeWithBtc();
});

describe('accounts', () => {
  test('opened with the next id, funded by deposits; a withdrawal takes only what is available', async () => {
    const first = await openAccount(exchange.ctx);
    const second = await openAccount(exchange.ctx);
    expect(second).toBe(first + 1);
    const funded = await depositCollateral(exchange.ctx, {
      accountId: first,
      amount: '1000.5',
      reference: 'wire',
    });
    expect(formatMoney(funded.walletBalance)).toBe('1000.50000000');
    await expect(
      depositCollateral(exchange.ctx, { accountId: first, amount: '-1', reference: 'x' }),
    ).rejects.toThrow(/not a positive USDT amount/);
    await expect(
      depositCollateral(exchange.ctx, { accountId: first, amount: '0.000000001', reference: 'x' }),
    ).rejects.toThrow(/at most 8 decimals/);

    // An open order holds 0.01 × 60,000 / 20 + fee = 30.3 USDT of it.
    const key = await createApiKey(exchange.ctx, first, ['READ', 'TRADE'], 'k');
    const caller = { accountId: first, apiKey: key.apiKey, permissions: key.permissions };
    await submitOrder(exchange.ctx, caller, limit('BUY', '60000.0', '0.010'), 'sig');
    await expect(
      withdrawCollateral(exchange.ctx, { accountId: first, amount: '1000', reference: 'too much' }),
    ).rejects.toThrow('withdrawal refused: Balance is insufficient.');
    const after = await withdrawCollateral(exchange.ctx, {
      accountId: first,
      amount: '970.2',
      reference: 'out',
    });
    expect(formatMoney(after.walletBalance)).toBe('30.30000000');
    expect((await exchange.ctx.accounts.store.history(first)).map((h) => h.event.type)).toEqual([
      'AccountOpened',
      'CollateralDeposited',
      'MarginReserved',
      'CollateralWithdrawn',
    ]);
  });

  test('leverage: at most the symbol maximum (-4028 beyond); it changes the margin a new order reserves', async () => {
    const trader = await exchange.trader('1000');
    const caller = callerOf(trader);
    expect(await codeOf(changeLeverage(exchange.ctx, caller, 'BTCUSDT', 126))).toBe(-4028);
    expect(await codeOf(changeLeverage(exchange.ctx, caller, 'NOPEUSDT', 5))).toBe(-1121);
    expect(await changeLeverage(exchange.ctx, caller, 'BTCUSDT', 10)).toEqual({
      leverage: 10,
      maxNotionalValue: '5000000',
    });
    await submitOrder(exchange.ctx, caller, limit('BUY', '60000.0', '0.010'), 'sig');
    // 0.01 × 60,000 / 10 + 0.05% fee = 60.3 USDT.
    const overview = await loadAccountOverview(exchange.ctx, trader.accountId);
    expect(formatMoney(overview.summary.openOrderInitialMargin)).toBe('60.30000000');
  });
});

describe('API keys', () => {
  test('a key for an existing account: its secret once, then listed without it; revoked keys authenticate no more', async () => {
    const accountId = await openAccount(exchange.ctx);
    await expect(createApiKey(exchange.ctx, accountId + 100, ['READ'], 'x')).rejects.toThrow(
      /does not exist/,
    );
    const key = await createApiKey(exchange.ctx, accountId, ['TRADE', 'READ'], 'bot');
    expect(key.apiKey).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(key.secret).toMatch(/^[A-Za-z0-9]{64}$/);
    expect(key.permissions).toEqual(['READ', 'TRADE']);
    const { secret: _secret, ...summary } = key;
    expect(await listApiKeys(exchange.ctx, accountId)).toEqual([summary]);

    const now = exchange.ctx.clock();
    const params = new Map([['timestamp', String(now)]]);
    const signed = { payload: `timestamp=${now}`, signature: hmacHex(key.secret, `timestamp=${now}`) };
    const credentials = { apiKey: key.apiKey, params, signed };
    expect(await authenticate('TRADE', credentials, exchange.ctx.apiKeys, now)).toEqual({
      accountId,
      apiKey: key.apiKey,
      permissions: ['READ', 'TRADE'],
    });
    expect(
      await codeOf(
        authenticate(
          'TRADE',
          { ...credentials, signed: { ...signed, signature: '0'.repeat(64) } },
          exchange.ctx.apiKeys,
          now,
        ),
      ),
    ).toBe(-1022);
    expect(await codeOf(authenticate('TRADE', credentials, exchange.ctx.apiKeys, now + 6_000))).toBe(-1021);
    expect(await revokeApiKey(exchange.ctx, key.apiKey)).toBe(true);
    expect(await codeOf(authenticate('TRADE', credentials, exchange.ctx.apiKeys, now))).toBe(-2015);
  });
});
