/** Milliseconds since the epoch. Every part that reads time is handed one, so tests and benchmarks choose it. */
export type Clock = () => number;
