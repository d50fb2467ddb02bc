// The worker thread's entry: the TypeScript hooks first, so the worker loads from an install too.
import './typescript-hooks.mjs';

await import('./cli-worker.ts');
