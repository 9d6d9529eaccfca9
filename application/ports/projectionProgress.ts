/**
 * How far a consumer of the event log has got in each symbol: the last event sequence it has fully applied.
 * Advancing is conditional on the value read, so two deliveries of one batch cannot both advance it.
 */
export interface ProjectionProgress {
  /** 0 before the first batch. */
  get(consumer: string, stream: string): Promise<number>;
  /** Moves the progress from `from` to `to`; false if it is not at `from` (another delivery moved it). */
  advance(consumer: string, stream: string, from: number, to: number): Promise<boolean>;
}
