import { contract } from '../contract-kit.ts';
import { partsUi } from '../parts/contract.ts';

/** The Prisma lab: PrismaLab.astro's markup, its element, the controller and its output. */
export const labUi = contract(
  {
    roles: [
      'lab-form',
      'lab-preset',
      'lab-command',
      'lab-run',
      'lab-mode',
      'lab-log',
      'lab-output',
      'lab-state',
      'lab-status',
      'lab-files',
      'lab-file',
      'lab-file-code',
      'lab-path',
      'lab-restarted',
      'lab-migrations',
      'lab-locks',
      'migration-locks',
    ],
    actions: [
      'lab-step',
      'lab-quick',
      'lab-open-file',
      'lab-edit-file',
      'lab-add-file',
      'lab-rename-file',
      'lab-delete-file',
      'lab-share',
      'lab-start-over',
      'lab-stop',
      'lab-replay',
      // Intents the element or a share link sends that no button carries.
      'lab-run',
      'lab-restore',
      'shared',
    ],
  },
  partsUi,
);
