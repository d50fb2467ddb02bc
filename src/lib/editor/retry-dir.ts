/**
 * The folder, beside the built chunks, holding a second copy of Monaco's chunks for a retry
 * (integration/vite-monaco-chunks.ts writes it, editor-chunk.ts loads from it). On its own so the
 * build and the page share the name without either importing the other.
 */
export const RETRY_DIR = 'retry';
