import { basename, dirname, relative } from 'node:path/posix';
import type { Plugin } from 'vite';
import { RETRY_DIR } from '../editor/retry-dir.ts';

const MONACO = String.raw`monaco-editor[\\/]esm[\\/]vs[\\/]`;

/**
 * Monaco's layers, each a chunk of its own. The browser parses a script off the main thread, one
 * script per thread: Monaco as one 2.7 MB chunk was ~370 ms of parsing on one core before any of
 * it could run, while the other core idled. As three chunks (base 0.8 MB, platform 0.4 MB, editor
 * 1.4 MB), two cores parse them side by side: Edit → editor ready went from a median of 932 to 838,
 * 994 to 871 and 1,195 to 1,053 ms in three A/B runs (8 cold readers each, interleaved, the database
 * starting beside them), for 4 KB gz more.
 *
 * A layer imports only the layers below it (base ← platform ← editor, as Monaco is built), so the
 * chunks import each other in one direction. nls.js, which base's modules call for their strings,
 * goes with base for that reason: left in the entry chunk it made base import the chunk that
 * imports base. Each group takes only the modules it names (not their dependencies, which would
 * pull the page's preload helper into Monaco's chunk and Monaco into every page); the entry keeps
 * the guide's own editor code and the pgsql grammar.
 *
 * The browser asks for a module's imports once it has parsed the module, so base and platform,
 * imported by the editor layer, would wait for its 1.4 MB to be parsed: the chunks that import a
 * layer import every layer it reaches as well, lowest first (the order in which they run anyway).
 */
const LAYERS = [
  { name: 'monaco-base', test: new RegExp(`${MONACO}(base[\\\\/]|nls\\.js)`) },
  { name: 'monaco-platform', test: new RegExp(`${MONACO}platform[\\\\/]`) },
  { name: 'monaco-editor', test: new RegExp(`${MONACO}(editor[\\\\/]|amdX\\.js)`) },
];

/**
 * Also writes a second copy of every chunk that reaches a layer, in a folder of its own
 * (RETRY_DIR), for the one failure a single chunk did not have: the editor's chunk arrived but a
 * layer did not. Chromium remembers a failed module fetch for the page's lifetime, so the editor's
 * loader retries under a fresh URL (editor/editor-chunk.ts); the layers' URLs are written inside
 * the chunks, though, and would stay the failed ones. The copies import each other by the same
 * relative names (so, from their own folder, URLs never asked for) and everything else from the
 * originals' folder. A failed attempt evaluated nothing, so the copy that loads is the page's only
 * Monaco.
 */
export function monacoInParallelChunks(): Plugin {
  return {
    name: 'migration-field-guide:monaco-chunks',
    // The pages' build only: the server build never loads Monaco.
    configEnvironment: (name) =>
      name === 'client'
        ? {
            build: {
              rolldownOptions: {
                // Required by rolldown once groups stop taking their dependencies along.
                preserveEntrySignatures: 'allow-extension',
                output: { codeSplitting: { includeDependenciesRecursively: false, groups: LAYERS } },
              },
            },
          }
        : undefined,
    generateBundle(_options, bundle) {
      const layers = new Set(LAYERS.map(({ name }) => name));
      const chunks = Object.values(bundle).filter((file) => file.type === 'chunk');
      const byFile = new Map(chunks.map((chunk) => [chunk.fileName, chunk]));
      const isLayer = (fileName: string) => layers.has(byFile.get(fileName)?.name ?? '');
      /** The layers `fileName` reaches, each after the layers it imports. */
      const reached = (fileName: string, into: string[] = []): string[] => {
        for (const imported of byFile.get(fileName)?.imports ?? [])
          if (isLayer(imported) && !into.includes(imported)) {
            reached(imported, into);
            into.push(imported);
          }
        return into;
      };
      for (const chunk of chunks) {
        if (isLayer(chunk.fileName) || !chunk.imports.some(isLayer)) continue;
        const missing = reached(chunk.fileName).filter((fileName) => !chunk.imports.includes(fileName));
        const from = dirname(chunk.fileName);
        chunk.code = missing.map((fileName) => `import"./${relative(from, fileName)}";`).join('') + chunk.code;
        chunk.imports.push(...missing);
      }
      const copied = new Set(chunks.filter((chunk) => isLayer(chunk.fileName)).map((chunk) => chunk.fileName));
      for (let grew = true; grew; ) {
        grew = false;
        for (const chunk of chunks)
          if (!copied.has(chunk.fileName) && chunk.imports.some((fileName) => copied.has(fileName))) {
            copied.add(chunk.fileName);
            grew = true;
          }
      }
      for (const fileName of copied) {
        const from = dirname(fileName);
        // Only the names of this build's chunks are rewritten, never a string that merely looks like one.
        const code = (byFile.get(fileName) as { code: string }).code.replace(
          /(["'`])\.\/([^"'`/]+\.js)\1/g,
          (specifier, quote: string, name: string) =>
            byFile.has(`${from}/${name}`) && !copied.has(`${from}/${name}`) ? `${quote}../${name}${quote}` : specifier,
        );
        this.emitFile({ type: 'asset', fileName: `${from}/${RETRY_DIR}/${basename(fileName)}`, source: code });
      }
    },
  };
}
