// Node 22.18+ runs this package's TypeScript itself, except under node_modules (an installed
// package), where it refuses to strip types. There the same stripping is applied through a load hook,
// so `npx migration-field-guide` works from an install as it does from a checkout. Synchronous,
// in-thread hooks: each worker thread imports this file too.
import { readFileSync } from 'node:fs';
import { registerHooks, stripTypeScriptTypes } from 'node:module';
import { fileURLToPath } from 'node:url';

if (typeof registerHooks === 'function' && typeof stripTypeScriptTypes === 'function') {
  // The same stripping Node applies silently to files outside node_modules; a CI log needs no
  // "experimental" notice about it (every other warning still goes through).
  const emitWarning = process.emitWarning.bind(process);
  process.emitWarning = (warning, ...rest) => {
    if (String(warning instanceof Error ? warning.message : warning).startsWith('stripTypeScriptTypes is an experimental')) return;
    emitWarning(warning, ...rest);
  };
  registerHooks({
    load(url, context, nextLoad) {
      if (!url.startsWith('file:') || !url.endsWith('.ts') || !url.includes('/node_modules/')) return nextLoad(url, context);
      const source = readFileSync(fileURLToPath(url), 'utf8');
      return { format: 'module', source: stripTypeScriptTypes(source), shortCircuit: true };
    },
  });
}
