/** A live example's id is its element id without the `ex-` prefix (the page carries it once, not twice). */
export const exampleIdOf = (element: HTMLElement): string | undefined => (element.id.startsWith('ex-') ? element.id.slice(3) : undefined);
