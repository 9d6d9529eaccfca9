import type { Accounts } from '../accounts/accounts';
import type { AccountShardLease, AccountShardLeases } from '../ports/accountShardLeases';
import { type CommandBus, CommandNotSent } from '../ports/commandBus';
import { FencedAccounts } from './fencedAccounts';
import { RiskFigures } from './riskFigures';
import { type MarginCalls, type OrderIds, type RiskPorts, RiskShard } from './riskShard';
import { SharedLogReads } from './sharedLogReads';
import { TappedEventLog } from './tappedEventLog';

export interface RiskServiceSettings {
  /** This instance, as the leases name their owner (unique per process: a restarted task is a new instance). */
  readonly instanceId: string;
  /** Accounts hash to this many shards (account id mod N); every instance must use the same N. */
  readonly accountShards: number;
  /** How long a lease lasts without renewal before another instance may take it over. */
  readonly leaseDurationMs: number;
  /**
   * An instance stops acting for a shard this long before its lease expires, so a put in flight, a paused
   * process or a clock that runs a little off still ends before the next holder starts (see `mayAct`).
   */
  readonly leaseSafetyMs: number;
}

export interface RiskServicePorts extends RiskPorts {
  readonly leases: AccountShardLeases;
}

/** One account shard this instance holds: its lease, when it may start acting, and the shard's evaluator. */
interface HeldShard {
  lease: AccountShardLease;
  /** The previous holder's lease as this instance took it over: that holder acts until then, this one after. */
  readonly actsFrom: number;
  readonly risk: RiskShard;
  /** Per symbol, when this shard last read the symbol's log to its end (every event committed before, evaluated). */
  readonly caughtUp: Map<string, number>;
  recovered: boolean;
}

/**
 * The risk service of one running instance: it holds some of the N account shards through leases (as the matcher
 * holds Kinesis shards) and runs one RiskShard per held shard.
 *
 * Leases: `balance()` renews the held ones and takes the instance's fair share (⌈N ÷ live instances⌉) of the free
 * or expired ones; an instance with less than its share and nothing free takes one over from the busiest instance
 * above its share; an instance above its share gives the extra back. A take is conditional on the lease as seen
 * (counter and expiry), so the taker knows exactly until when the previous holder may act, and acts only after
 * that (`actsFrom`); the previous holder acts only until its expiry minus `leaseSafetyMs`, and its next renewal
 * fails (the counter moved), so it drops the shard. Two holders never act on one shard at the same time, as long
 * as clocks agree within the safety margin. "Act" is both of a shard's ways to change anything: its commands
 * (a fenced command bus) and its account decisions, the freeze and unfreeze (FencedAccounts).
 *
 * And if they did (a put delayed past the margin): every command the shard sends has an id derived from the
 * account's settled state (riskShard.ts), so the new holder, deciding on the same log, sends the same id, and the
 * matcher applies a command id once. Recovery is the same path as a fresh start: a new RiskShard reads each
 * symbol's log from the start and loads each account of the shard from the accounts table when an event first
 * concerns it; it acts only once caught up with the symbol (see RiskShard.follow).
 */
export class RiskService {
  private readonly held = new Map<number, HeldShard>();
  /** One read of each symbol's log per poll, shared by the held shards. */
  private readonly events: SharedLogReads;
  readonly figures: RiskFigures;

  constructor(
    private readonly ports: RiskServicePorts,
    private readonly accountDecisions: Accounts,
    private readonly orderIds: OrderIds,
    private readonly marginCalls: MarginCalls,
    readonly settings: RiskServiceSettings,
  ) {
    if (!Number.isSafeInteger(settings.accountShards) || settings.accountShards < 1)
      throw new RangeError(`accountShards must be a positive integer, got ${settings.accountShards}`);
    this.figures = new RiskFigures(ports.clock());
    this.events = new SharedLogReads(ports.events);
  }

  /** The account shards held now, in order. */
  get shards(): number[] {
    return [...this.held.keys()].sort((a, b) => a - b);
  }

  /** Whether this instance may send commands for the shard now: it holds the lease and it is its turn. */
  mayAct(shard: number): boolean {
    const held = this.held.get(shard);
    const now = this.ports.clock();
    return (
      held !== undefined && now >= held.actsFrom && now < held.lease.expires - this.settings.leaseSafetyMs
    );
  }

  /** Renews the held leases, gives back what is above the fair share, and takes what is below it. */
  async balance(): Promise<void> {
    const { instanceId, accountShards, leaseDurationMs } = this.settings;
    for (const [shard, held] of this.held) {
      const renewed = await this.ports.leases.renew(held.lease, this.ports.clock() + leaseDurationMs);
      if (renewed === undefined) {
        this.held.delete(shard);
        this.ports.log('warn', 'risk: account shard lease lost', { shard, counter: held.lease.counter });
      } else held.lease = renewed;
    }
    const now = this.ports.clock();
    const leases = await this.ports.leases.list(accountShards);
    const live = (l: AccountShardLease) => l.owner !== null && l.expires > now;
    const instances = new Set(leases.filter(live).map((l) => l.owner!));
    instances.add(instanceId);
    const share = Math.ceil(accountShards / instances.size);

    for (const shard of this.shards.slice(share).reverse()) await this.release(shard);
    const wanted = share - this.held.size;
    if (wanted <= 0) return;
    const free = leases.filter((l) => !this.held.has(l.shard) && !live(l)).slice(0, wanted);
    for (const lease of free) await this.take(lease);
    if (free.length > 0) return;
    const load = new Map<string, AccountShardLease[]>();
    for (const lease of leases.filter(live))
      if (lease.owner !== instanceId) load.set(lease.owner!, [...(load.get(lease.owner!) ?? []), lease]);
    const busiest = [...load.values()].sort((a, b) => b.length - a.length)[0];
    if (busiest !== undefined && busiest.length > share) await this.take(busiest[busiest.length - 1]!);
  }

  /**
   * Reads every symbol's new events into each held shard that may act, and acts on them; returns how many events
   * were applied. A shard's failure (a throttled read) is logged and retried at the next poll.
   */
  async poll(): Promise<number> {
    let applied = 0;
    this.events.nextRound();
    const instruments = await this.ports.symbols.all();
    for (const instrument of instruments) this.figures.know(instrument);
    const symbols = instruments.map((instrument) => instrument.spec.symbol);
    for (const [shard, held] of this.held) {
      if (!this.mayAct(shard)) continue;
      try {
        for (const symbol of symbols) {
          const from = this.ports.clock();
          applied += await held.risk.follow(symbol);
          held.caughtUp.set(symbol, from);
        }
        if (!held.recovered) {
          held.recovered = true;
          this.ports.log('info', 'risk: account shard recovered', {
            shard,
            accounts: held.risk.accountsKnown,
            ms: this.ports.clock() - held.actsFrom,
          });
        }
      } catch (error) {
        this.ports.log('warn', 'risk: poll failed, will retry', { shard, error });
      }
    }
    return applied;
  }

  /**
   * Seconds since every held shard last read the symbol's log to its end: no event committed longer ago is still
   * unevaluated. Undefined when this instance holds no shard.
   */
  lagSeconds(symbol: string): number | undefined {
    if (this.held.size === 0) return undefined;
    const now = this.ports.clock();
    let oldest = now;
    for (const held of this.held.values())
      oldest = Math.min(oldest, held.caughtUp.get(symbol) ?? held.actsFrom);
    return Math.max(0, Math.round((now - oldest) / 1000));
  }

  /** Gives every lease back (a drain), so other instances take the shards at once. */
  async stop(): Promise<void> {
    for (const shard of this.shards) await this.release(shard);
  }

  private async take(seen: AccountShardLease): Promise<void> {
    const { instanceId, leaseDurationMs, accountShards } = this.settings;
    const now = this.ports.clock();
    const lease = await this.ports.leases.take(seen, instanceId, now + leaseDurationMs);
    if (lease === undefined) return;
    const shard = seen.shard;
    const ports: RiskPorts = {
      ...this.ports,
      commands: this.fenced(shard),
      events: new TappedEventLog(this.events, (symbol, item) =>
        this.figures.observe(symbol, item, (accountId) => accountId % accountShards === shard),
      ),
    };
    this.held.set(shard, {
      lease,
      actsFrom: Math.max(now, seen.owner === null ? 0 : seen.expires),
      risk: new RiskShard(
        ports,
        new FencedAccounts(this.accountDecisions.store, this.ports.clock, () => this.mayAct(shard)),
        this.orderIds,
        this.marginCalls,
        shard,
        accountShards,
        () => [...this.held.values()].map((held) => held.risk),
      ),
      caughtUp: new Map(),
      recovered: false,
    });
    this.ports.log('info', 'risk: account shard lease taken', {
      shard,
      counter: lease.counter,
      from: seen.owner,
    });
  }

  private async release(shard: number): Promise<void> {
    const held = this.held.get(shard);
    if (held === undefined) return;
    this.held.delete(shard);
    await this.ports.leases.release(held.lease);
    this.ports.log('info', 'risk: account shard lease released', { shard });
  }

  /** The command stream as one shard may use it: only while it may act (the fence), else "not sent". */
  private fenced(shard: number): CommandBus {
    return {
      put: (command) => {
        if (!this.mayAct(shard))
          return Promise.reject(
            new CommandNotSent(command.commandId, new Error(`account shard ${shard} is not this instance's`)),
          );
        return this.ports.commands.put(command);
      },
    };
  }
}
