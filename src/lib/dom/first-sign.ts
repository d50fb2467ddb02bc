/**
 * The reader's first sign of acting on a page: the pointer over it, a focus, a touch, the wheel, a
 * key. Nothing the page loads on its own (the Copy buttons, the router, an example's dwell prewarm)
 * starts before it, so a reader who only looks pays for none of it, and "bytes before interaction"
 * does not depend on how long the page took to load. A scroll does not count: opening a #section
 * link scrolls with nobody there.
 */
const SIGNS = ['pointerover', 'focusin', 'touchstart', 'wheel', 'keydown'] as const;
/** What waits for the first sign; undefined once it has come. */
let waiting: (() => void)[] | undefined = [];

function sign(): void {
  const ready = waiting ?? [];
  waiting = undefined;
  for (const type of SIGNS) removeEventListener(type, sign, true);
  for (const callback of ready) callback();
}
// Captured on window: an event a widget stops on its way up still counts. (Browsers already treat
// window-level wheel and touch listeners as passive.)
for (const type of SIGNS) addEventListener(type, sign, true);

/** Runs `callback` at the reader's first sign, or now if it has come. */
export function onFirstSign(callback: () => void): void {
  if (waiting) waiting.push(callback);
  else callback();
}
