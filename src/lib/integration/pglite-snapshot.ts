import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';

/**
 * A data directory made by initdb, so a reader's browser never runs initdb (the slowest part of a
 * cold start). It is regenerated from the installed PGlite, never committed: a snapshot from
 * another PGlite version would not open.
 *
 * Three trims make it smaller and faster to open (measured in the README, "Bytes and speed"):
 * 1 MB WAL segments instead of 16 MB; only the WAL segment the checkpoint is in, not the ones
 * PostgreSQL keeps recycled for later (6 of 7 MB, old WAL that gzip cannot shrink; a new segment is
 * made when needed); and no template databases. PGlite serves one database per instance, so
 * template0/template1 (base/1, base/4) are never opened; without them `CREATE DATABASE` fails
 * with "could not open file", where in PGlite it could not give a usable database anyway.
 *
 * And shared_buffers is 8 MB instead of initdb's 128 MB (ALTER SYSTEM, so every database opened
 * from the snapshot has it: the tab's, a lab's shadow, one reopened with an extension):
 * - From ~24 MB up, PostgreSQL extends a growing table many blocks at a time with fallocate. PGlite
 *   does that with ftruncate, and its in-memory file system copies the whole file on every such
 *   call, so a rewrite is quadratic in the table. In a browser, with 1,000,000 generated rows per
 *   table, the rewrite chapter's `ADD COLUMN … DEFAULT gen_random_uuid()` ran 70.1 s with 32 MB and
 *   10.8 s with 8 MB, `SET DATA TYPE BIGINT` 18.8 s and 5.8 s (tests/unit/integration/pglite-snapshot.test.ts
 *   holds it).
 * - The whole shared memory is zeroed as PostgreSQL starts, each page touched for the first time:
 *   15 MB instead of 42 opens the database ~100 ms sooner in a browser (median of 10 cold Runs).
 * - PGlite's memory starts at 128 MB and initdb's default pool pushed it past that (~90 ms more CPU
 *   and ~100 MB more memory per start, measured when this was 128 MB).
 */
/** Bump when the recipe below changes, so a cached snapshot from the old recipe is replaced. */
const RECIPE = 5;

/** What the databases opened from the snapshot get (see above); the CLI checker uses 16 MB (checker/pristine.ts), below the cliff too. */
export const SNAPSHOT_SHARED_BUFFERS = '8MB';

export async function ensurePgliteSnapshot(dir: string, version: string): Promise<string> {
  const fileName = `pgdata-${version}-r${RECIPE}.tar.gz`;
  const target = join(dir, fileName);
  if (existsSync(target)) return fileName;
  mkdirSync(dir, { recursive: true });
  for (const stale of readdirSync(dir).filter((f) => f.startsWith('pgdata-'))) rmSync(join(dir, stale));
  const db = await PGlite.create({ initDbStartParams: ['--wal-segsize=1'] });
  try {
    await db.exec(`ALTER SYSTEM SET shared_buffers = '${SNAPSHOT_SHARED_BUFFERS}'`);
    await db.exec('CHECKPOINT');
    const current = (await db.query<{ name: string }>('SELECT pg_walfile_name(pg_current_wal_lsn()) AS name')).rows[0]?.name;
    if (!current || !/^[0-9A-F]{24}$/.test(current)) throw new Error(`unexpected WAL file name: ${current}`);
    const tar = new Uint8Array(await (await db.dumpDataDir('none')).arrayBuffer());
    // WAL segment names sort in WAL order, so a recycled (future) segment sorts after the current one.
    const recycled = (name: string) => /^\/?pg_wal\/[0-9A-F]{24}$/.test(name) && name.slice(-24) > current;
    const templates = /^\/?base\/(1|4)(\/|$)/;
    writeFileSync(
      target,
      gzipSync(
        withoutEntries(tar, (name) => templates.test(name) || recycled(name)),
        { level: 9 },
      ),
    );
  } finally {
    await db.close();
  }
  return fileName;
}

/** Drops the entries whose names match from a ustar archive (512-byte headers, padded bodies). */
export function withoutEntries(tar: Uint8Array, drop: RegExp | ((name: string) => boolean)): Uint8Array {
  const dropped = typeof drop === 'function' ? drop : (name: string) => drop.test(name);
  const kept: Uint8Array[] = [];
  const decoder = new TextDecoder();
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) => decoder.decode(header.subarray(start, start + length)).replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const end = offset + 512 + Math.ceil(size / 512) * 512;
    if (!dropped(name)) kept.push(tar.subarray(offset, end));
    offset = end;
  }
  kept.push(new Uint8Array(1024)); // end-of-archive marker
  const out = new Uint8Array(kept.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of kept) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
