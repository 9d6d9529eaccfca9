import { App } from 'aws-cdk-lib';
import { restRoutes } from '../lambdas/rest/app';
import { webSocketRouteKeys } from '../lambdas/websocket/app';
import { addShardex } from '../lib/app';

/**
 * The CDK app (cdk.json "app": `npx tsx bin/shardex.ts`) and its composition root: it reads the route tables of
 * the runtime code and hands them to the stack as plain data, so lib/ never imports runtime code and a route
 * added to the code becomes an API route at the next deploy.
 */
const app = new App();
addShardex(app, {
  rest: restRoutes.map(({ method, path }) => ({ method, path })),
  webSocket: webSocketRouteKeys,
});
app.synth();
