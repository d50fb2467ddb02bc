// The returning reader's figures alone, repeated: `npm run build && node bench/returning-runs.mjs [runs]`
// (default 7). Each run is a new reader (bench/returning-reader.mjs); prints every run, the medians
// and the machine's load, as the figures in README "Bytes and speed" are reported.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDistServer } from '../tests/support/dist-server.mjs';
import { measureReturningReader } from './returning-reader.mjs';
import { timeRun } from './time-run.mjs';
import { byteLog } from './byte-log.mjs';

const runs = Number(process.argv[2] ?? 7);
const work = mkdtempSync(join(tmpdir(), 'mfg-returning-'));
const log = join(work, 'bytes.log');
writeFileSync(log, '');
const server = await startDistServer({ log, dist: process.env.DIST ?? 'dist' });
const { logOffset, bytesSince } = byteLog(log);
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');
const results = [];
console.log(`load before: ${load()}`);
for (let i = 0; i < runs; i += 1) {
  const result = await measureReturningReader(server.base, { timeRun, bytesSince, logOffset, settle });
  results.push(result);
  console.log(
    `run ${i + 1}: first Run at load ${result.returningFirstRunMs} ms, after 1 s ${result.returningAfterOneSecondMs} ms, offline ${result.offlineRunState} ${result.offlineFirstRunMs} ms, cold reference ${result.returningColdReferenceMs} ms`,
  );
}
server.stop();
rmSync(work, { recursive: true, force: true });
const median = (key) => results.map((result) => result[key]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
console.log(
  `median of ${runs}: first Run at load ${median('returningFirstRunMs')} ms, after 1 s ${median('returningAfterOneSecondMs')} ms, offline ${median('offlineFirstRunMs')} ms; load after: ${load()}`,
);
