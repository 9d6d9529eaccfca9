import type { EngineEvent } from './events';
import { evolve } from './evolve';
import type { EngineState } from './state';

/**
 * One command being decided. Each event is evolved into the state the moment it is decided, so the rest of
 * the decision sees its effect (the next maker, the new position), and the state only ever changes through
 * evolve(): replaying the events rebuilds exactly this state.
 */
export class Decision {
  readonly events: EngineEvent[] = [];
  /** Accounts whose position changed in this command (the reduce-only knock-out looks at these); made on demand. */
  positionsChanged: Set<number> | undefined;

  constructor(
    readonly state: EngineState,
    readonly commandId: string,
    readonly time: number,
  ) {}

  /** The sequence number of the event about to be emitted. */
  get seq(): number {
    return this.state.seq + 1;
  }

  /** `makerSlot`: where the maker of a Trade rests, when the caller knows (spares evolve a lookup; checked). */
  emit(event: EngineEvent, makerSlot?: number): void {
    evolve(this.state, event, makerSlot);
    this.events.push(event);
  }

  positionChanged(accountId: number): void {
    this.positionsChanged ??= new Set();
    this.positionsChanged.add(accountId);
  }
}
