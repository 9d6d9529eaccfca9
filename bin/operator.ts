import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiKey, ApiKeySummary, Permission } from '../adapters/access/apiKeyStore';
import type { AccountState } from '../core/accounts/account';
import { deposit, withdraw } from '../core/accounts/decideAccount';
import type { EngineEvent } from '../core/engine/events';
import { parseMoney } from '../core/numbers/money';
import { compileInstrument } from '../core/symbol/instrument';
import type { SymbolSpec } from '../core/symbol/symbolSpec';
import type { Deps } from '../lambdas/shared/deps';
import { markPricesFor } from '../lambdas/shared/orderEntry';
import { waitForOutcome } from '../lambdas/shared/outcomes';

/**
 * What an operator does, as functions: the `admin` CLI and the local stack's seeding call these. They talk to the
 * same tables and stream as everything else, so they work against the emulators, LocalStack or AWS alike.
 */
export class Operator {
  constructor(private readonly deps: Deps) {}

  /** Opens a new account with the next free id (an atomic counter) and returns its id. */
  async createAccount(): Promise<number> {
    const { Attributes } = await this.deps.clients.documents.send(
      new UpdateCommand({
        TableName: this.deps.names.tables.accounts,
        Key: { stream: 'counter#accountIds', version: 0 },
        UpdateExpression: 'ADD nextId :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    const accountId = Attributes!.nextId as number;
    if (!(await this.deps.accounts.open(accountId))) throw new Error(`account ${accountId} exists already`);
    return accountId;
  }

  async account(accountId: number): Promise<AccountState | undefined> {
    return this.deps.accounts.load(accountId);
  }

  async deposit(accountId: number, amount: string, reference: string): Promise<AccountState> {
    const money = parseAmount(amount);
    const outcome = await this.deps.accounts.decide(accountId, (state) => deposit(state, money, reference));
    if (!outcome.ok) throw new Error(`deposit refused: ${outcome.rejection.msg}`);
    return outcome.state;
  }

  async withdraw(accountId: number, amount: string, reference: string): Promise<AccountState> {
    const money = parseAmount(amount);
    const current = await this.deps.accounts.load(accountId);
    const marks = await markPricesFor(this.deps, Object.keys(current?.positions ?? {}));
    const outcome = await this.deps.accounts.decide(accountId, (state) =>
      withdraw(state, money, reference, { get: (s) => marks.instruments.get(s) }, (s) => marks.last.get(s)),
    );
    if (!outcome.ok) throw new Error(`withdrawal refused: ${outcome.rejection.msg}`);
    return outcome.state;
  }

  async createApiKey(accountId: number, permissions: readonly Permission[], label: string): Promise<ApiKey> {
    if ((await this.deps.accounts.load(accountId)) === undefined)
      throw new Error(`account ${accountId} does not exist`);
    return this.deps.apiKeys.create(accountId, permissions, label);
  }

  async revokeApiKey(apiKey: string): Promise<boolean> {
    return this.deps.apiKeys.revoke(apiKey);
  }

  async listApiKeys(accountId: number): Promise<ApiKeySummary[]> {
    return this.deps.apiKeys.listForAccount(accountId);
  }

  async listSymbols(): Promise<SymbolSpec[]> {
    this.deps.symbols.invalidate();
    return (await this.deps.symbols.all()).map((i) => i.spec);
  }

  /** Lists a symbol: a ListSymbol command through the stream, answered by the symbol's first event. */
  async addSymbol(spec: SymbolSpec): Promise<EngineEvent> {
    compileInstrument(spec); // refuse a broken spec before it reaches the log
    return this.send(spec.symbol, { type: 'ListSymbol', spec });
  }

  async updateSymbol(spec: SymbolSpec): Promise<EngineEvent> {
    compileInstrument(spec);
    return this.send(spec.symbol, { type: 'UpdateSymbol', spec });
  }

  async setSymbolStatus(symbol: string, status: SymbolSpec['status']): Promise<EngineEvent> {
    this.deps.symbols.invalidate();
    const current = await this.deps.symbols.get(symbol);
    if (current === undefined) throw new Error(`${symbol} is not listed`);
    return this.updateSymbol({ ...current.spec, status });
  }

  private async send(
    symbol: string,
    body: { type: 'ListSymbol' | 'UpdateSymbol'; spec: SymbolSpec },
  ): Promise<EngineEvent> {
    const commandId = `admin-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
    const afterSeq = await this.deps.events.lastSeq(symbol);
    await this.deps.commands.put({ v: 1, commandId, symbol, ...body });
    const events = await waitForOutcome(
      this.deps.events,
      symbol,
      commandId,
      afterSeq,
      30_000,
      this.deps.clock,
    );
    if (events === undefined)
      throw new Error(`no answer from the matcher for ${symbol} within 30 s: is it running?`);
    const outcome = events[0]!;
    if (outcome.type === 'CommandRejected') throw new Error(`${body.type} refused: ${outcome.reason}`);
    this.deps.symbols.invalidate();
    return outcome;
  }
}

function parseAmount(text: string) {
  const amount = parseMoney(text);
  if (amount === undefined || amount <= 0n)
    throw new Error(`not a positive USDT amount with at most 8 decimals: ${text}`);
  return amount;
}
