/**
 * `migration-field-guide check <path>`: replays a migrations folder (or one .sql file) on PGlite in
 * Node with the same checks as the /check page, prints the report and exits with a documented code.
 * The database work runs in a worker thread (cli-runner.ts) so that a time limit can stop it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MAX_FILE_BYTES } from '../sql-runtime/limits.ts';
import { checkEntries, type WorkerFactory } from './cli-runner.ts';
import { formatReport } from './report-text.ts';
import { formatBytes, readSources, SourcePathError } from './sources.ts';

export const SITE_URL = 'https://migration-field-guide.example';

/** The time limit per migration; only the command line has it (the page's is per Run). */
export const DEFAULT_TIMEOUT_MS = 30_000;
/**
 * The same limit as the page's. Measured on 2 cores with files of small INSERTs: 512 KB checks in
 * 9 s idle (48 s on a machine loaded 9 times over), 1 MB in 16 s, 2 MB in 39 s, 5 MB in 444 s (242 s
 * of CPU; the lint's cost grows faster than the file). A larger file would meet the time limit
 * rather than a verdict, so it is refused at once with its size.
 */
export const DEFAULT_MAX_FILE_BYTES = MAX_FILE_BYTES;

const NAME = 'migration-field-guide';

const USAGE = `Usage: ${NAME} check <prisma/migrations | file.sql> [options]

Replays each migration on a fresh PostgreSQL (PGlite) in both of Prisma's execution modes, runs it a
second time to find what is not idempotent, and lints it with PostgreSQL's parser.

Options:
  --fail-on=error|warning   which findings make the exit code 1 (default: error)
  --timeout=<ms>            time limit per migration (default: ${DEFAULT_TIMEOUT_MS})
  --max-file-size=<size>    larger migration files are reported, not run: bytes, or with KB/MB
                            (default: ${formatBytes(DEFAULT_MAX_FILE_BYTES)})
  --debug                   print the stack trace of an internal error
  -h, --help                this text
  -v, --version             the version

Exit codes:
  0  every migration ran and no finding reached --fail-on
  1  a migration failed, could not be checked, or a finding reached --fail-on
  2  bad usage, a path that cannot be read, or an internal error`;

class UsageError extends Error {
  override name = 'UsageError';
}

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

function positiveInteger(value: string, flag: string): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new UsageError(`${flag} needs a positive whole number, not "${value}".`);
  return Number(value);
}

function size(value: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(b|kb|k|mb|m)?$/i.exec(value.trim());
  if (!match || Number(match[1]) <= 0) throw new UsageError(`--max-file-size needs a size such as 5MB, 512KB or 1000000, not "${value}".`);
  const unit = (match[2] ?? 'b').toLowerCase();
  return Math.round(Number(match[1]) * (unit.startsWith('m') ? 1024 * 1024 : unit.startsWith('k') ? 1024 : 1));
}

interface Options {
  path: string;
  failOn: 'error' | 'warning';
  timeoutMs: number;
  maxFileBytes: number;
}

/** The parsed command line, or the text to print and the code to exit with. */
function parse(args: string[]): Options | { text: string; code: number } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      'fail-on': { type: 'string', default: 'error' },
      timeout: { type: 'string' },
      'max-file-size': { type: 'string' },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (values.help) return { text: USAGE, code: 0 };
  if (values.version) return { text: version(), code: 0 };
  const [command, path, ...extra] = positionals;
  if (command !== 'check') throw new UsageError(command ? `Unknown command "${command}"; the command is check.` : 'No command given.');
  if (!path) throw new UsageError('check needs a path: a prisma/migrations folder or a .sql file.');
  if (extra.length > 0) throw new UsageError(`check takes one path; also given: ${extra.join(' ')}.`);
  const failOn = values['fail-on'];
  if (failOn !== 'error' && failOn !== 'warning') throw new UsageError(`--fail-on is error or warning, not "${failOn}".`);
  return {
    path,
    failOn,
    timeoutMs: values.timeout === undefined ? DEFAULT_TIMEOUT_MS : positiveInteger(values.timeout, '--timeout'),
    maxFileBytes: values['max-file-size'] === undefined ? DEFAULT_MAX_FILE_BYTES : size(values['max-file-size']),
  };
}

export interface MainOptions {
  /** Where the report goes (stdout). */
  out?: (text: string) => void;
  /** Where usage and internal errors go (stderr). */
  err?: (text: string) => void;
  /** Starts the database worker; tests replace it. */
  startWorker?: WorkerFactory;
}

export async function main(args: string[], out: (text: string) => void = console.log, options: MainOptions = {}): Promise<number> {
  const err = options.err ?? console.error;
  const debug = args.includes('--debug');
  try {
    let parsed: ReturnType<typeof parse>;
    try {
      parsed = parse(args);
    } catch (error) {
      // parseArgs says what was wrong (an unknown option, a missing value) in its own words.
      const code = (error as { code?: string }).code;
      if (!(error instanceof UsageError) && !code?.startsWith('ERR_PARSE_ARGS')) throw error;
      err(`${NAME}: ${(error as Error).message}\nRun "${NAME} --help" for the options.`);
      return 2;
    }
    if ('text' in parsed) {
      out(parsed.text);
      return parsed.code;
    }
    let entries;
    try {
      entries = await readSources(parsed.path, parsed.maxFileBytes);
    } catch (error) {
      if (!(error instanceof SourcePathError)) throw error;
      err(`${NAME}: ${error.message}`);
      return 2;
    }
    if (entries.length === 0) {
      err(`${NAME}: no migrations in ${parsed.path} (expected folders with a migration.sql, as in prisma/migrations).`);
      return 2;
    }
    const report = await checkEntries(entries, { timeoutMs: parsed.timeoutMs, ...(options.startWorker ? { startWorker: options.startWorker } : {}) });
    out(formatReport(report, { siteUrl: SITE_URL }));
    return report.errors > 0 || (parsed.failOn === 'warning' && report.warnings > 0) ? 1 : 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    err(`${NAME}: internal error: ${message}`);
    if (debug && error instanceof Error && error.stack) err(error.stack);
    return 2;
  }
}
