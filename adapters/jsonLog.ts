import type { Log } from '../application/ports/log';

/**
 * Logs as JSON lines: CloudWatch Logs in Lambda (stdout and stderr are its log stream), stdout and stderr
 * locally. Errors keep their name, message and stack; bigints are written as decimal strings.
 */
export const logJson: Log = (level, message, fields = {}) => {
  const line = JSON.stringify({ time: new Date().toISOString(), level, message, ...fields }, (_k, v) =>
    v instanceof Error
      ? { name: v.name, message: v.message, stack: v.stack }
      : typeof v === 'bigint'
        ? v.toString()
        : v,
  );
  (level === 'error' ? process.stderr : process.stdout).write(`${line}\n`);
};
