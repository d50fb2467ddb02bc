#!/usr/bin/env node
// The checker's command line. Its code is TypeScript that Node 22.18+ runs directly; an older Node
// hands over to the Node 22 this project installs (the `node` devDependency).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  // Beside this package in a checkout, or hoisted next to it in an install.
  let bundled = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  try {
    bundled = join(dirname(createRequire(import.meta.url).resolve('node/package.json')), 'bin', 'node');
  } catch {
    // not installed: the message below says what to do
  }
  if (!existsSync(bundled)) {
    console.error(`Node ${process.versions.node} cannot run the checker; install Node 22.18 or newer (or run npm install here).`);
    process.exit(2);
  }
  const result = spawnSync(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (result.error) console.error(`migration-field-guide: internal error: could not start ${bundled}: ${result.error.message}`);
  process.exit(result.status ?? 2);
}
// main() reports its own failures; this covers what happens outside it (a module that will not load).
const internalError = (error) => {
  console.error(`migration-field-guide: internal error: ${error instanceof Error ? error.message : String(error)}`);
  if (process.argv.includes('--debug') && error instanceof Error) console.error(error.stack);
  process.exit(2);
};
process.on('uncaughtException', internalError);
process.on('unhandledRejection', internalError);
try {
  await import('../src/lib/checker/typescript-hooks.mjs');
  const { main } = await import('../src/lib/checker/cli.ts');
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  internalError(error);
}
