import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

/**
 * A data directory made by initdb, so a reader's browser never runs initdb (the slowest part of a
 * cold start). It is regenerated from the installed PGlite, never committed: a snapshot from
 * another PGlite version would not open.
 */
export async function ensurePgliteSnapshot(dir: string, version: string): Promise<string> {
  const fileName = `pgdata-${version}.tar.gz`;
  const target = join(dir, fileName);
  if (existsSync(target)) return fileName;
  mkdirSync(dir, { recursive: true });
  for (const stale of readdirSync(dir).filter((f) => f.startsWith('pgdata-'))) rmSync(join(dir, stale));
  const db = new PGlite();
  try {
    await db.waitReady;
    const blob = await db.dumpDataDir('gzip');
    writeFileSync(target, new Uint8Array(await blob.arrayBuffer()));
  } finally {
    await db.close();
  }
  return fileName;
}
