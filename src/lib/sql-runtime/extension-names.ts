/**
 * PostgreSQL extensions a script creates, and which of them PGlite can load. PGlite takes its
 * extensions when an instance is created, so whoever opens one (the checker's Node worker, the
 * tab's database worker) reads the CREATE EXTENSION names first and opens the instance with those
 * bundles (extension-bundles.ts). Names only here: the page's /check reads them without carrying
 * any loader.
 */

/** PGlite's bundled extensions, by the name CREATE EXTENSION uses. */
export const BUNDLED_EXTENSIONS = [
  'amcheck',
  'bloom',
  'btree_gin',
  'btree_gist',
  'citext',
  'cube',
  'dict_int',
  'dict_xsyn',
  'earthdistance',
  'fuzzystrmatch',
  'hstore',
  'intarray',
  'isn',
  'lo',
  'ltree',
  'moddatetime',
  'pg_trgm',
  'pgcrypto',
  'seg',
  'tablefunc',
  'tcn',
  'tsm_system_rows',
  'tsm_system_time',
  'unaccent',
  'uuid-ossp',
] as const;

export type BundledExtension = (typeof BUNDLED_EXTENSIONS)[number];

const BUNDLED = new Set<string>(BUNDLED_EXTENSIONS);

/** Extensions every PostgreSQL has built in: nothing to load. */
const BUILT_IN = new Set(['plpgsql']);

// Comments and string literals first, so `-- CREATE EXTENSION x` and '…CREATE EXTENSION…' do not count.
const TRIVIA = /--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'|\$([A-Za-z_]*)\$[\s\S]*?\$\1\$/g;
const CREATE = /\bCREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?("(?:[^"]|"")+"|[A-Za-z_][\w$]*)/gi;

const extensionName = (written: string) => (written.startsWith('"') ? written.slice(1, -1).replace(/""/g, '"') : written.toLowerCase());

/** The extensions a script creates, by the name PostgreSQL knows them (quoted names kept as written). */
export function extensionsCreated(sql: string): string[] {
  const code = sql.replace(TRIVIA, ' ');
  return [...new Set([...code.matchAll(CREATE)].map((match) => extensionName(match[1]!)))];
}

export const isBundled = (name: string): name is BundledExtension => BUNDLED.has(name);
export const isAvailable = (name: string) => BUILT_IN.has(name) || isBundled(name);

export { unavailableExtensionMessage } from './extension-message.ts';

/** Blanks a statement out, keeping every line break so the lines of the rest stay where they were. */
const blank = (text: string) => text.replace(/[^\n]/g, ' ');

/** The CREATE EXTENSION statements of the named extensions, blanked out: the rest of the script still runs. */
export function withoutExtensions(sql: string, names: ReadonlySet<string>): string {
  if (names.size === 0) return sql;
  return sql.replace(
    /\bCREATE\s+EXTENSION\s+(?:IF\s+NOT\s+EXISTS\s+)?("(?:[^"]|"")+"|[A-Za-z_][\w$]*)[^;]*;?/gi,
    (statement, name: string) => (names.has(extensionName(name)) ? blank(statement) : statement),
  );
}
