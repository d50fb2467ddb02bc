import { contract } from '../contract-kit.ts';
import { partsUi } from '../parts/contract.ts';

/** A live SQL example: its markup (remark-live-sql.ts), its element and controller, its edit notes. */
export const liveUi = contract(
  {
    roles: ['code', 'mode', 'db-state', 'expect', 'versions', 'rows', 'rows-note', 'fill', 'edit-note', 'edit-status'],
    actions: [
      'run',
      'stop',
      'reset',
      'edit',
      'dump',
      'restore',
      // Sent by the element when the reader clicks into the code (no button carries it).
      'focus-code',
      'restore-original',
      'share',
      'show-original',
      'use-shared',
      'load-other-tab',
      'keep-this-tab',
    ],
  },
  partsUi,
);
