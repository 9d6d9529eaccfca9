// What every local emulator is, whatever runs it (in this process or as a child process).

export interface RunningEmulator {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  /** Frees the port and every handle; resolves when they are gone. */
  stop(): Promise<void>;
}

/** How long an emulator keeps a new stream or table in CREATING. AWS takes seconds; tests should not. */
export const CREATE_DELAY_MS = 10;
