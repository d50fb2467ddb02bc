/**
 * The lint's contract: what a rule is given, what it answers, and what the lint hands its callers
 * (the CLI, /check, the reports). One rule per file in this folder; index.ts is the registry.
 */
import type { parsePlPgSQLSync, parseSync, scanSync } from 'libpg-query';
import type { Blocks, LockMode } from '../../locks/lock-modes.ts';

export type Severity = 'error' | 'warning' | 'info';

/**
 * How Prisma runs a migration file: '7.3' sends the whole file as one simple-query batch (one
 * implicit transaction; also Prisma 5.x/6.x and psql -c); '7.4' splits it with sqlparser and sends
 * each statement on its own, falling back to one batch when sqlparser cannot parse the file.
 * Declared here until src/lib/execution/prisma-target.ts lands; then this becomes a re-export.
 */
export type PrismaTarget = '7.4' | '7.3';

/** Every rule id, so a config or an ignore comment can be checked without loading the rules. */
export const RULE_IDS = [
  'syntax-error',
  'unguarded-ddl',
  'constraint-guard-name-only',
  'concurrently-in-transaction',
  'not-null-without-default',
  'begin-without-commit',
  'index-not-concurrently',
  'unique-constraint-direct',
  'constraint-not-valid',
  'set-not-null-scan',
  'type-change-rewrite',
  'volatile-default-rewrite',
  'missing-lock-timeout',
  'rename-column-or-table',
  'drop-then-add-column',
  'drop-column-or-table',
  'enum-value-used-same-file',
  'identifier-too-long',
  'unknown-ignored-rule',
  'second-run-conflict',
] as const;

export type RuleId = (typeof RULE_IDS)[number];

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** 1-based line of the statement (or of the syntax error) in the file. */
  line: number;
  /** 1-based column, when the finding points inside a line. */
  column?: number;
  message: string;
  /** The guide section: a path (`/guide/…/#…`), or an absolute URL when the caller passed siteUrl. */
  url: string;
}

/** One lock the tracer saw the statement hold (src/lib/locks/trace.ts TracedLock fits). */
export interface ObservedLock {
  relation: string;
  mode: LockMode;
  blocks: Blocks;
}

/** What the tracer observed for one statement (src/lib/locks/trace.ts TracedStatement fits). */
export interface ObservedStatement {
  /** 1-based line of the statement's first word: how the lint matches it to its statement. */
  line: number;
  /** A statement that failed or did not run has no observation; rules then fall back to the parse tree. */
  status?: 'ok' | 'error' | 'not-run';
  locks: readonly ObservedLock[];
  /** Tables and indexes whose storage the statement replaced. */
  rewrites: readonly string[];
}

/** What a caller may tell the lint about the migration; every field is optional. */
export interface LintOptions {
  /**
   * Tables that existed before this migration (from the replayed history), as `Post` or
   * `audit.log`. Absent = unknown: then every table not created earlier in the same file is
   * treated as possibly existing with rows, and the messages say "if … already has rows".
   */
  existingTables?: ReadonlySet<string>;
  /** Absent = unknown: CONCURRENTLY and enum rules report what fails under either target. */
  prismaTarget?: PrismaTarget;
  /** PostgreSQL major the migration will run on; absent = 18 (PGlite's). */
  postgresMajor?: number;
  /** The tracer's statements for this file (LockTrace.statements fits); absent = not observed. */
  trace?: readonly ObservedStatement[];
  /**
   * Whether sqlparser 0.62 fails on this file, so Prisma 7.4+ sends it as one batch, when the caller
   * already knows (src/lib/execution's splitAsPrisma: `fallback !== undefined`). Absent: the lint
   * parses the file itself in Node, and in a browser judges from the statement kinds sqlparser is
   * known to refuse (DO, DROP INDEX CONCURRENTLY).
   */
  sqlparserFallback?: boolean;
  /**
   * The failures of the file's second run on the database its first run produced (line, SQLSTATE,
   * message); absent = not run twice.
   */
  secondRun?: readonly SecondRunFailure[];
  /** Prefix for finding URLs (e.g. `https://guide.example.org`); absent = paths only. */
  siteUrl?: string;
  /** Per-rule severity overrides from a config; 'off' drops the rule. */
  severities?: Partial<Record<RuleId, Severity | 'off'>>;
}

export interface SecondRunFailure {
  line: number;
  code: string;
  message: string;
}

/** A libpg_query parse tree node: `{ KindName: { …fields } }` or the fields themselves. */
export type PgNode = Record<string, unknown>;

/** One top-level statement of the file, as every rule sees it. */
export interface StatementInfo {
  index: number;
  /** `CreateStmt`, `AlterTableStmt`, … (libpg_query's node name). */
  kind: string;
  /** The node's fields (the value under `kind`). */
  node: PgNode;
  /** The whole `{ kind: node }` tree, for walking. */
  tree: PgNode;
  sql: string;
  line: number;
  /** Prisma wrote it: a `-- CreateTable`, `-- AlterTable`, … comment sits right before it. */
  prismaGenerated: boolean;
  /** Inside a BEGIN … COMMIT the file itself opens. */
  inExplicitTransaction: boolean;
}

/** The migration as a whole, shared by all rules; `memo` computes a per-file fact once. */
export interface MigrationInfo {
  statements: readonly StatementInfo[];
  /**
   * How the chosen target runs the file: 'batch' (one implicit transaction), 'split' (statement by
   * statement), or 'unknown' when no target was given (rules then report what fails under either).
   */
  execution: 'batch' | 'split' | 'unknown';
  /** Under '7.4': sqlparser could not parse the file, so Prisma falls back to one batch. */
  sqlparserFallback: boolean;
  memo<T>(key: string, compute: () => T): T;
}

/**
 * libpg_query's synchronous entry points, loaded by the lint and handed to the rules, so that the
 * registry itself (which the /check page imports for the rule list) carries no parser.
 */
export interface PgParser {
  parse: typeof parseSync;
  parsePlPgSQL: typeof parsePlPgSQLSync;
  scan: typeof scanSync;
}

export interface RuleContext {
  statement: StatementInfo;
  pg: PgParser;
  migration: MigrationInfo;
  prismaTarget: PrismaTarget | undefined;
  postgresMajor: number;
  /** Undefined when the caller gave no history. */
  existingTables: ReadonlySet<string> | undefined;
  /**
   * Whether `table` holds data before this statement runs: false if it was created earlier in this
   * file or is absent from existingTables; 'unknown' when no history was given; true otherwise.
   */
  tableExisted(table: string): boolean | 'unknown';
  /** The tracer's observation for this statement, when the caller traced the file. */
  observed: ObservedStatement | undefined;
  /** The second run's failures inside this statement (none when the file was not run twice). */
  secondRun: readonly SecondRunFailure[];
  /** Rules already reported on this statement (the registry's order): a later rule can leave a cause said once. */
  reportedHere: ReadonlySet<RuleId>;
}

/** What a rule's check returns: zero or more messages, optionally at a more precise position. */
export interface RuleHit {
  message: string;
  line?: number;
  column?: number;
  /** A parse-tree node's `location` (a byte offset in the file): the lint turns it into line and column. */
  location?: number;
}

export interface Rule {
  id: RuleId;
  severity: Severity;
  title: string;
  /** Why it matters, in a sentence or two. */
  why: string;
  /** What to write instead. */
  safe: string;
  /**
   * Off unless a config turns it on (`"rules": { "<id>": true }`): for advice that holds for most
   * migrations and so would bury the findings a reviewer must act on.
   */
  optIn?: true;
  /** Guide section (path) and the runnable example that shows it (path). */
  section: string;
  example: string;
  check(context: RuleContext): readonly RuleHit[];
}

/** A rule without its check: what the /check page and the reports show (see catalog.ts). */
export type RuleInfo = Omit<Rule, 'check'>;
