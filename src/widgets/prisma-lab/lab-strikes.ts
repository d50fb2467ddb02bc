import type { FontStrike } from '../../lib/dom/font-strikes.ts';
import { OUTPUT_STRIKES } from '../parts/output-strikes.ts';

/**
 * What lab.css draws a command's output and the database after it in, for the lab to lay out before
 * its engine starts (lib/dom/font-strikes.ts says why; tests/e2e/font-strikes.spec.ts finds any missing).
 */
export const LAB_STRIKES: readonly FontStrike[] = [
  ...OUTPUT_STRIKES,
  ['sans', '0.9rem', 700],
  ['mono', '0.78rem', 400],
  ['mono', '0.8rem', 400],
  ['mono', '0.8rem', 400, 'italic'],
  ['mono', '0.8rem', 700],
  ['mono', '0.82rem', 400],
  ['mono', '0.85rem', 600],
  // global.css's code (0.875em) inside the lab's 0.85rem and 0.9rem text.
  ['mono', 'calc(0.875 * 0.85rem)', 400],
  ['mono', 'calc(0.875 * 0.9rem)', 400],
  ['mono', 'calc(0.875 * 0.9rem)', 600],
];

/**
 * The strike lab.css draws a command's printed text in (.lab-output-text): the monospace family, then
 * the emoji font the build makes (lab.css's --lab-text), so its emoji need no font from the system.
 */
export const LAB_TEXT_STRIKE: FontStrike = ['lab-text', '0.82rem', 400];
