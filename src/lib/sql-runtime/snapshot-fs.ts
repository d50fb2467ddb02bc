/**
 * A data directory from a tar, laid into PGlite's in-memory file system without copying its files.
 * PGlite's own `loadDataDir` copies every byte three times (the Blob into a buffer, each file out of
 * the tar, each file again into the file system): 9.4 MB of snapshot, and on a machine where
 * touching new memory is slow, unpacking took 170–230 ms of a ~750 ms open (Node on the 2-core VM,
 * timed between PGlite's phases), ~90 ms this way. `npx node bench/snapshot-open.ts`: median open
 * 741 → 681 ms, 22,600 → 21,200 new pages of memory.
 *
 * Here the tar is read into one buffer and each file of the database is a view of it (`canOwn`):
 * the file system owns those bytes from then on and PostgreSQL writes into them in place, so every
 * database gets a buffer of its own (one read of the Blob, or one copy of the bytes, per open).
 */
import { MemoryFS } from '@electric-sql/pglite';
import { parseTar } from 'nanotar';

export class SnapshotFS extends MemoryFS {
  readonly #tar: Blob | Uint8Array;

  /**
   * `tar`: a Blob (the browser's download) or bytes (the checker's file: Node reads a 40 MB Blob in
   * 165 ms, a copy of the bytes is one memcpy).
   */
  constructor(tar: Blob | Uint8Array) {
    super();
    this.#tar = tar;
  }

  override async initialSyncFs(): Promise<void> {
    await super.initialSyncFs();
    const mod = this.pg?.Module;
    const dataDir = mod?.ENV?.PGDATA;
    if (!mod || typeof dataDir !== 'string') throw new Error('PGlite started without a data directory to load the snapshot into.');
    const { FS } = mod;
    const entries = parseTar(this.#tar instanceof Uint8Array ? new Uint8Array(this.#tar).buffer : await this.#tar.arrayBuffer());
    if (!entries.some((entry) => entry.name === 'PG_VERSION'))
      throw new Error('The snapshot is not a PostgreSQL data directory (no PG_VERSION).');
    // A tar need not list a folder before its files: each folder is made when first needed.
    const made = new Set<string>();
    const folder = (path: string) => {
      if (!made.has(path)) FS.mkdirTree(path);
      made.add(path);
    };
    folder(dataDir);
    for (const entry of entries) {
      const path = `${dataDir}/${entry.name.replace(/\/+$/, '')}`;
      if (entry.type === 'directory') folder(path);
      else if (entry.type === 'file') {
        folder(path.slice(0, path.lastIndexOf('/')));
        FS.writeFile(path, entry.data ?? new Uint8Array(0), { canOwn: true });
        const mtime = (entry.attrs?.mtime ?? 0) * 1000;
        FS.utime(path, mtime, mtime);
      } else {
        throw new Error(`The snapshot holds ${entry.name}, of a kind PGlite's file system cannot keep (${entry.type}).`);
      }
    }
  }
}
