/**
 * Structured logs (CloudWatch Logs on AWS, stdout locally): a message and the fields that identify what it is
 * about (request ids, paths, codes, symbols, sequences). Never parameters, bodies, signatures or keys.
 */
export type Log = (
  level: 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void;
