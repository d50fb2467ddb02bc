/**
 * Reads what the command line was pointed at: one .sql file, or a prisma/migrations folder whose
 * sub-folders (Prisma's order: by name) each hold a migration.sql. A migration that cannot be read
 * becomes a problem on that migration, never a silent skip, and never hides the ones after it.
 */
import { lstat, readdir, readFile, readlink, realpath, stat } from 'node:fs/promises';
import { isUtf8 } from 'node:buffer';
import { join } from 'node:path';

export type SourceEntry = { name: string; sql: string } | { name: string; problem: string };

/** The path itself cannot be read: bad usage, not a finding. */
export class SourcePathError extends Error {
  override name = 'SourcePathError';
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code;

export const formatBytes = (bytes: number) =>
  bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;

/** Where the first byte that is not UTF-8 sits, for a message the reader can act on. */
function firstInvalidUtf8(bytes: Uint8Array): { line: number; offset: number } {
  const text = new TextDecoder('utf-8').decode(bytes);
  const encoder = new TextEncoder();
  let offset = 0;
  let line = 1;
  for (const char of text) {
    const width = encoder.encode(char).length;
    // A U+FFFD the file really contains is EF BF BD; any other one replaced bytes that were not UTF-8.
    if (char === '\uFFFD' && !(bytes[offset] === 0xef && bytes[offset + 1] === 0xbf && bytes[offset + 2] === 0xbd)) return { line, offset };
    if (char === '\n') line += 1;
    offset += width;
  }
  return { line, offset };
}

/** The text of one migration file, or why it is not one. */
export async function readMigrationFile(file: string, maxBytes: number): Promise<SourceEntry> {
  let info;
  try {
    info = await stat(file);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      const link = await lstat(file).catch(() => undefined);
      if (link?.isSymbolicLink()) return { name: file, problem: `a symbolic link to ${await readlink(file)}, which does not exist` };
      return { name: file, problem: 'no migration.sql in this folder' };
    }
    if (errorCode(error) === 'ELOOP') return { name: file, problem: 'a symbolic link that loops back on itself' };
    return { name: file, problem: `cannot be read: ${(error as Error).message}` };
  }
  if (info.isDirectory()) return { name: file, problem: 'migration.sql is a folder, not a file' };
  if (!info.isFile()) return { name: file, problem: 'not a regular file' };
  if (info.size > maxBytes) {
    return {
      name: file,
      problem: `${formatBytes(info.size)}, over the ${formatBytes(maxBytes)} limit per file; not checked (--max-file-size to change it)`,
    };
  }
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    return { name: file, problem: `cannot be read: ${(error as Error).message}` };
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) return { name: file, problem: `not a text file (a NUL byte at byte ${nul}); PostgreSQL would refuse it` };
  if (!isUtf8(bytes)) {
    const { line, offset } = firstInvalidUtf8(bytes);
    return { name: file, problem: `not valid UTF-8 (line ${line}, byte ${offset}); save it as UTF-8, as Prisma expects` };
  }
  return { name: file, sql: bytes.toString('utf8') };
}

/** One folder entry that should be a migration folder, with symbolic links followed. */
async function migrationFolder(root: string, name: string, seen: Map<string, string>, maxBytes: number): Promise<SourceEntry | undefined> {
  const path = join(root, name);
  const file = join(path, 'migration.sql');
  const entry = await lstat(path);
  if (!entry.isSymbolicLink()) return entry.isDirectory() ? readMigrationFile(file, maxBytes) : undefined;
  let target: string;
  try {
    target = await realpath(path);
  } catch (error) {
    if (errorCode(error) === 'ELOOP') return { name: file, problem: `${name} is a symbolic link that loops back on itself` };
    if (errorCode(error) === 'ENOENT')
      return { name: file, problem: `${name} is a symbolic link to ${await readlink(path)}, which does not exist` };
    return { name: file, problem: `${name} is a symbolic link that cannot be followed: ${(error as Error).message}` };
  }
  // Prisma ignores files beside the migration folders (migration_lock.toml); a link to a file too.
  if (!(await stat(target)).isDirectory()) return undefined;
  const earlier = seen.get(target);
  if (earlier !== undefined) {
    return {
      name: file,
      problem: `${name} is a symbolic link to ${earlier === '' ? 'the migrations folder itself' : `the same folder as ${earlier}`}; not checked twice`,
    };
  }
  seen.set(target, name);
  return readMigrationFile(file, maxBytes);
}

export async function readSources(path: string, maxBytes: number): Promise<SourceEntry[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const link = await lstat(path).catch(() => undefined);
    if (link?.isSymbolicLink()) {
      if (errorCode(error) === 'ELOOP') throw new SourcePathError(`${path} is a symbolic link that loops back on itself.`);
      throw new SourcePathError(`${path} is a symbolic link to ${await readlink(path)}, which does not exist.`);
    }
    if (errorCode(error) === 'ENOENT') throw new SourcePathError(`${path} does not exist.`);
    throw new SourcePathError(`Cannot read ${path}: ${(error as Error).message}`);
  }
  if (!info.isDirectory()) return [await readMigrationFile(path, maxBytes)];
  let names: string[];
  try {
    names = (await readdir(path)).sort((a, b) => a.localeCompare(b)); // Prisma's order
  } catch (error) {
    throw new SourcePathError(`Cannot read the folder ${path}: ${(error as Error).message}`);
  }
  const seen = new Map<string, string>([[await realpath(path), '']]);
  for (const name of names) {
    const real = await realpath(join(path, name)).catch(() => undefined);
    const entry = await lstat(join(path, name)).catch(() => undefined);
    if (real && entry?.isDirectory()) seen.set(real, name);
  }
  const sources: SourceEntry[] = [];
  for (const name of names) {
    try {
      const source = await migrationFolder(path, name, seen, maxBytes);
      if (source) sources.push(source);
    } catch (error) {
      sources.push({ name: join(path, name, 'migration.sql'), problem: `cannot be read: ${(error as Error).message}` });
    }
  }
  return sources;
}
