/** Retries `check` until it stops throwing, or rethrows its last error at the deadline. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000, pauseMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
    }
  }
}
