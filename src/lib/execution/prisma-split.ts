/**
 * Where Prisma 7.4+ cuts a migration file into statements, and when it does not cut it at all.
 *
 * What the engine does (prisma-engines #5767 "support CREATE INDEX CONCURRENTLY in migrations",
 * #5799 for the shadow database; the design is described in #5847): `split_script_into_statements`
 * parses the file with sqlparser (≤ 0.62) to find statement boundaries and sends each statement as
 * its own simple query; when sqlparser cannot parse the file, the whole file goes as one batch.
 *
 * What is sent per statement, the parser's re-rendered SQL or the original text? Not verified: the
 * engine's source after #5767 could not be read here (see ../shared notes, facts §3). #5847's
 * description speaks of using the parse "to find statement boundaries", which points to slices of the
 * original text, and re-rendering would change dollar-quoted bodies and comments; so this module sends
 * the original text, cut where sqlparser's statements end. The dialect (PostgreSQL vs generic) is
 * also unverified; both refuse `DO` and `DROP INDEX CONCURRENTLY`, and this module uses PostgreSQL's.
 *
 * sqlparser-ts (sqlparser-rs 0.62 as WASM) gives no statement positions, so the boundaries are found
 * like this: the project's own splitter proposes cuts at top-level semicolons (outside quotes, dollar
 * quotes, comments and parentheses, where sqlparser cannot end a statement either); consecutive pieces
 * are joined until sqlparser accepts them, which mends a cut the lexical splitter made too early (an
 * E'…\'…' string); a file whose pieces cannot all be accepted is reported as not splittable.
 */
import { splitStatements, type StatementSpan } from '../sql-runtime/split-statements.ts';
import { lineIndex } from '../sql-runtime/text-lines.ts';
import type { PrismaTarget } from './prisma-target.ts';
import type { SqlParser } from './sql-parser.ts';

export type { SqlParser };

export interface PrismaStatement extends StatementSpan {
  /** 1-based line where the statement's code starts (after its leading comments). */
  line: number;
}

/** Why a file that Prisma 7.4+ would split goes as one batch. */
export interface PrismaFallback {
  line: number;
  /** For the reader: "sqlparser 0.62 cannot parse line 3 (`DO $$`): Prisma sends this file as one batch". */
  reason: string;
  /** sqlparser's own message. */
  parserError: string;
}

export interface PrismaSplit {
  /** How the file is sent: each statement its own query, or the file as one query. */
  mode: 'statements' | 'batch';
  /** In `statements` mode what is sent; in `batch` mode the statements for display (the project's splitter). */
  statements: PrismaStatement[];
  fallback?: PrismaFallback;
}

export const SQLPARSER_VERSION = '0.62';

let loader: (() => Promise<SqlParser>) | undefined;
let loaded: Promise<SqlParser> | undefined;

/** For tests and hosts with a parser of their own; by default the environment picks its loader. */
export function useSqlparserLoader(load: () => Promise<SqlParser>): void {
  loader = load;
  loaded = undefined;
}

const inNode = () => typeof process !== 'undefined' && typeof process.versions?.node === 'string';

export function loadSqlparser(): Promise<SqlParser> {
  const load = loader ?? (inNode() ? loadInNode : async () => (await import('./sqlparser-browser.ts')).loadSqlparserInBrowser());
  loaded ??= load().catch((error: unknown) => {
    loaded = undefined;
    throw error;
  });
  return loaded;
}

async function loadInNode(): Promise<SqlParser> {
  const { init, validate } = await import('@guanmingchiu/sqlparser-ts');
  await init();
  return { validate: (sql) => void validate(sql, 'postgresql') };
}

export function errorText(error: unknown): string {
  if (typeof error === 'string') return error;
  if (error && typeof error === 'object' && typeof (error as { message?: unknown }).message === 'string')
    return (error as { message: string }).message;
  return String(error);
}

const withLine =
  (lineOf: (offset: number) => number) =>
  (span: StatementSpan): PrismaStatement => ({ ...span, line: lineOf(span.start + codeStart(span.text)) });

export function splitAsPrisma(sql: string, target: PrismaTarget, parser: SqlParser): PrismaSplit {
  const lineOf = lineIndex(sql);
  const spans = splitStatements(sql).map(withLine(lineOf));
  if (target === '7.3') return { mode: 'batch', statements: spans };
  try {
    parser.validate(sql);
  } catch (error) {
    return { mode: 'batch', statements: spans, fallback: describeFailure(sql, spans, errorText(error)) };
  }
  const pieces = sqlparserPieces(sql, spans, parser, lineOf);
  if (pieces) return { mode: 'statements', statements: pieces };
  return {
    mode: 'batch',
    statements: spans,
    fallback: {
      line: 1,
      reason: `this page could not find where sqlparser ${SQLPARSER_VERSION} splits this file, so it sends the file as one batch; Prisma would split it`,
      parserError: '',
    },
  };
}

/** The project's pieces, joined until sqlparser accepts each. */
function sqlparserPieces(
  sql: string,
  spans: PrismaStatement[],
  parser: SqlParser,
  lineOf: (offset: number) => number,
): PrismaStatement[] | undefined {
  const pieces: PrismaStatement[] = [];
  let start: number | undefined;
  for (const span of spans) {
    const from = start ?? span.start;
    const text = sql.slice(from, span.end);
    try {
      parser.validate(text);
    } catch {
      start = from;
      continue;
    }
    start = undefined;
    pieces.push(withLine(lineOf)({ text, start: from, end: span.end }));
  }
  return start === undefined ? pieces : undefined;
}

/** sqlparser says "… at Line: 3, Column: 1"; its columns count characters, not UTF-16 units. */
function offsetOf(sql: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current += 1) {
    const newline = sql.indexOf('\n', offset);
    if (newline === -1) return sql.length;
    offset = newline + 1;
  }
  for (let seen = 1; seen < column && offset < sql.length; seen += 1) offset += (sql.codePointAt(offset) ?? 0) > 0xffff ? 2 : 1;
  return offset;
}

/** Where the statement's code starts, after leading comments and blanks. */
function codeStart(text: string): number {
  let at = 0;
  for (;;) {
    while (at < text.length && /\s/.test(text[at] as string)) at += 1;
    if (text.startsWith('--', at)) {
      const newline = text.indexOf('\n', at);
      at = newline === -1 ? text.length : newline + 1;
    } else if (text.startsWith('/*', at)) {
      const close = text.indexOf('*/', at);
      at = close === -1 ? text.length : close + 2;
    } else {
      return at;
    }
  }
}

/** The statement's first line of code, short enough to quote. */
function quote(text: string): string {
  const first = (text.slice(codeStart(text)).split('\n')[0] ?? '').trim().replace(/;$/, '');
  return first.length > 40 ? `${first.slice(0, 39)}…` : first;
}

function describeFailure(sql: string, spans: PrismaStatement[], parserError: string): PrismaFallback {
  const at = /Line: (\d+), Column: (\d+)/.exec(parserError);
  const offset = at ? offsetOf(sql, Number(at[1]), Number(at[2])) : 0;
  const span =
    spans.find((item) => offset >= item.start && offset < item.end) ?? spans.findLast((item) => item.start <= offset) ?? spans[0];
  // The line of the quoted text, so the two name the same thing.
  const line = span?.line ?? (at ? Number(at[1]) : 1);
  const what = span ? ` (\`${quote(span.text)}\`)` : '';
  return {
    line,
    reason: `sqlparser ${SQLPARSER_VERSION} cannot parse line ${line}${what}: Prisma sends this file as one batch`,
    parserError,
  };
}
