/** Dispatched on document after the router has swapped in another page's body. */
export const PAGE_SWAPPED = 'guide:page-swapped';
