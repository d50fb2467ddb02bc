#!/usr/bin/env node
// The checker's command line. Its code is TypeScript that Node 22.18+ runs directly; an older Node
// hands over to the Node 22 this project installs (the `node` devDependency).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  const bundled = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(bundled)) {
    console.error(`Node ${process.versions.node} cannot run the checker; install Node 22.18 or newer (or run npm install here).`);
    process.exit(2);
  }
  const result = spawnSync(bundled, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (result.error) console.error(`migration-field-guide: internal error: could not start ${bundled}: ${result.error.message}`);
  process.exit(result.status ?? 2);
}
await import('../src/lib/checker/typescript-hooks.mjs');
const { main } = await import('../src/lib/checker/cli.ts');
process.exitCode = await main(process.argv.slice(2));
