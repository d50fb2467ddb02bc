/**
 * The checker's report as one plain object: the JSON contract (issues 11 and 13) every other format
 * (text, github, SARIF, markdown) is rendered from, so they can never disagree. Its shape is
 * report.schema.json; report-schema.ts mirrors it for the tests.
 */
import { RULES } from './rules.ts';
import type { CheckReport, MigrationReport, RunOutcome } from './check.ts';
import type { Blocks, LockMode } from '../locks/index.ts';

export type Severity = 'error' | 'warning' | 'info';
export type PrismaTarget = '7.3' | '7.4';

export interface JsonFinding {
  rule: string;
  severity: Severity;
  line: number;
  message: string;
  url: string;
}

export interface JsonStatement {
  line: number;
  sql: string;
  locks: { relation: string; mode: LockMode; blocks: Blocks }[];
  rewrites: string[];
  ms: number;
}

export interface JsonDeploy {
  ok: boolean;
  sqlstate: string | null;
  line: number | null;
  mode: 'statements' | 'batch';
  /** Statements whose effect stayed committed when the run ended. */
  committed: number;
}

export interface JsonMigration {
  name: string;
  /** The file, relative to where the command ran: what github and SARIF annotate. */
  path: string;
  status: 'ok' | 'failed' | 'cannot-run' | 'not-checked';
  statements: JsonStatement[];
  runs: { deploy: JsonDeploy | null };
  findings: JsonFinding[];
}

export interface JsonReport {
  tool: { name: 'migration-field-guide'; version: string };
  target: { prisma: PrismaTarget; postgres: number };
  migrations: JsonMigration[];
  summary: {
    migrations: number;
    replayed: number;
    failed: number;
    cannotRun: number;
    notChecked: number;
    errors: number;
    warnings: number;
    infos: number;
  };
}

/** Severity per rule from the configuration: a new level, or 'off'. */
export type SeverityOverrides = Record<string, Severity | 'off'>;

export interface JsonOptions {
  version: string;
  prisma: PrismaTarget;
  postgres: number;
  /** The guide's address; links stay site-relative paths when none is configured (never a made-up domain). */
  siteUrl: string | undefined;
  severities: SeverityOverrides;
  /** The migration's file path as the reader would open it. */
  pathOf: (name: string) => string;
}

const SECTIONS: Record<string, string> = {
  'migration-fails': '/guide/migration-logs/#what-deploy-prints',
  'extension-unavailable': '/check/',
  'cannot-run': '/check/',
  'not-checked': '/check/',
};

function urlOf(rule: string, siteUrl: string | undefined): string {
  const section = rule in RULES ? RULES[rule as keyof typeof RULES].section : (SECTIONS[rule] ?? '/check/');
  return `${siteUrl?.replace(/\/$/, '') ?? ''}${section}`;
}

/** The run Prisma's chosen version makes: 7.4+ sends statement by statement, up to 7.3 one batch. */
function deployOf(migration: MigrationReport, prisma: PrismaTarget): JsonDeploy | null {
  // Prisma 7.4+ sends one batch when sqlparser cannot parse the file (src/lib/execution).
  const mode = migration.deployMode ?? (prisma === '7.3' ? 'batch' : 'statements');
  const run: RunOutcome = mode === 'batch' ? migration.batch : migration.statements;
  if (run.skipped) return null;
  const first = run.failures[0];
  const total = migration.trace?.length ?? 0;
  const committed = run.ok ? total : mode === 'batch' ? 0 : (run.committedBeforeFailure ?? 0);
  return { ok: run.ok, sqlstate: first?.code ?? null, line: first?.line ?? null, mode, committed };
}

function migrationJson(migration: MigrationReport, options: JsonOptions): JsonMigration {
  const findings: JsonFinding[] = [];
  const add = (rule: string, severity: Severity, line: number, message: string) => {
    const level = options.severities[rule] ?? severity;
    if (level !== 'off') findings.push({ rule, severity: level, line, message, url: urlOf(rule, options.siteUrl) });
  };
  for (const name of migration.unavailableExtensions ?? [])
    add(
      'extension-unavailable',
      'warning',
      1,
      `cannot run: extension ${name} is not available in PGlite; the rest of the migration is still checked, and what depends on it is reported as "cannot run", not as a failure.`,
    );
  for (const problem of migration.problems ?? []) add('not-checked', 'error', 1, problem);
  const deploy = deployOf(migration, options.prisma);
  const syntax = migration.findings.some((finding) => finding.rule === 'syntax-error');
  if (deploy && !deploy.ok) {
    const failure = (deploy.mode === 'batch' ? migration.batch : migration.statements).failures[0];
    if (migration.dependsOn)
      add(
        'cannot-run',
        'info',
        failure?.line ?? 1,
        `cannot run here: depends on extension ${migration.dependsOn.join(', ')} (${failure?.code ?? ''} ${failure?.message ?? ''}).`,
      );
    // One syntax error counts once: the lint's finding already says it.
    else if (!(syntax && failure?.code === '42601'))
      add(
        'migration-fails',
        'error',
        failure?.line ?? 1,
        `fails with ${failure?.code ?? 'an error'}: ${failure?.message ?? ''} (Prisma ${options.prisma}: ${deploy.mode === 'batch' ? `one batch${migration.fallback ? `, because ${migration.fallback}` : ''}` : 'statement by statement'}).`,
      );
  }
  for (const finding of migration.findings) add(finding.rule, finding.severity, finding.line, finding.message);
  findings.sort((a, b) => a.line - b.line);
  const status: JsonMigration['status'] =
    (migration.problems?.length ?? 0) > 0 ? 'not-checked' : migration.dependsOn ? 'cannot-run' : deploy && !deploy.ok ? 'failed' : 'ok';
  return {
    name: migration.name,
    path: options.pathOf(migration.name),
    status,
    statements: (migration.trace ?? []).map((statement) => ({
      line: statement.line,
      sql: statement.sql.trim(),
      locks: statement.locks.map((lock) => ({ relation: lock.relation, mode: lock.mode, blocks: lock.blocks })),
      rewrites: statement.rewrites,
      ms: Math.round(statement.ms * 100) / 100,
    })),
    runs: { deploy },
    findings,
  };
}

export function toJson(report: CheckReport, options: JsonOptions): JsonReport {
  const migrations = report.migrations.filter((migration) => !migration.replayedOnly).map((migration) => migrationJson(migration, options));
  const all = migrations.flatMap((migration) => migration.findings);
  const count = (severity: Severity) => all.filter((finding) => finding.severity === severity).length;
  return {
    tool: { name: 'migration-field-guide', version: options.version },
    target: { prisma: options.prisma, postgres: options.postgres },
    migrations,
    summary: {
      migrations: migrations.length,
      replayed: report.migrations.length - migrations.length,
      failed: migrations.filter((migration) => migration.status === 'failed').length,
      cannotRun: migrations.filter((migration) => migration.status === 'cannot-run').length,
      notChecked: migrations.filter((migration) => migration.status === 'not-checked').length,
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
    },
  };
}

const RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

/** Exit code 1 when any finding reaches --fail-on. */
export const reachesFailOn = (report: JsonReport, failOn: Severity) =>
  report.migrations.some((migration) => migration.findings.some((finding) => RANK[finding.severity] >= RANK[failOn]));
