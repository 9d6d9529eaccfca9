/**
 * Functions the browser tests run inside the page (page.evaluate serializes them, so they use nothing from
 * outside their own body). The tests' tsconfig has no DOM library: each says, as a type, what it touches.
 */

interface Canvas {
  readonly width: number;
  readonly height: number;
  getContext(
    kind: '2d',
  ): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}

/** Pixels of the chart's up (#16c784) and down (#ea3943) candle colours, over every canvas given. */
export function candlePixels(canvases: unknown[]): { up: number; down: number } {
  let up = 0;
  let down = 0;
  for (const canvas of canvases as Canvas[]) {
    const context = canvas.getContext('2d');
    if (context === null || canvas.width === 0) continue;
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    for (let i = 0; i < pixels.length; i += 4) {
      if (pixels[i] === 0x16 && pixels[i + 1] === 0xc7 && pixels[i + 2] === 0x84) up++;
      if (pixels[i] === 0xea && pixels[i + 1] === 0x39 && pixels[i + 2] === 0x43) down++;
    }
  }
  return { up, down };
}

interface PageGlobals {
  readonly sessionStorage: { getItem(key: string): string | null };
  readonly localStorage: Record<string, string>;
  readonly document: { readonly cookie: string; readonly documentElement: { readonly scrollWidth: number } };
  readonly innerWidth: number;
}

/** What the page keeps in the browser's storages and cookies. */
export function storedInBrowser(): { session: string | null; local: string; cookies: string } {
  const page = globalThis as unknown as PageGlobals;
  return {
    session: page.sessionStorage.getItem('shardex.apiKey'),
    local: JSON.stringify({ ...page.localStorage }),
    cookies: page.document.cookie,
  };
}

/** The document's width against the viewport's: wider means the page scrolls sideways. */
export function widths(): { document: number; viewport: number } {
  const page = globalThis as unknown as PageGlobals;
  return { document: page.document.documentElement.scrollWidth, viewport: page.innerWidth };
}
