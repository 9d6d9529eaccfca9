import type { ReadModelReset, RebuildableModel } from '../../application/ports/readModelReset';

/** A memory read model that can drop its items (all, or one symbol's) and say how many went. */
export interface Droppable {
  drop(symbol?: string): number;
}

/** Drops the memory read models' items, each model by its own store. */
export class MemoryReadModelReset implements ReadModelReset {
  constructor(private readonly models: Readonly<Record<RebuildableModel, Droppable>>) {}

  async drop(model: RebuildableModel, symbol?: string): Promise<number> {
    return this.models[model].drop(symbol);
  }
}
