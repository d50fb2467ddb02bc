// `node bench/locks.mjs [sizes]`: the lock tracer's cost per table size, on PGlite in Node. It runs
// the scaling test (tests/unit/locks/scaling.test.ts: the sixteen migration statements traced with
// N rows per table, each statement's faster time of two traces) and keeps the table it prints in
// bench/results/locks.md. Default sizes 10k, 100k and 1M rows: it takes minutes.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';

const sizes = process.argv[2] ?? '10000,100000,1000000';
const run = spawnSync('npx', ['vitest', 'run', 'tests/unit/locks/scaling.test.ts'], {
  env: { ...process.env, LOCK_TRACE_ROWS: sizes },
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
});
const table = `${run.stdout}`.split('\n').filter((line) => line.startsWith('| '));
if (run.status !== 0 || table.length === 0) {
  process.stderr.write(run.stdout + run.stderr);
  process.exit(run.status || 1);
}
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/locks.md', `${table.join('\n')}\n`);
console.log(table.join('\n'));
console.log('\nWrote bench/results/locks.md');
