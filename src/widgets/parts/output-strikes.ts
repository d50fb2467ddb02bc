import type { FontStrike } from '../../lib/dom/font-strikes.ts';

/**
 * The strikes output.css draws a run's output in (tables, notices, errors), laid out before the
 * database starts (lib/dom/font-strikes.ts says why; tests/e2e/font-strikes.spec.ts finds any missing).
 */
export const OUTPUT_STRIKES: readonly FontStrike[] = [
  ['sans', '0.8rem', 500],
  ['sans', '0.85rem', 600],
  ['sans', '0.9rem', 600],
  ['mono', '0.85rem', 400],
  ['mono', '0.85rem', 700],
  ['mono', '0.9rem', 400],
  ['mono', '0.9rem', 600],
];
