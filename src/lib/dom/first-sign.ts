/**
 * The reader's first sign of acting on a page: the pointer over it, a focus, a touch, the wheel, a
 * key. Nothing the page loads on its own (the Copy buttons, the router, an example's dwell prewarm)
 * starts before it, so a reader who only looks pays for none of it, and "bytes before interaction"
 * does not depend on how long the page took to load. A scroll does not count: opening a #section
 * link scrolls with nobody there.
 */
const SIGNS = ['pointerover', 'focusin', 'touchstart', 'wheel', 'keydown'] as const;
let signed = false;
const waiting: (() => void)[] = [];

function sign(): void {
  if (signed) return;
  signed = true;
  for (const type of SIGNS) removeEventListener(type, sign, { capture: true });
  for (const callback of waiting.splice(0)) callback();
}
// Captured on window: an event a widget stops on its way up still counts.
for (const type of SIGNS) addEventListener(type, sign, { capture: true, passive: true });

/** Runs `callback` at the reader's first sign, or now if it has come. */
export function onFirstSign(callback: () => void): void {
  if (signed) callback();
  else waiting.push(callback);
}

export const hasSigned = (): boolean => signed;
