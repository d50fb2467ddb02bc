import { contract } from '../contract-kit.ts';

/** Search: the page shell's button that opens it (the dialog itself finds its parts by element). */
export const searchUi = contract({ roles: [], actions: ['open-search'] });
