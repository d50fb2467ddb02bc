/**
 * Lints a migration with PostgreSQL's own parser (libpg_query compiled to WASM): every finding
 * comes from the parse tree (or from the tracer's observation the caller passes), never from
 * matching SQL text. This module runs the rules of ./rules/ over each top-level statement, and owns
 * what is about the file rather than a statement: positions, Prisma's comments, BEGIN … COMMIT,
 * suppression comments, severities and links.
 *
 * Linear in the file's size: positions advance with the statements. The first version re-encoded
 * the file's prefix for every statement: 1 MB took 14.4 s and 5 MB 444 s (over 20 min on this busy
 * machine); now 2.4 s and 4.6 s (tests/fixtures/checker/big-migration.ts, lint.test.ts "speed").
 */
import { loadModule, parse, parsePlPgSQLSync, parseSync, scanSync } from 'libpg-query';
import { RULES } from './rules/index.ts';
import { outsideTransactionOnly } from './rules/concurrently-in-transaction.ts';
import { sqlparserFallsBack } from './rules/execution.ts';
import { kindOf, bodyOf, normalizeTable, tableOf } from './rules/tree.ts';
import {
  RULE_IDS,
  type Finding,
  type LintOptions,
  type MigrationInfo,
  type ObservedStatement,
  type PgNode,
  type PgParser,
  type RuleContext,
  type RuleId,
  type StatementInfo,
} from './rules/types.ts';

export type { Finding, LintOptions } from './rules/types.ts';

interface RawStatement {
  stmt: PgNode;
  stmt_location?: number;
  stmt_len?: number;
}

const IGNORE = /--\s*migration-field-guide-ignore\b[ \t]*([^\n]*)/g;
/** Prisma's comment before each statement it writes: `-- CreateTable`, `-- AlterEnum`, … */
const PRISMA_COMMENT = /^--[ \t]*(?:Create|Alter|Drop|Add|Rename|Redefine)[A-Z][A-Za-z]*[ \t]*\r?$/m;

/**
 * Maps libpg_query's UTF-8 byte offsets to string indices and lines, moving forward only: each
 * call continues from the previous one, so a whole file costs one pass.
 */
class Positions {
  private byte = 0;
  private index = 0;
  private line = 1;
  private readonly sql: string;
  constructor(sql: string) {
    this.sql = sql;
  }

  /** String index of a byte offset at or after the previous one. */
  indexOfByte(target: number): number {
    while (this.byte < target && this.index < this.sql.length) {
      const code = this.sql.codePointAt(this.index)!;
      this.byte += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      if (this.sql.charCodeAt(this.index) === 10) this.line++;
      this.index += code >= 0x10000 ? 2 : 1;
    }
    return this.index;
  }

  /** The byte offset of the string index reached last. */
  get byteOffset(): number {
    return this.byte;
  }

  /** Line of a string index at or after the last one reached. */
  lineOfIndex(target: number): number {
    while (this.index < target) this.indexOfByte(this.byte + 1);
    return this.line;
  }
}

/** A statement's location includes the blank lines and comments before it; skip them. */
function skipTrivia(sql: string, index: number): number {
  let i = index;
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i]!)) i++;
    if (sql.startsWith('--', i)) {
      const newline = sql.indexOf('\n', i);
      i = newline === -1 ? sql.length : newline + 1;
    } else if (sql.startsWith('/*', i)) {
      const close = sql.indexOf('*/', i + 2);
      i = close === -1 ? sql.length : close + 2;
    } else {
      return i;
    }
  }
}

interface Suppression {
  /** Rule ids named in the comment. */
  rules: RuleId[];
  /** Whole file (a comment at the top, apart from the first statement) or the next statement. */
  scope: 'file' | 'statement';
}

/**
 * Reads the ignore comments in the trivia before a statement. One on the line right before the
 * statement (no blank line between) covers the statement; one above the first statement separated
 * from it by a blank line covers the file. Unknown ids become findings.
 */
function readSuppressions(trivia: string, firstLine: number, isFirst: boolean, unknown: (line: number, id: string) => void): Suppression[] {
  const found: Suppression[] = [];
  for (const match of trivia.matchAll(IGNORE)) {
    const line = firstLine + countNewlines(trivia, match.index);
    // `-- migration-field-guide-ignore a, b -- why` : the ids end where a reason starts.
    const ids = match[1]!
      .split(/--|\(/)[0]!
      .split(/[\s,]+/)
      .filter(Boolean);
    const rules: RuleId[] = [];
    for (const id of ids) {
      if ((RULE_IDS as readonly string[]).includes(id)) rules.push(id as RuleId);
      else unknown(line, id);
    }
    const after = trivia.slice(match.index + match[0].length);
    const touching = !/\n[ \t]*\r?\n/.test(after);
    found.push({ rules, scope: isFirst && !touching ? 'file' : 'statement' });
  }
  return found;
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

function urlFor(path: string, siteUrl: string | undefined): string {
  return siteUrl ? `${siteUrl.replace(/\/+$/, '')}${path}` : path;
}

/** Tables created by statements before `index` in this file, computed once per file. */
function createdBefore(migration: MigrationInfo): Map<string, number> {
  return migration.memo('created-tables', () => {
    const created = new Map<string, number>();
    for (const statement of migration.statements) {
      if (statement.kind !== 'CreateStmt' && statement.kind !== 'CreateTableAsStmt') continue;
      const relation = statement.kind === 'CreateStmt' ? statement.node.relation : (statement.node.into as PgNode | undefined)?.rel;
      const table = tableOf(relation);
      if (table !== undefined && !created.has(table)) created.set(table, statement.index);
    }
    return created;
  });
}

function syntaxError(sql: string, error: unknown, options: LintOptions): Finding {
  const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
  const positions = new Positions(sql);
  const line = details?.cursorPosition !== undefined ? positions.lineOfIndex(positions.indexOfByte(details.cursorPosition)) : 1;
  const rule = RULES['syntax-error'];
  return {
    rule: rule.id,
    severity: options.severities?.['syntax-error'] === 'off' ? rule.severity : (options.severities?.['syntax-error'] ?? rule.severity),
    line,
    message: `${(error as Error).message} (line ${line}).`,
    url: urlFor(rule.section, options.siteUrl),
  };
}

export async function lintMigration(sql: string, options: LintOptions = {}): Promise<Finding[]> {
  await loadModule();
  let raw: RawStatement[];
  try {
    raw = ((await parse(sql)) as { stmts?: RawStatement[] }).stmts ?? [];
  } catch (error) {
    return [syntaxError(sql, error, options)];
  }

  const findings: Finding[] = [];
  const emit = (rule: RuleId, line: number, message: string, column?: number): boolean => {
    const setting = options.severities?.[rule];
    const meta = RULES[rule];
    if (setting === 'off' || (setting === undefined && meta.optIn)) return false;
    return (
      findings.push({
        rule,
        severity: setting ?? meta.severity,
        line,
        ...(column !== undefined ? { column } : {}),
        message,
        url: urlFor(meta.section, options.siteUrl),
      }) > 0
    );
  };

  const positions = new Positions(sql);
  const statements: StatementInfo[] = [];
  /** Each statement's first byte, to place a hit given by a node's location. */
  const starts: number[] = [];
  const ignored: Set<RuleId>[] = [];
  const fileIgnored = new Set<RuleId>();
  let openTransaction: { line: number; prisma: boolean } | undefined;
  let previousEnd = 0;
  for (const [index, statement] of raw.entries()) {
    // The comments before a statement lie between the previous statement's semicolon and its first
    // word (libpg_query 18 points stmt_location at the word; older versions at the semicolon).
    const triviaStart = sql[previousEnd] === ';' ? previousEnd + 1 : previousEnd;
    const triviaLine = positions.lineOfIndex(triviaStart);
    const start = skipTrivia(sql, Math.max(positions.indexOfByte(statement.stmt_location ?? 0), triviaStart));
    const trivia = sql.slice(triviaStart, start);
    const line = positions.lineOfIndex(start);
    starts.push(positions.byteOffset);
    const end = statement.stmt_len !== undefined ? positions.indexOfByte((statement.stmt_location ?? 0) + statement.stmt_len) : sql.length;
    previousEnd = end;
    const own = new Set<RuleId>();
    for (const suppression of readSuppressions(trivia, triviaLine, index === 0, (at, id) =>
      emit(
        'unknown-ignored-rule',
        at,
        `"${id}" is not a rule of this checker; the ignore comment names ${RULE_IDS.length} known ids (see /check).`,
      ),
    )) {
      for (const rule of suppression.rules) (suppression.scope === 'file' ? fileIgnored : own).add(rule);
    }
    ignored.push(own);

    const kind = kindOf(statement.stmt);
    const node = bodyOf(statement.stmt);
    let prismaGenerated = PRISMA_COMMENT.test(trivia);
    let inExplicitTransaction = openTransaction !== undefined;
    if (kind === 'TransactionStmt') {
      const transaction = node.kind as string;
      if (transaction === 'TRANS_STMT_BEGIN' || transaction === 'TRANS_STMT_START') {
        openTransaction ??= { line, prisma: prismaGenerated };
        inExplicitTransaction = true;
      } else if (['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_PREPARE'].includes(transaction)) {
        prismaGenerated ||= openTransaction?.prisma ?? false;
        openTransaction = undefined;
      }
    } else if (openTransaction?.prisma) {
      // Prisma opens BEGIN … COMMIT itself for an enum change; the statements inside are its own.
      prismaGenerated = true;
    }
    statements.push({ index, kind, node, tree: statement.stmt, sql: sql.slice(start, end), line, prismaGenerated, inExplicitTransaction });
  }

  const memos = new Map<string, unknown>();
  const target = options.prismaTarget;
  const needsSplitCheck = target !== '7.3' && statements.length > 1 && statements.some(mattersForExecution);
  const sqlparserFallback = needsSplitCheck ? (options.sqlparserFallback ?? (await sqlparserFallsBack(sql, statements))) : false;
  const migration: MigrationInfo = {
    statements,
    execution: target === '7.3' ? 'batch' : target === '7.4' ? (sqlparserFallback ? 'batch' : 'split') : 'unknown',
    sqlparserFallback,
    memo<T>(key: string, compute: () => T): T {
      if (!memos.has(key)) memos.set(key, compute());
      return memos.get(key) as T;
    },
  };
  const observedByLine = new Map<number, ObservedStatement>();
  for (const traced of options.trace ?? [])
    if (traced.status === undefined || traced.status === 'ok') observedByLine.set(traced.line, traced);
  const existing = options.existingTables ? new Set([...options.existingTables].map(normalizeTable)) : undefined;
  const rules = Object.values(RULES);
  const pg: PgParser = { parse: parseSync, parsePlPgSQL: parsePlPgSQLSync, scan: scanSync };

  /** The second run's failures by statement: the last statement starting at or before the failure's line. */
  const secondRunOf = (statement: StatementInfo) => {
    const from = statement.line;
    const to = statements[statements.indexOf(statement) + 1]?.line ?? Number.POSITIVE_INFINITY;
    return (options.secondRun ?? []).filter((failure) => failure.line >= from && failure.line < to);
  };

  for (const statement of statements) {
    const reportedHere = new Set<RuleId>();
    const context: RuleContext = {
      statement,
      pg,
      migration,
      prismaTarget: target,
      postgresMajor: options.postgresMajor ?? 18,
      existingTables: options.existingTables,
      observed: observedByLine.get(statement.line),
      secondRun: secondRunOf(statement),
      reportedHere,
      tableExisted(table: string) {
        const name = normalizeTable(table);
        const created = createdBefore(migration).get(name);
        if (created !== undefined && created < statement.index) return false;
        if (!existing) return 'unknown';
        return existing.has(name);
      },
    };
    for (const rule of rules) {
      if (fileIgnored.has(rule.id) || ignored[statement.index]!.has(rule.id)) continue;
      for (const hit of rule.check(context)) {
        const at = hit.location !== undefined ? place(statement, starts[statement.index]!, hit.location) : undefined;
        if (emit(rule.id, hit.line ?? at?.line ?? statement.line, hit.message, hit.column ?? at?.column)) reportedHere.add(rule.id);
      }
    }
  }
  return findings.sort((a, b) => a.line - b.line);
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Line and column (1-based, in characters) of a byte offset inside a statement; rare, so not incremental. */
function place(statement: StatementInfo, statementByte: number, location: number): { line: number; column: number } | undefined {
  const offset = location - statementByte;
  if (offset < 0) return undefined;
  const prefix = decoder.decode(encoder.encode(statement.sql).slice(0, offset));
  const newline = prefix.lastIndexOf('\n');
  return { line: statement.line + (prefix.match(/\n/g)?.length ?? 0), column: prefix.length - newline };
}

/** Only these make the way the file is sent (one batch or split) matter; else sqlparser is not loaded. */
function mattersForExecution(statement: StatementInfo): boolean {
  return statement.kind === 'AlterEnumStmt' || outsideTransactionOnly(statement, 18) !== undefined;
}
