import type { EngineCommand } from '../../../../core/engine/commands';
import type { EngineEvent } from '../../../../core/engine/events';
import { MatchingEngine } from '../../../../core/engine/matchingEngine';
import { type Planned, plan, type Scenario } from './scenario';

/** One executed command, seen by an observer after the engine decided it. */
export interface Step {
  /** 0 for the ListSymbol that opens every run. */
  readonly index: number;
  readonly planned: Planned;
  readonly command: EngineCommand;
  readonly events: readonly EngineEvent[];
  readonly engine: MatchingEngine;
}

/**
 * Watches a run. `before` sees the engine just before a command (capture what the property compares),
 * `after` sees the command's events with the engine just after it.
 */
export interface Observer {
  before?(engine: MatchingEngine, command: EngineCommand): void;
  after(step: Step): void;
}

export interface Run {
  readonly scenario: Scenario;
  readonly commands: readonly EngineCommand[];
  readonly events: readonly (readonly EngineEvent[])[];
  readonly engine: MatchingEngine;
}

/** Plays a scenario on a fresh engine, letting each observer check every step. */
export function runScenario(scenario: Scenario, ...observers: Observer[]): Run {
  const engine = MatchingEngine.create(scenario.market.spec.symbol, { expectedOrders: scenario.capacity });
  const commands: EngineCommand[] = [];
  const events: EngineEvent[][] = [];
  const planner = plan(scenario, engine);
  for (let next = planner.next(); !next.done; ) {
    const planned = next.value;
    const command = planned.command;
    for (const observer of observers) observer.before?.(engine, command);
    const decided = engine.execute(command);
    const step: Step = { index: commands.length, planned, command, events: decided, engine };
    commands.push(command);
    events.push(decided);
    for (const observer of observers) observer.after(step);
    next = planner.next(decided);
  }
  return { scenario, commands, events, engine };
}

/** JSON that keeps bigints (as "123n"), so events compare byte for byte. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (typeof v === 'bigint' ? `${v}n` : v));
}

/** A short description of a command for failure messages. */
export function describeCommand(command: EngineCommand): string {
  return canonicalJson(command);
}
