/**
 * Gets the page ready to draw a lab's output, before the engine starts: the lab's styles, the emoji
 * font the build made (integration/lab-emoji-font.ts says why), and every strike and glyph the
 * output draws in, laid out while the page is quiet (lib/dom/font-strikes.ts says why).
 */
import { layOutStrikesAgain, warmFallbackGlyphs, warmFontStrikes } from '../../lib/dom/font-strikes.ts';
import { injectStyle } from '../../lib/dom/inject-style.ts';
import { CLI_GLYPHS } from '../../lib/prisma-lab/cli-glyphs.ts';
import { LAB_STRIKES, LAB_TEXT_STRIKE } from './lab-strikes.ts';
import outputCss from '../parts/output.css?inline';
import labCss from './lab.css?inline';

declare const __LAB_EMOJI_FONT__: string;

let emoji: FontFace | undefined;

/** Idempotent: the lab calls it on the reader's first sign and again when it attaches. */
export function prepareLabText(): void {
  injectStyle('live-example', outputCss);
  injectStyle('prisma-lab', labCss);
  if (!emoji) {
    const codePoints = [...new Set([...CLI_GLYPHS].map((char) => char.codePointAt(0)!))];
    emoji = new FontFace('Lab Emoji', `url(${__LAB_EMOJI_FONT__}) format('woff2')`, {
      unicodeRange: codePoints.map((point) => `U+${point.toString(16)}`).join(', '),
    });
    document.fonts.add(emoji);
    // Offline before it was ever fetched: the system's fallback draws the emoji, as before.
    emoji.load().then(layOutStrikesAgain, () => undefined);
  }
  warmFontStrikes(LAB_STRIKES);
  warmFallbackGlyphs(LAB_TEXT_STRIKE, CLI_GLYPHS);
}
