import type { Plugin } from 'vite';

/**
 * libpg_query's Emscripten loader looks for its wasm next to `document.currentScript`, which a
 * module script does not have, so in a browser it fetches `libpg-query.wasm` relative to the page
 * (a 404 on /check/). Rewriting the lookup to `new URL(…, import.meta.url)` lets Vite see the file,
 * emit it with a hashed name, and point the loader at it. Node (the CLI, tests) is untouched.
 */
export function libpgQueryWasm(): Plugin {
  const LOOKUP = 'return scriptDirectory+path}';
  return {
    name: 'migration-field-guide:libpg-query-wasm',
    transform(code, id) {
      if (!id.replace(/\\/g, '/').endsWith('libpg-query/wasm/libpg-query.js')) return null;
      if (!code.includes(LOOKUP)) this.error('libpg-query changed its wasm lookup; update vite-libpg-query-wasm.ts');
      return { code: code.replace(LOOKUP, 'return new URL("./libpg-query.wasm", import.meta.url).href}'), map: null };
    },
  };
}
