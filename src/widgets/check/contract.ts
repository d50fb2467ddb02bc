import { contract } from '../contract-kit.ts';
import { partsUi } from '../parts/contract.ts';

/** /check: the form (check.astro), the page's controller and its report. */
export const checkUi = contract(
  {
    roles: [
      'check-form',
      'check-sql',
      'check-context',
      'check-folder',
      'check-target',
      'check-run',
      'check-status',
      'check-report',
      'check-summary',
      'check-migration',
      'check-file-problem',
      'check-missing-context',
      'check-extension',
      'check-locks',
    ],
    actions: ['check-sample', 'check-share'],
  },
  partsUi,
);
