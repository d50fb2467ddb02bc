/**
 * sqlparser 0.62 in the browser worker. The package's own `init()` tells browser from Node by
 * `window`, which a worker lacks, and imports its glue by a path the bundler does not follow; so the
 * worker imports the wasm-bindgen glue itself (aliases in astro.config.mjs) and hands it the
 * .wasm's URL. It is fetched only when a migration is first run as Prisma 7.4+ runs it.
 */
import initGlue, { validate_sql } from 'sqlparser-wasm-glue';
import sqlparserWasmUrl from 'sqlparser.wasm?url';
import type { SqlParser } from './sql-parser.ts';

export async function loadSqlparserInBrowser(): Promise<SqlParser> {
  await initGlue({ module_or_path: sqlparserWasmUrl });
  return { validate: (sql) => void validate_sql('postgresql', sql) };
}
