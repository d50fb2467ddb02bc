// How long opening PGlite from the build's snapshot takes, and how many new pages of memory it
// touches, with PGlite's own loadDataDir and with SnapshotFS (src/lib/sql-runtime/snapshot-fs.ts):
// each open in a fresh process, the two ways interleaved, medians printed.
// Usage: `npm run build && npx node bench/snapshot-open.ts [pairs]` (Node 22: it imports TypeScript).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const ASSETS = 'dist/_astro';
const asset = (pattern: RegExp) => {
  const name = readdirSync(ASSETS).find((file) => pattern.test(file));
  if (!name) throw new Error(`no ${pattern} in ${ASSETS}: run npm run build first`);
  return `${ASSETS}/${name}`;
};

if (process.argv[2] === '--child') {
  const { PGlite } = await import('@electric-sql/pglite');
  const { SnapshotFS } = await import('../src/lib/sql-runtime/snapshot-fs.ts');
  const snapshot = readdirSync('dist/generated').find((file) => file.startsWith('pgdata-'));
  // As the worker has it: the snapshot unpacked to a tar, the WASM compiled before the open.
  const tar = new Blob([gunzipSync(readFileSync(`dist/generated/${snapshot}`))]);
  const pgliteWasmModule = await WebAssembly.compile(readFileSync(asset(/^pglite-.*\.wasm$/)));
  const initdbWasmModule = await WebAssembly.compile(readFileSync(asset(/^initdb-.*\.wasm$/)));
  const fsBundle = new Blob([readFileSync(asset(/^pglite-.*\.data$/))]);
  const faults = () => process.resourceUsage().minorPageFault;
  const [startedAt, faultsBefore] = [performance.now(), faults()];
  const db = await PGlite.create({
    pgliteWasmModule,
    initdbWasmModule,
    fsBundle,
    ...(process.argv[3] === 'SnapshotFS' ? { fs: new SnapshotFS(tar) } : { loadDataDir: tar }),
  });
  console.log(JSON.stringify({ ms: performance.now() - startedAt, faults: faults() - faultsBefore }));
  await db.close();
  process.exit(0);
}

const pairs = Number(process.argv[2] ?? 8);
const ways = ['loadDataDir', 'SnapshotFS'] as const;
const runs = new Map<string, { ms: number; faults: number }[]>(ways.map((way) => [way, []]));
for (let pair = 0; pair < pairs; pair++)
  for (const way of ways) {
    const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--child', way], { encoding: 'utf8' });
    runs.get(way)!.push(JSON.parse(out.trim().split('\n').at(-1)!));
  }
const median = (values: number[]) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
for (const way of ways) {
  const measured = runs.get(way)!;
  console.log(
    `${way.padEnd(12)} open: median ${Math.round(median(measured.map((run) => run.ms)))} ms, ` +
      `${median(measured.map((run) => run.faults))} new pages (${measured.map((run) => Math.round(run.ms)).join(', ')} ms)`,
  );
}
