/**
 * SnapshotFS lays a data directory into PGlite's file system as views of one buffer: the files
 * must be the tar's, byte for byte, as PGlite's own loadDataDir lays them out, and two databases
 * opened from the same tar must not share a byte (PostgreSQL writes into the files in place).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { PGlite } from '@electric-sql/pglite';
import { createTar } from 'nanotar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensurePgliteSnapshot } from '../../../src/lib/integration/pglite-snapshot.ts';
import { SnapshotFS } from '../../../src/lib/sql-runtime/snapshot-fs.ts';

type EmscriptenFS = PGlite['Module']['FS'];

/** Every file under `dir`, with its bytes, as the file system holds them; every folder as `/path/`, empty. */
function files(FS: EmscriptenFS, dir: string): Map<string, Uint8Array> {
  const found = new Map<string, Uint8Array>();
  const walk = (path: string) => {
    for (const name of FS.readdir(path)) {
      if (name === '.' || name === '..') continue;
      const child = `${path}/${name}`;
      if (FS.isDir(FS.stat(child).mode)) {
        found.set(`${child.slice(dir.length)}/`, new Uint8Array(0));
        walk(child);
      } else found.set(child.slice(dir.length), FS.readFile(child));
    }
  };
  walk(dir);
  return found;
}

const DATA_DIR = '/pglite/data';

/** Every file and folder under a folder on disk, keyed as `files` keys them. */
function filesOnDisk(dir: string): Map<string, Uint8Array> {
  const found = new Map<string, Uint8Array>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const path = join(entry.parentPath, entry.name);
    if (entry.isDirectory()) found.set(`/${relative(dir, path)}/`, new Uint8Array(0));
    else if (entry.isFile()) found.set(`/${relative(dir, path)}`, readFileSync(path));
    else throw new Error(`GNU tar unpacked ${path}, neither a file nor a folder`);
  }
  return found;
}

/**
 * Keeps the files as they were laid out, before PostgreSQL starts: once it runs, it writes its
 * start into the WAL (a timestamped record), so two opens of one tar differ there by design.
 */
class LaidOutFS extends SnapshotFS {
  laidOut = new Map<string, Uint8Array>();
  override async initialSyncFs(): Promise<void> {
    await super.initialSyncFs();
    this.laidOut = files(this.pg!.Module.FS, DATA_DIR);
  }
}

describe('SnapshotFS', () => {
  let dir: string;
  let tar: Uint8Array<ArrayBuffer>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'snapshot-fs-'));
    tar = new Uint8Array(gunzipSync(readFileSync(join(dir, await ensurePgliteSnapshot(dir, 'test')))));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("lays out the tar's files byte for byte (GNU tar's reading of it), and the same files as PGlite's loadDataDir", async () => {
    // GNU tar is the independent reader: nanotar, which SnapshotFS uses, is not judged by itself.
    const unpacked = join(dir, 'unpacked');
    mkdirSync(unpacked);
    writeFileSync(join(dir, 'snapshot.tar'), tar);
    execFileSync('tar', ['-xf', join(dir, 'snapshot.tar'), '-C', unpacked], { stdio: ['ignore', 'ignore', 'pipe'] });
    const expected = filesOnDisk(unpacked);
    const fs = new LaidOutFS(new Blob([tar]));
    const ours = await PGlite.create({ fs });
    const theirs = await PGlite.create({ loadDataDir: new Blob([tar]) });
    try {
      expect(expected.has('/PG_VERSION')).toBe(true);
      expect([...fs.laidOut.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [path, bytes] of expected) expect(Buffer.compare(fs.laidOut.get(path)!, bytes), path).toBe(0);
      // Once both have started, they hold the same files and folders (PostgreSQL's start adds the same ones).
      expect([...files(ours.Module.FS, DATA_DIR).keys()].sort()).toEqual([...files(theirs.Module.FS, DATA_DIR).keys()].sort());
      const { rows } = await ours.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_class');
      expect(rows[0]!.n).toBe((await theirs.query<{ n: number }>('SELECT count(*)::int AS n FROM pg_class')).rows[0]!.n);
    } finally {
      await Promise.all([theirs.close(), ours.close()]);
    }
  });

  it('gives each database its own bytes: writes in one are not in another opened from the same tar', async () => {
    const before = Uint8Array.from(tar);
    for (const source of [new Blob([tar]), tar]) {
      const first = await PGlite.create({ fs: new SnapshotFS(source) });
      // Writes that reach the files: the table, and pg_class's blocks rewritten in place at the checkpoint.
      await first.exec(`CREATE TABLE only_here AS SELECT g FROM generate_series(1, 5000) g; CHECKPOINT;`);
      const second = await PGlite.create({ fs: new SnapshotFS(source) });
      try {
        const { rows } = await second.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_class WHERE relname = 'only_here'`);
        expect(rows[0]!.n).toBe(0);
        expect((await first.query<{ n: number }>('SELECT count(*)::int AS n FROM only_here')).rows[0]!.n).toBe(5000);
      } finally {
        await Promise.all([first.close(), second.close()]);
      }
    }
    // Bytes passed in are copied, not taken: the caller's array is the snapshot it was.
    expect(Buffer.compare(tar, before)).toBe(0);
  });

  it("opens a database's own dump (a database reopened with an extension, a lab's copy)", async () => {
    const db = await PGlite.create({ fs: new SnapshotFS(new Blob([tar])) });
    await db.exec(`CREATE TABLE kept (id int PRIMARY KEY); INSERT INTO kept VALUES (1), (2), (3);`);
    const dump = await db.dumpDataDir('none');
    await db.close();
    const again = await PGlite.create({ fs: new SnapshotFS(dump) });
    try {
      expect((await again.query<{ n: number }>('SELECT count(*)::int AS n FROM kept')).rows[0]!.n).toBe(3);
    } finally {
      await again.close();
    }
  });

  it('refuses, with a reason, a tar that is not a data directory and an entry it cannot keep', async () => {
    const notData = createTar([{ name: 'README', data: 'hello' }]);
    await expect(PGlite.create({ fs: new SnapshotFS(notData) })).rejects.toThrow(/not a PostgreSQL data directory \(no PG_VERSION\)/);
    const withLink = createTar([
      { name: 'PG_VERSION', data: '18\n' },
      { name: 'elsewhere', attrs: { mode: '777' }, data: undefined },
    ]);
    // A symbolic link: type flag 2 in the second entry's header, after PG_VERSION's header and its
    // one block of data (nanotar writes files and folders only).
    const linkHeader = 1024;
    withLink[linkHeader + 156] = '2'.charCodeAt(0);
    let sum = 0;
    for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 32 : withLink[linkHeader + i]!;
    withLink.set(new TextEncoder().encode(`${sum.toString(8).padStart(6, '0')}\0 `), linkHeader + 148);
    await expect(PGlite.create({ fs: new SnapshotFS(withLink) })).rejects.toThrow(
      /elsewhere, of a kind PGlite's file system cannot keep \(symbolicLink\)/,
    );
  });
});
