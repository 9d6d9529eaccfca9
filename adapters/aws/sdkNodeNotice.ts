/**
 * The AWS SDK warns, when a process builds its first client, that its releases after January 2027 need Node 22.
 * This repository pins its SDK version by the lockfile, and the Lambdas and the matcher image already run Node
 * 22; on the Node 20 that developer machines may have, the notice only buries the output of `npm start`, the
 * operator CLI, the tests and the benchmarks, which silence it through this one variable (README,
 * Requirements), before they build a client.
 */
export const SDK_NODE_NOTICE_OFF = { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } as const;

/** Silences the notice for this process (and the processes it starts), unless the variable is set already. */
export function silenceSdkNodeNotice(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??=
    SDK_NODE_NOTICE_OFF.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
}
