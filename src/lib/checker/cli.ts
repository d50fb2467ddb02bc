/**
 * `migration-field-guide check <path>`: replays a migrations folder (or one .sql file) on PGlite in
 * Node with the same checks as the /check page, prints the report and exits non-zero on errors
 * (and on warnings with --fail-on=warning). Exit codes: 0 clean, 1 findings, 2 usage.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { DatabaseSession } from '../sql-runtime/session.ts';
import { checkMigrations, type MigrationSource } from './check.ts';
import { formatReport } from './report-text.ts';

const USAGE = `Usage: migration-field-guide check <prisma/migrations | file.sql> [--fail-on=error|warning]

Replays each migration on a fresh PostgreSQL (PGlite) in both of Prisma's execution modes, runs it a
second time to find what is not idempotent, and lints it with PostgreSQL's parser.`;

export const SITE_URL = 'https://migration-field-guide.example';

async function readSources(path: string): Promise<MigrationSource[]> {
  const info = await stat(path);
  if (info.isFile()) return [{ name: path, sql: await readFile(path, 'utf8') }];
  const folders = (await readdir(path, { withFileTypes: true }))
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort((a, b) => a.localeCompare(b)); // Prisma's order
  const sources: MigrationSource[] = [];
  for (const folder of folders) {
    const file = join(path, folder, 'migration.sql');
    sources.push({ name: file, sql: await readFile(file, 'utf8') });
  }
  return sources;
}

export async function main(args: string[], out: (text: string) => void = console.log): Promise<number> {
  const [command, path, ...rest] = args;
  const failOn = rest.find((arg) => arg.startsWith('--fail-on='))?.slice('--fail-on='.length) ?? 'error';
  const unknown = rest.filter((arg) => !arg.startsWith('--fail-on='));
  if (command !== 'check' || !path || unknown.length > 0 || !['error', 'warning'].includes(failOn)) {
    out(USAGE);
    return 2;
  }
  let sources: MigrationSource[];
  try {
    sources = await readSources(path);
  } catch (error) {
    out(`Cannot read ${path}: ${(error as Error).message}`);
    return 2;
  }
  if (sources.length === 0) {
    out(`No migrations in ${path} (expected folders with a migration.sql, as in prisma/migrations).`);
    return 2;
  }
  const db = await PGlite.create();
  try {
    const session = new DatabaseSession(db);
    const report = await checkMigrations(sources, (state, script, nextKey) => session.run(state, script, { nextKey, maxRows: 0 }));
    out(formatReport(report, { siteUrl: SITE_URL }));
    return report.errors > 0 || (failOn === 'warning' && report.warnings > 0) ? 1 : 0;
  } finally {
    await db.close();
  }
}

