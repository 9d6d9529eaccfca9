import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's chromium package; no browser is ever downloaded. SHARDEX_CHROMIUM points elsewhere. */
export const CHROMIUM = process.env.SHARDEX_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Whether the browser suite runs. Without a Chromium it must not pass silently: locally it is skipped with a loud
 * message; in CI (CI set, or SHARDEX_REQUIRE_BROWSER=1, which .ci/run sets after installing chromium) it fails.
 */
export function browserSuite(): { readonly run: boolean; readonly missing?: string } {
  if (existsSync(CHROMIUM)) return { run: true };
  const missing =
    `Chromium is not installed at ${CHROMIUM}: the trading page's browser tests cannot run. ` +
    'Install it with `apt-get install -y chromium` (Debian), or set SHARDEX_CHROMIUM.';
  const required = Boolean(process.env.CI) || process.env.SHARDEX_REQUIRE_BROWSER === '1';
  if (!required) {
    process.stderr.write(`\n\n*** SKIPPED: ${missing} ***\n\n`);
    return { run: false };
  }
  return { run: true, missing };
}

/** The flags every shardex browser test runs Chromium with, in a fresh profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(path.join(tmpdir(), 'shardex-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 800 },
    deviceScaleFactor: 1,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface ConsoleEntry {
  readonly at: number;
  readonly text: string;
}

/** Every console error and uncaught exception of a page, with when it happened. */
export function consoleErrors(page: Page): ConsoleEntry[] {
  const errors: ConsoleEntry[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push({ at: Date.now(), text: message.text() });
  });
  page.on('pageerror', (error) => errors.push({ at: Date.now(), text: `uncaught: ${error.message}` }));
  return errors;
}
