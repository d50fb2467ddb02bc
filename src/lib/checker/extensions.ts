/**
 * PostgreSQL extensions a migration creates, and which of them PGlite can load. PGlite takes its
 * extensions when an instance is created, so a check reads every migration's CREATE EXTENSION first
 * and opens its databases with those bundles; an extension PGlite lacks (PostGIS, timescaledb,
 * pg_cron …) is named once and what depends on it is "cannot run", never a failure.
 */
import type { Extension } from '@electric-sql/pglite';

type Loader = () => Promise<Extension>;

/** PGlite's bundled extensions by the name CREATE EXTENSION uses. */
const BUNDLED: Record<string, Loader> = {
  amcheck: async () => (await import('@electric-sql/pglite/contrib/amcheck')).amcheck,
  bloom: async () => (await import('@electric-sql/pglite/contrib/bloom')).bloom,
  btree_gin: async () => (await import('@electric-sql/pglite/contrib/btree_gin')).btree_gin,
  btree_gist: async () => (await import('@electric-sql/pglite/contrib/btree_gist')).btree_gist,
  citext: async () => (await import('@electric-sql/pglite/contrib/citext')).citext,
  cube: async () => (await import('@electric-sql/pglite/contrib/cube')).cube,
  dict_int: async () => (await import('@electric-sql/pglite/contrib/dict_int')).dict_int,
  dict_xsyn: async () => (await import('@electric-sql/pglite/contrib/dict_xsyn')).dict_xsyn,
  earthdistance: async () => (await import('@electric-sql/pglite/contrib/earthdistance')).earthdistance,
  fuzzystrmatch: async () => (await import('@electric-sql/pglite/contrib/fuzzystrmatch')).fuzzystrmatch,
  hstore: async () => (await import('@electric-sql/pglite/contrib/hstore')).hstore,
  intarray: async () => (await import('@electric-sql/pglite/contrib/intarray')).intarray,
  isn: async () => (await import('@electric-sql/pglite/contrib/isn')).isn,
  lo: async () => (await import('@electric-sql/pglite/contrib/lo')).lo,
  ltree: async () => (await import('@electric-sql/pglite/contrib/ltree')).ltree,
  moddatetime: async () => (await import('@electric-sql/pglite/contrib/moddatetime')).moddatetime,
  pg_trgm: async () => (await import('@electric-sql/pglite/contrib/pg_trgm')).pg_trgm,
  pgcrypto: async () => (await import('@electric-sql/pglite/contrib/pgcrypto')).pgcrypto,
  seg: async () => (await import('@electric-sql/pglite/contrib/seg')).seg,
  tablefunc: async () => (await import('@electric-sql/pglite/contrib/tablefunc')).tablefunc,
  tcn: async () => (await import('@electric-sql/pglite/contrib/tcn')).tcn,
  tsm_system_rows: async () => (await import('@electric-sql/pglite/contrib/tsm_system_rows')).tsm_system_rows,
  tsm_system_time: async () => (await import('@electric-sql/pglite/contrib/tsm_system_time')).tsm_system_time,
  unaccent: async () => (await import('@electric-sql/pglite/contrib/unaccent')).unaccent,
  'uuid-ossp': async () => (await import('@electric-sql/pglite/contrib/uuid_ossp')).uuid_ossp,
};

/** Extensions every PostgreSQL has built in: nothing to load. */
const BUILT_IN = new Set(['plpgsql']);

// Comments and string literals first, so `-- CREATE EXTENSION x` and '…CREATE EXTENSION…' do not count.
const TRIVIA = /--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g;
const CREATE = /\bCREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?("(?:[^"]|"")+"|[A-Za-z_][\w$]*)/gi;

/** The extensions a migration creates, by the name PostgreSQL knows them (quoted names kept as written). */
export function extensionsCreated(sql: string): string[] {
  const code = sql.replace(TRIVIA, ' ');
  const names = [...code.matchAll(CREATE)].map((match) => {
    const name = match[1]!;
    return name.startsWith('"') ? name.slice(1, -1).replace(/""/g, '"') : name.toLowerCase();
  });
  return [...new Set(names)];
}

export const isBundled = (name: string) => name in BUNDLED;
export const isAvailable = (name: string) => BUILT_IN.has(name) || isBundled(name);

/** The PGlite `extensions` option for these names; names PGlite lacks are left out. */
export async function extensionBundles(names: Iterable<string>): Promise<Record<string, Extension>> {
  const bundles: Record<string, Extension> = {};
  for (const name of new Set(names)) {
    const load = BUNDLED[name];
    if (load) bundles[name.replace(/\W/g, '_')] = await load();
  }
  return bundles;
}

/**
 * SQLSTATEs of a statement that failed because an object an unavailable extension would have made
 * is missing (its type, function, operator class, or a table that could not be created without it).
 */
export const MISSING_OBJECT_CODES = new Set(['0A000', '58P01', '42704', '42883', '42P01', '42703', '3F000', '42P17']);
