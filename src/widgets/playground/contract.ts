import { contract } from '../contract-kit.ts';
import { partsUi } from '../parts/contract.ts';

/** /playground: the form (playground.astro) and the page's controller. */
export const playgroundUi = contract(
  {
    roles: ['playground-form', 'playground-setup', 'playground-sql', 'playground-mode', 'playground-status'],
    actions: ['playground-run', 'playground-again', 'playground-original', 'playground-share'],
  },
  partsUi,
);
