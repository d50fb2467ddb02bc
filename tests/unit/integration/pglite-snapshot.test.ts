import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PGlite } from '@electric-sql/pglite';
import { ensurePgliteSnapshot, SNAPSHOT_SHARED_BUFFERS } from '../../../src/lib/integration/pglite-snapshot.ts';

/** The names in a ustar archive. */
function entries(tar: Uint8Array): string[] {
  const names: string[] = [];
  const text = new TextDecoder();
  for (let offset = 0; offset + 512 <= tar.length; ) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((byte) => byte === 0)) break;
    const field = (start: number, length: number) => text.decode(header.subarray(start, start + length)).replace(/\0.*$/s, '');
    names.push(field(0, 100));
    offset += 512 + Math.ceil(parseInt(field(124, 12).trim() || '0', 8) / 512) * 512;
  }
  return names;
}

describe('the build-time database snapshot', () => {
  let dir: string;
  let file: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'snapshot-'));
    file = join(dir, await ensurePgliteSnapshot(dir, 'test'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps one WAL segment and no template database', () => {
    const names = entries(gunzipSync(readFileSync(file)));
    expect(names.filter((name) => /pg_wal\/[0-9A-F]{24}$/.test(name))).toHaveLength(1);
    expect(names.some((name) => /^\/?base\/(1|4)\//.test(name))).toBe(false);
    expect(names.some((name) => /^\/?base\/5\//.test(name))).toBe(true);
  });

  it('opens, and takes writes that need new WAL segments', async () => {
    const db = await PGlite.create({ loadDataDir: new Blob([readFileSync(file)]) });
    try {
      // ~3 MB of WAL: PostgreSQL must create the segments the snapshot left out.
      await db.exec(`CREATE TABLE filler AS SELECT g AS id, repeat('x', 200) AS pad FROM generate_series(1, 12000) g; CHECKPOINT;`);
      const { rows } = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM filler');
      expect(rows[0]?.n).toBe(12000);
      const segments = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_ls_waldir()`);
      expect(segments.rows[0]?.n).toBeGreaterThan(1);
      // A smaller buffer pool than initdb's 128 MB: every database opened from the snapshot starts with it.
      const buffers = await db.query<{ shared_buffers: string }>('SHOW shared_buffers');
      expect(buffers.rows[0]?.shared_buffers).toBe(SNAPSHOT_SHARED_BUFFERS);
    } finally {
      await db.close();
    }
  });
});
