import fc from 'fast-check';
import { propertyParameters, testTimeout } from './config';
import { type Scenario, type ScenarioOptions, scenarioArbitrary } from './scenario';

/**
 * A jest test of one property over random trading scenarios: `runs` of them (PROPERTY_RUNS overrides; PROPERTY_SEED
 * replays a failure), each handed to `check`, which throws on a violation. fast-check shrinks a failing scenario.
 */
export function scenarioProperty(
  name: string,
  runs: number,
  check: (scenario: Scenario) => void,
  options?: ScenarioOptions,
): void {
  test(
    name,
    () => {
      fc.assert(fc.property(scenarioArbitrary(options), check), propertyParameters(runs));
    },
    testTimeout(runs),
  );
}
