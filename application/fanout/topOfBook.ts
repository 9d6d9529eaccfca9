/** The best levels of each side as of `updateId` (at or past the run's last event): [ticks, lots]. */
export interface TopOfBook {
  readonly updateId: number;
  readonly time: number;
  readonly bids: readonly [number, number][];
  readonly asks: readonly [number, number][];
}
