/**
 * How the event log's consumers (the projector, the fan-out) take a delivery: its units (batches, or runs of
 * them) are handled one at a time, in order; at the first that fails the rest wait, and the unit's first record
 * is reported, so the delivery comes again from there (a Lambda's partial batch failure, the local stream
 * poller). The units before it are done.
 */
export async function consumeInOrder<T>(
  units: Iterable<T>,
  handle: (unit: T) => Promise<void>,
  /** Logs the failure; returns the unit's first record. */
  failed: (unit: T, error: unknown) => string,
): Promise<{ readonly failedRecordId?: string }> {
  for (const unit of units) {
    try {
      await handle(unit);
    } catch (error) {
      return { failedRecordId: failed(unit, error) };
    }
  }
  return {};
}
