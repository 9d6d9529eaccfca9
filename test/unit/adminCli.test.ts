// The operator CLI as an operator runs it: a process of its own, talking to whatever the SDK is pointed at. Here
// that is nothing (a closed port), so the command fails: with its own one-line error, and without the AWS SDK's
// Node-version notice (silenced as npm start silences it, adapters/aws/sdkNodeNotice.ts).

import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');

test('a failing command prints its error and no SDK notice', () => {
  const env: NodeJS.ProcessEnv = { ...process.env, AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };
  delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'bin/admin.ts', 'list-symbols'], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  expect(run.status).toBe(1);
  expect(run.stderr).toMatch(/^error: .*ECONNREFUSED/m);
  expect(run.stderr).not.toMatch(/NodeVersionSupportWarning/);
}, 70_000);
