import type { FoldRunner } from './foldRunner';
import type { ReadModel } from './readModel';

/** A read model that is a fold: the projector and the rebuild drive it through its runner, writing. */
export function foldedModel<S, I>(name: string, runner: FoldRunner<S, I>): ReadModel {
  return {
    name,
    async apply(batch, { instrument, follows }) {
      await runner.run(batch, instrument, { follows: follows ?? false, write: true });
    },
  };
}
