import type { AccountState } from '../../core/accounts/account';
import { freezeForLiquidation, unfreeze } from '../../core/accounts/decideAccount';
import { evolveAccount } from '../../core/accounts/evolveAccount';
import { accountsConcerned, settleSymbolEvents } from '../../core/accounts/settlement';
import type { EngineEvent } from '../../core/engine/events';
import { type AccountRisk, accountRisk, MARGIN_CALL_RATIO } from '../../core/risk/accountRisk';
import { type AdlCandidate, adlQueue } from '../../core/risk/adlRanking';
import { type LiquidationStep, nextLiquidationStep } from '../../core/risk/liquidationPlan';
import type { Instrument } from '../../core/symbol/instrument';
import { formatPrice, formatQuantity } from '../../core/symbol/units';
import { markPrice, type ValuationPrice } from '../../core/symbol/valuation';
import type { Accounts } from '../accounts/accounts';
import type { AccountStore } from '../ports/accountStore';
import type { Clock } from '../ports/clock';
import type { CommandBus } from '../ports/commandBus';
import type { EventLog } from '../ports/eventLog';
import type { Log } from '../ports/log';
import type { MarginCalls } from '../ports/marginCalls';
import type { SymbolDirectory } from '../ports/symbolDirectory';

/** What a risk shard needs: the log it tails, the bus it acts through, the accounts it recovers from. */
export interface RiskPorts {
  readonly events: EventLog;
  readonly commands: CommandBus;
  readonly accountStore: AccountStore;
  readonly symbols: SymbolDirectory;
  readonly clock: Clock;
  readonly log: Log;
}

export type { MarginCalls };

/** Order ids for liquidation orders: the ingress generator (application/orderEntry/orderIds.ts) in production. */
export interface OrderIds {
  next(): Promise<number>;
}

/** How many accounts a Liquidate command names; the engine ranks any further counterparties itself. */
const ADL_QUEUE_LENGTH = 100;

/**
 * The risk service for one shard of accounts (account id mod `shards` = `shard`): exchange-core's risk engine.
 *
 * It tails each symbol's stream of the events table (EventLog.itemsAfter, not a third DynamoDB Streams reader),
 * from the start of the log, so a fresh or restarted shard rebuilds every account of its shard: an account is
 * loaded from the accounts table the first time an event concerns it, and every later event is settled into it
 * with the projector's own pure settlement (settleSymbolEvents, idempotent by the account's settled sequence).
 *
 * Which accounts a mark move affects: the shard keeps, per symbol, the set of its accounts holding a position
 * there. A MarkPriceUpdated of a symbol evaluates exactly those; a fill evaluates the accounts it concerns. An
 * evaluation is O(the account's positions); a mark update is O(holders of that symbol), never O(all accounts).
 *
 * It acts only through commands on the stream, each with a command id derived from the account's state (its
 * settled sequence in the symbol), so a restarted shard that decides the same step again sends the same command
 * id and the matcher applies it once: no account is liquidated twice for one state, none is missed.
 */
export class RiskShard {
  private readonly accounts = new Map<number, AccountState>();
  private readonly holders = new Map<string, Set<number>>();
  private readonly marks = new Map<string, ValuationPrice>();
  private readonly cursors = new Map<string, number>();
  private readonly instruments = new Map<string, Instrument>();
  private readonly marginCalled = new Set<number>();
  /** Commands sent whose effect the log has not shown yet (by command id). */
  private readonly sent = new Set<string>();
  evaluations = 0;

  constructor(
    private readonly ports: RiskPorts,
    private readonly accountDecisions: Accounts,
    private readonly orderIds: OrderIds,
    private readonly marginCalls: MarginCalls,
    readonly shard = 0,
    readonly shards = 1,
    /**
     * The shards of this process (this one included) whose accounts an ADL queue may rank: a liquidation's queue
     * holds the opposite positions of every account shard the instance holds, ranked together exactly. The rest
     * (another instance's shards) the engine deleverages after the queue, by PnL % (core/engine/liquidate.ts).
     */
    private readonly peers: () => Iterable<RiskShard> = () => [this],
  ) {}

  owns(accountId: number): boolean {
    return accountId % this.shards === this.shard && accountId > 0;
  }

  /** Reads every listed symbol's new events and acts on them. */
  async poll(): Promise<number> {
    let applied = 0;
    for (const instrument of await this.ports.symbols.all())
      applied += await this.follow(instrument.spec.symbol);
    return applied;
  }

  /**
   * Reads one symbol's events after the last applied, in order, and then evaluates the accounts they affected;
   * returns how many events were applied. Evaluation waits for the end of the log: a shard replaying history
   * (a restart) must not act on an old mark against an account's current positions.
   */
  async follow(symbol: string): Promise<number> {
    let applied = 0;
    const affected = new Set<number>();
    for await (const item of this.ports.events.itemsAfter(symbol, this.cursors.get(symbol) ?? 0)) {
      if (item.events === null || item.events.length === 0) continue;
      for (const accountId of await this.settle(symbol, item.events)) affected.add(accountId);
      this.cursors.set(symbol, item.last);
      applied += item.events.length;
    }
    for (const accountId of affected) {
      const acting = this.evaluate(accountId);
      if (acting !== undefined) await acting;
    }
    return applied;
  }

  /** How many accounts of its shard this shard keeps in memory. */
  get accountsKnown(): number {
    return this.accounts.size;
  }

  async apply(symbol: string, events: readonly EngineEvent[]): Promise<void> {
    for (const accountId of await this.settle(symbol, events)) {
      const acting = this.evaluate(accountId);
      if (acting !== undefined) await acting;
    }
  }

  /** Settles one batch of a symbol's events into the shard's accounts; returns the accounts to evaluate. */
  private async settle(symbol: string, events: readonly EngineEvent[]): Promise<Set<number>> {
    let marked = false;
    for (const event of events) {
      if (event.type === 'SymbolListed' || event.type === 'SymbolUpdated') {
        const instrument = await this.ports.symbols.get(symbol);
        if (instrument !== undefined) this.instruments.set(symbol, instrument);
      } else if (event.type === 'MarkPriceUpdated') {
        this.marks.set(symbol, markPrice(event.markPrice));
        marked = true;
      } else if (event.type === 'Trade' && !isMarked(this.marks.get(symbol))) {
        this.marks.set(symbol, event.price);
        marked = true;
      } else if (
        event.type === 'Liquidated' ||
        event.type === 'AllOrdersCanceled' ||
        event.type === 'CommandRejected'
      ) {
        this.sent.delete(event.commandId);
      }
    }
    if (!this.instruments.has(symbol)) {
      const instrument = await this.ports.symbols.get(symbol);
      if (instrument !== undefined) this.instruments.set(symbol, instrument);
    }
    const affected = new Set<number>();
    for (const accountId of accountsConcerned(events)) {
      if (!this.owns(accountId)) continue;
      const state = await this.account(accountId);
      if (state === undefined) continue;
      const change = settleSymbolEvents(state, symbol, events);
      const next = change === undefined ? state : evolveAccount(state, change);
      this.accounts.set(accountId, next);
      this.index(next);
      affected.add(accountId);
    }
    if (marked) for (const accountId of this.holders.get(symbol) ?? []) affected.add(accountId);
    return affected;
  }

  /** The account's risk now, as this shard sees it (undefined: not one of its accounts, or unknown). */
  riskOf(accountId: number): AccountRisk | undefined {
    const state = this.accounts.get(accountId);
    return state === undefined ? undefined : this.riskOfState(state);
  }

  private riskOfState(state: AccountState): AccountRisk {
    return accountRisk(state, this.instrumentsBySymbol, this.markOf);
  }

  // Made once: an evaluation per holder per mark must not allocate its lookups (bench:risk-shard).
  private readonly instrumentsBySymbol = { get: (symbol: string) => this.instruments.get(symbol) };
  private readonly markOf = (symbol: string) => this.marks.get(symbol);

  private async account(accountId: number): Promise<AccountState | undefined> {
    const known = this.accounts.get(accountId);
    if (known !== undefined) return known;
    const loaded = await this.ports.accountStore.load(accountId);
    if (loaded !== undefined) this.accounts.set(accountId, loaded);
    return loaded;
  }

  private index(state: AccountState): void {
    for (const [symbol, position] of Object.entries(state.positions)) {
      let set = this.holders.get(symbol);
      if (set === undefined) {
        set = new Set();
        this.holders.set(symbol, set);
      }
      if (position.size !== 0) set.add(state.accountId);
      else set.delete(state.accountId);
    }
  }

  /**
   * Evaluates the account at the marks; returns the action it takes, if any. A mark update evaluates every holder
   * of the symbol, nearly all of them with nothing to do: those cost no promise (bench:risk-shard).
   */
  private evaluate(accountId: number): Promise<void> | undefined {
    const state = this.accounts.get(accountId);
    if (state === undefined) return undefined;
    this.evaluations++;
    const risk = this.riskOfState(state);
    const calling =
      risk.liquidatable || (risk.marginRatio !== undefined && risk.marginRatio >= MARGIN_CALL_RATIO);
    if (!calling) this.marginCalled.delete(accountId);
    const step = nextLiquidationStep(risk, Object.keys(state.reservations).length > 0);
    const quiet = step.type === 'Safe' && state.frozen !== true;
    if (quiet && (!calling || this.marginCalled.has(accountId))) return undefined;
    return this.act(accountId, state, risk, calling, step);
  }

  /** One account's action: a margin call once per crossing of 80 %, then the next liquidation step, if any. */
  private async act(
    accountId: number,
    state: AccountState,
    risk: AccountRisk,
    calling: boolean,
    step: LiquidationStep,
  ): Promise<void> {
    if (calling && !this.marginCalled.has(accountId)) {
      this.marginCalled.add(accountId);
      await this.marginCalls.marginCall(accountId, risk);
    }
    switch (step.type) {
      case 'Safe':
        if (state.frozen === true) await this.decide(accountId, (s) => unfreeze(s, this.ports.clock()));
        return;
      case 'CancelOpenOrders': {
        await this.decide(accountId, (s) => freezeForLiquidation(s, this.ports.clock()));
        const symbols = new Set(Object.values(state.reservations).map((r) => r.symbol));
        for (const symbol of symbols) {
          const commandId = `liquidation-cancel-${accountId}-${symbol}-${state.settledSeq[symbol] ?? 0}`;
          await this.send(commandId, { v: 1, commandId, symbol, type: 'CancelAllOrders', accountId });
        }
        return;
      }
      case 'Liquidate': {
        await this.decide(accountId, (s) => freezeForLiquidation(s, this.ports.clock()));
        const instrument = this.instruments.get(step.symbol)!;
        const commandId = `liquidation-${accountId}-${step.symbol}-${state.settledSeq[step.symbol] ?? 0}`;
        if (this.sent.has(commandId)) return;
        const orderId = await this.orderIds.next();
        await this.send(commandId, {
          v: 1,
          commandId,
          symbol: step.symbol,
          type: 'Liquidate',
          accountId,
          orderId,
          side: step.side,
          price: formatPrice(instrument, step.priceTicks),
          quantity: formatQuantity(instrument, step.lots),
          adlQueue: this.adlQueueFor(step.symbol, step.side === 'SELL' ? -1 : 1),
        });
        return;
      }
    }
  }

  /**
   * The opposite positions (`sign` of their size) of the accounts this process's shards hold, by Binance's ADL
   * ranking (PnL % with each account's effective leverage, which needs its margin balance: only the risk service
   * knows balances). The engine goes on past the queue with the symbol's other opposite positions, so a queue
   * that misses some (another instance's shards, past its length) still leaves nothing open.
   */
  private adlQueueFor(symbol: string, sign: 1 | -1): number[] {
    const candidates: AdlCandidate[] = [];
    for (const state of [...this.peers()].flatMap((shard) => [...shard.holdersOf(symbol)])) {
      const position = state.positions[symbol];
      if (position === undefined || Math.sign(position.size) !== sign) continue;
      // Valued at this shard's marks: the one that decided the liquidation (a peer may not have read it yet).
      const risk = this.riskOfState(state);
      const held = risk.positions.find((p) => p.symbol === symbol);
      if (held === undefined) continue;
      candidates.push({
        accountId: state.accountId,
        unrealizedPnl: held.value.unrealizedPnl,
        cost: position.entryNotional,
        markValue: held.value.notional,
        marginBalance: risk.marginBalance,
      });
    }
    return adlQueue(candidates)
      .slice(0, ADL_QUEUE_LENGTH)
      .map((c) => c.accountId);
  }

  /** This shard's accounts holding a position in `symbol`. */
  *holdersOf(symbol: string): Iterable<AccountState> {
    for (const accountId of this.holders.get(symbol) ?? []) yield this.accounts.get(accountId)!;
  }

  private async decide(accountId: number, decision: Parameters<Accounts['decide']>[1]): Promise<void> {
    const outcome = await this.accountDecisions.decide(accountId, decision);
    if (!outcome.ok) return;
    // Keep this shard's copy's freeze flag; its settlement state stays its own (the store's may lag or lead).
    const mine = this.accounts.get(accountId);
    if (mine !== undefined) this.accounts.set(accountId, { ...mine, frozen: outcome.state.frozen === true });
  }

  private async send(commandId: string, command: Parameters<CommandBus['put']>[0]): Promise<void> {
    if (this.sent.has(commandId)) return;
    this.sent.add(commandId);
    try {
      await this.ports.commands.put(command);
    } catch (error) {
      this.sent.delete(commandId);
      this.ports.log('warn', 'risk: command not sent, will retry on the next evaluation', {
        commandId,
        error,
      });
    }
  }
}

function isMarked(price: ValuationPrice | undefined): boolean {
  return price !== undefined && typeof price !== 'number';
}
