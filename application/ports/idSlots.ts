/**
 * The slots of the order-id space (application/orderEntry/orderIds.ts): each ingress process leases one, so no
 * two processes ever make the same id.
 */
export interface IdSlots {
  /**
   * Leases `slot` to `owner` until `until`, unless another owner's lease on it lasts past `now`. true when
   * `owner` holds the slot afterwards (a new lease, or its own renewed).
   */
  lease(slot: number, owner: string, now: number, until: number): Promise<boolean>;
}
