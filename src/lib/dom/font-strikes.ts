/**
 * Lays out one hidden word in each font strike (family, size, weight, style) that a widget's results
 * will draw in, before the widget starts an engine.
 *
 * Why: Chromium on Linux asks its browser process for a strike's render settings the first time a
 * page lays text out in it, and waits for the answer (a trace shows FontRenderStyleForStrike, a
 * synchronous call, inside Layout). While the database's WASM compiles on both cores of a small
 * machine each answer took ~40 ms, and /check's first report, in six new strikes, held the page
 * still for 114–263 ms. Asked while the page is quiet, the same calls take well under a millisecond
 * each, and the first result finds every strike known.
 */

/** A strike as the CSS writes it: the family's custom property, the size as written, the weight, italic or not. */
export type FontStrike = readonly [family: 'sans' | 'mono' | 'lab-text', size: string, weight: number, style?: 'italic'];

/** How a strike is named in the page (data-strike on its hidden word): tests wait for theirs. */
export const strikeKey = (strike: FontStrike): string => strike.join(' ');

const laidOut = new Set<string>();
let host: HTMLElement | undefined;

/** Lays out now the strikes not laid out yet (a lab's list holds the examples' output strikes too). */
export function warmFontStrikes(strikes: readonly FontStrike[]): void {
  warm(strikes.map((strike) => [strike, 'Aa', strikeKey(strike)]));
}

/**
 * Lays out now, in one strike, characters the page's fonts lack (a CLI's emoji): the first time a
 * strike meets such a character Chromium asks its browser process for a fallback font, the same
 * kind of synchronous call (a trace: Layout → ShapeText → GetFallbackFontForCharacter), which on two
 * busy cores took 110 ms. Asked while the page is quiet it takes ~8 ms.
 */
export function warmFallbackGlyphs(strike: FontStrike, glyphs: string): void {
  warm([[strike, glyphs, `${strikeKey(strike)} ${glyphs}`]]);
}

/**
 * Lays the hidden words out again, once a web font they name has loaded: the words first drew in a
 * fallback, and the loaded font's own strike would otherwise be met in a result's frame.
 */
export function layOutStrikesAgain(): void {
  if (host?.isConnected) host.getBoundingClientRect();
}

function warm(words: readonly (readonly [strike: FontStrike, text: string, key: string])[]): void {
  // A body the router swapped in has no host yet: what the last page laid out went with its body.
  if (!host?.isConnected) {
    laidOut.clear();
    host = document.createElement('div');
    host.dataset.fontStrikes = '';
    host.setAttribute('aria-hidden', 'true');
    // Laid out (so shaped in its strike) but never seen or given room. It stays in the page, so the
    // font cache keeps what it was told.
    host.style.cssText = 'position:absolute;width:0;height:0;overflow:hidden;visibility:hidden';
    document.body.append(host);
  }
  const missing = words.filter(([, , key]) => !laidOut.has(key));
  if (missing.length === 0) return;
  for (const [strike, text, key] of missing) {
    laidOut.add(key);
    const [family, size, weight, style = ''] = strike;
    const word = host.appendChild(document.createElement('span'));
    word.dataset.strike = key;
    word.style.font = `${style} ${weight} ${size} var(--${family})`;
    word.textContent = text;
  }
  // The layout (and the font calls) happen here, not in the frame that draws the first result.
  host.getBoundingClientRect();
}
