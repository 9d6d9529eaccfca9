/**
 * Structured JSON logs for the handlers (CloudWatch Logs in Lambda, stdout locally). Request ids, paths and codes
 * only: never parameters, bodies, signatures or keys.
 */
export function logJson(
  level: 'info' | 'warn' | 'error',
  message: string,
  fields: Record<string, unknown> = {},
): void {
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }, (_k, v) =>
    v instanceof Error
      ? { name: v.name, message: v.message, stack: v.stack }
      : typeof v === 'bigint'
        ? v.toString()
        : v,
  );
  (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
}
