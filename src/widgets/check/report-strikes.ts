import type { FontStrike } from '../../lib/dom/font-strikes.ts';

/**
 * What tools.css draws /check's report in beyond the page's own strikes, laid out when the page is
 * ready (lib/dom/font-strikes.ts says why; tests/e2e/font-strikes.spec.ts finds any missing).
 */
export const REPORT_STRIKES: readonly FontStrike[] = [
  ['sans', '0.8rem', 400],
  ['sans', '0.8rem', 600],
  ['sans', 'var(--t-1)', 400],
  ['sans', '1rem', 500],
  ['sans', 'var(--t3)', 900],
  ['mono', '1rem', 700],
];
