/**
 * A freshly initialised PGlite data directory, opened instead of running initdb: initdb's WASM
 * instance peaks at ~600 MB resident, an instance opened from this dump at ~300 MB (measured), and the
 * checker's budget is 600 MB. The dump is made once, in a child process (so its peak is not the
 * checker's), and kept in the package (`npm pack` builds it) or in the user's cache folder.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** Shared by the checker and the dump it opens: what the data directory was made with. */
export const START_PARAMS = ['-c', 'shared_buffers=16MB'];

const PACKAGED = fileURLToPath(new URL('../../../generated/pglite-pristine.tgz', import.meta.url));

function pgliteVersion(): string {
  try {
    // The package's exports hide package.json; its main module sits in dist/.
    const main = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
    return (JSON.parse(readFileSync(join(main, '..', '..', 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function cacheFile(): string {
  const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : tmpdir());
  return join(base, 'migration-field-guide', `pglite-pristine-${pgliteVersion()}.tgz`);
}

/** The dump as a plain tar, unpacked here once: every database the checker opens reads it (SnapshotFS). */
const read = (file: string) => {
  try {
    return gunzipSync(readFileSync(file));
  } catch {
    return undefined;
  }
};

/** Makes the dump at `file` in a child process; returns false when it could not. */
export function makePristine(file: string): boolean {
  const script = `
    const { PGlite } = await import(${JSON.stringify(import.meta.resolve('@electric-sql/pglite'))});
    const { writeFileSync } = await import('node:fs');
    const db = await PGlite.create({ startParams: [...PGlite.defaultStartParams, ...${JSON.stringify(START_PARAMS)}] });
    const dump = await db.dumpDataDir('gzip');
    writeFileSync(process.argv[1], Buffer.from(await dump.arrayBuffer()));
    await db.close();
    process.exit(0);`;
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, partial], { stdio: 'ignore', timeout: 120_000 });
    if (result.status !== 0) return false;
    renameSync(partial, file);
    return true;
  } catch {
    return false;
  }
}

/** The dump (a tar), or undefined when none can be read or made (the caller then lets PGlite run initdb). */
export function pristineDataDir(): Uint8Array | undefined {
  const packaged = read(PACKAGED);
  if (packaged) return packaged;
  const cached = cacheFile();
  const existing = read(cached);
  if (existing) return existing;
  if (makePristine(cached)) return read(cached);
  const fallback = join(tmpdir(), `mfg-pglite-pristine-${pgliteVersion()}-${process.pid}.tgz`);
  return makePristine(fallback) ? read(fallback) : undefined;
}

// `node src/lib/checker/pristine.ts <file>` (npm's prepack): the dump the package ships.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const target = process.argv[2] ?? PACKAGED;
  if (!makePristine(target)) {
    console.error(`could not make ${target}`);
    process.exit(1);
  }
  writeFileSync(`${target}.txt`, `PGlite ${pgliteVersion()} data directory, made by src/lib/checker/pristine.ts\n`);
}
