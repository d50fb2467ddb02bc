/**
 * `migration-field-guide check <path>`: replays a migrations folder (or one .sql file) on PGlite in
 * Node with the same checks as the /check page, prints the report and exits with a documented code.
 * The database work runs in a worker thread (cli-runner.ts) so that a time limit can stop it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { MAX_FILE_BYTES } from '../sql-runtime/limits.ts';
import { resolve } from 'node:path';
import { checkEntries, type WorkerFactory } from './cli-runner.ts';
import { ConfigError, loadConfig, severityOverrides } from './config.ts';
import { changedSince, GitError } from './git-since.ts';
import { formatGithub, formatMarkdown, formatSarif } from './report-formats.ts';
import { reachesFailOn, toJson, type PrismaTarget, type Severity } from './report-json.ts';
import { formatReport } from './report-text.ts';
import { formatBytes, readSources, SourcePathError } from './sources.ts';

/** The guide's address for links in reports: only what the configuration says; no made-up domain. */
export const SITE_URL: string | undefined = undefined;

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

const FORMATS = ['text', 'json', 'github', 'sarif', 'markdown'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `Usage: ${NAME} check <prisma/migrations | file.sql> [migration files to check…] [options]

Replays each migration on PostgreSQL (PGlite) after the ones before it, in both of Prisma's execution
modes, traces the locks each statement takes and the tables it rewrites, runs it a second time to find
what is not idempotent, and lints it with PostgreSQL's parser. Extensions PGlite bundles (pgcrypto,
citext, pg_trgm, uuid-ossp, hstore, ltree, …) are loaded when a migration creates them.

Naming migration files after the folder checks only those; the others are only replayed.

Options:
  --format=<format>         text (default), json, github (workflow commands), sarif (2.1.0), markdown
  --prisma=7.3|7.4          the Prisma version's execution: 7.4+ runs statement by statement,
                            7.3 and older send one batch (default: 7.4, or the config's)
  --since=<git-ref>         check only migrations changed or added since the ref; earlier ones are
                            only replayed (needs git)
  --fail-on=error|warning|info
                            which findings make the exit code 1 (default: error)
  --config=<file>           configuration file (default: .migration-field-guide.json, else the
                            "${NAME}" key of package.json, in the current folder)
  --timeout=<ms>            time limit per migration (default: ${DEFAULT_TIMEOUT_MS})
  --max-file-size=<size>    larger migration files are reported, not run: bytes, or with KB/MB
                            (default: ${formatBytes(DEFAULT_MAX_FILE_BYTES)})
  --debug                   print the stack trace of an internal error
  -h, --help                this text
  -v, --version             the version

Configuration (JSON): { "rules": { "<rule>": false | "error" | "warning" | "info" }, "prisma": "7.4",
  "postgres": 16, "siteUrl": "https://your-copy-of-the-guide.example", "failOn": "warning" }
Without siteUrl, links in the report are paths of the guide.

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
  files: string[];
  failOn: Severity | undefined;
  timeoutMs: number;
  maxFileBytes: number;
  format: Format;
  prisma: PrismaTarget | undefined;
  since: string | undefined;
  config: string | undefined;
}

/** The parsed command line, or the text to print and the code to exit with. */
function parse(args: string[]): Options | { text: string; code: number } {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      'fail-on': { type: 'string' },
      format: { type: 'string', default: 'text' },
      prisma: { type: 'string' },
      since: { type: 'string' },
      config: { type: 'string' },
      timeout: { type: 'string' },
      'max-file-size': { type: 'string' },
      debug: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  if (values.help) return { text: USAGE, code: 0 };
  if (values.version) return { text: version(), code: 0 };
  const [command, path, ...files] = positionals;
  if (command !== 'check') throw new UsageError(command ? `Unknown command "${command}"; the command is check.` : 'No command given.');
  if (!path) throw new UsageError('check needs a path: a prisma/migrations folder or a .sql file.');
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'error' && failOn !== 'warning' && failOn !== 'info')
    throw new UsageError(`--fail-on is error, warning or info, not "${failOn}".`);
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(`--format is one of ${FORMATS.join(', ')}, not "${format}".`);
  const prisma = values.prisma;
  if (prisma !== undefined && prisma !== '7.3' && prisma !== '7.4')
    throw new UsageError(`--prisma is 7.3 or 7.4 (the two ways Prisma runs a migration), not "${prisma}".`);
  if (values.since !== undefined && files.length > 0)
    throw new UsageError(
      `--since and migration files name the migrations to check in two ways; give one (also given: ${files.join(' ')}).`,
    );
  return {
    path,
    files,
    failOn,
    format,
    prisma,
    since: values.since,
    config: values.config,
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
  /** Where the configuration is looked for (the current folder). */
  cwd?: string;
  /** Progress per migration (on a terminal: a counter on stderr). */
  progress?: (done: number, total: number) => void;
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
    let config;
    let selected: Set<string> | undefined;
    try {
      config = await loadConfig(options.cwd ?? process.cwd(), parsed.config);
      if (parsed.since !== undefined) selected = await changedSince(parsed.since, parsed.path);
    } catch (error) {
      if (!(error instanceof ConfigError || error instanceof GitError)) throw error;
      err(`${NAME}: ${error.message}`);
      return 2;
    }
    if (parsed.files.length > 0) {
      selected = new Set(parsed.files.map((file) => resolve(file)));
      const known = new Set(entries.map((entry) => resolve(entry.name)));
      const unknown = [...selected].filter((file) => !known.has(file) && !known.has(resolve(file, 'migration.sql')));
      if (unknown.length > 0) {
        err(`${NAME}: not a migration of ${parsed.path}: ${unknown.join(', ')}`);
        return 2;
      }
      for (const file of [...selected]) selected.add(resolve(file, 'migration.sql'));
    }
    const checked = selected ? (name: string) => selected.has(resolve(name)) : undefined;
    const progress =
      options.progress ??
      (process.stderr.isTTY ? (done: number, total: number) => process.stderr.write(`\r${done}/${total} migrations`) : undefined);
    const prisma = parsed.prisma ?? config.prisma ?? '7.4';
    const report = await checkEntries(entries, {
      timeoutMs: parsed.timeoutMs,
      target: prisma,
      ...(options.startWorker ? { startWorker: options.startWorker } : {}),
      ...(checked ? { checked } : {}),
      ...(progress ? { onProgress: progress } : {}),
    });
    if (progress && process.stderr.isTTY && !options.progress) process.stderr.write('\r\x1b[K');
    const json = toJson(report, {
      version: version(),
      prisma,
      postgres: config.postgres ?? 18,
      siteUrl: config.siteUrl ?? SITE_URL,
      severities: severityOverrides(config),
      pathOf: (name) => name,
    });
    const render: Record<Format, () => string> = {
      text: () => formatReport(report, { siteUrl: config.siteUrl ?? '', json }),
      json: () => JSON.stringify(json, null, 2),
      github: () => formatGithub(json),
      sarif: () => formatSarif(json),
      markdown: () => formatMarkdown(json),
    };
    out(render[parsed.format]());
    return reachesFailOn(json, parsed.failOn ?? config.failOn ?? 'error') ? 1 : 0;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    err(`${NAME}: internal error: ${message}`);
    if (debug && error instanceof Error && error.stack) err(error.stack);
    return 2;
  }
}
