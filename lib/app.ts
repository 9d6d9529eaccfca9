import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from './config';
import { type ShardexRoutes, ShardexStack } from './shardexStack';

/**
 * Adds the shardex stack to an app, configured from the app's context, with cdk-nag's AwsSolutions pack as a
 * policy-validation plugin: every synth checks every resource, and an unacknowledged finding (error or warning)
 * fails it. Used by bin/shardex.ts (the `cdk` app) and by the tests, so both synthesize the same thing.
 */
export function addShardex(app: App, routes: ShardexRoutes): ShardexStack {
  const config = readConfig(app.node);
  const stack = new ShardexStack(app, config.stackName, {
    config,
    routes,
    description: `shardex exchange (${config.prefix}): REST/WebSocket APIs, matcher, event store, read side, trading page`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return stack;
}
