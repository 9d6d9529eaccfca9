// The rule of architecture §2: core/ is the exchange's pure domain. It imports nothing from outside core/ (no AWS,
// no Node I/O, no packages) and never reads a clock or a random source: time and ids arrive on commands, so a
// replay decides exactly what the first run decided.

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const CORE = resolve(__dirname, '../../../core');

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourcesUnder(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Ways of reaching the world. Date in any form: core/ does its calendar arithmetic on integers. */
const FORBIDDEN: readonly [RegExp, string][] = [
  [/\bDate\b/, 'uses Date (the clock, or calendar code that could read it)'],
  [/\bperformance\s*\./, 'reads the clock'],
  [/\bprocess\s*\./, 'reads the process'],
  [/\bMath\.random\s*\(/, 'is random'],
  [/\bcrypto\s*\./, 'is random or I/O'],
  [/\b(setTimeout|setInterval|setImmediate|queueMicrotask)\s*\(/, 'uses timers'],
  [/\brequire\s*\(/, 'loads a module at run time'],
  [/\bimport\s*\(/, 'loads a module at run time'],
];

const files = sourcesUnder(CORE);

describe('core/ is pure', () => {
  test('there is a core to check', () => {
    expect(files.length).toBeGreaterThan(20);
  });

  test.each(files.map((f) => [relative(CORE, f), f]))('%s imports only from core/', (_name, file) => {
    const source = readFileSync(file, 'utf8');
    const specifiers = [...source.matchAll(/\bfrom\s+'([^']+)'/g)].map((m) => m[1]!);
    for (const specifier of specifiers) {
      expect({ specifier, relative: specifier.startsWith('.') }).toEqual({ specifier, relative: true });
      const target = resolve(dirname(file), specifier);
      expect({ specifier, insideCore: target.startsWith(`${CORE}/`) }).toEqual({
        specifier,
        insideCore: true,
      });
    }
  });

  test.each(files.map((f) => [relative(CORE, f), f]))(
    '%s reads no clock, randomness or timer',
    (_name, file) => {
      const code = readFileSync(file, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '');
      const found = FORBIDDEN.filter(([pattern]) => pattern.test(code)).map(([, why]) => why);
      expect(found).toEqual([]);
    },
  );
});
