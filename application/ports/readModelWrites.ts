/**
 * The read models' writes of one batch gathered and sent together: inside `gathered`, the batch writes every
 * model's store makes are held and, once `work` is done, sent in the order they were made, as few requests as
 * the store allows (DynamoDB's BatchWriteItem takes 25 items of any tables). If sending fails, `gathered` fails:
 * the batch is not done (the projector then does not advance its progress).
 */
export interface ReadModelWrites {
  gathered<T>(work: () => Promise<T>): Promise<T>;
}

/** Writes sent as they are made (the in-memory stores, which have no requests to save). */
export const WRITES_AS_MADE: ReadModelWrites = { gathered: (work) => work() };
