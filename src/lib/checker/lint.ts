/**
 * Lints a migration with PostgreSQL's own parser (libpg_query compiled to WASM): every finding
 * comes from the parse tree, never from matching SQL text. PL/pgSQL bodies (DO blocks) are parsed
 * too, so a guard's condition is read as a query.
 */
import { loadModule, parse, parsePlPgSQL } from 'libpg-query';
import { RULES, type RuleId, type Severity } from './rules.ts';

export interface Finding {
  rule: RuleId;
  severity: Severity;
  /** 1-based line of the statement (or of the syntax error) in the file. */
  line: number;
  message: string;
}

type Node = Record<string, unknown>;

interface RawStatement {
  stmt: Node;
  stmt_location?: number;
  stmt_len?: number;
}

/** libpg_query reports byte offsets into the UTF-8 text; JavaScript strings count UTF-16 units. */
function charIndex(sql: string, byteOffset: number): number {
  return new TextDecoder().decode(new TextEncoder().encode(sql).slice(0, byteOffset)).length;
}

const lineOf = (sql: string, index: number) => sql.slice(0, index).split('\n').length;

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

const kindOf = (node: Node) => Object.keys(node)[0]!;
const bodyOf = (node: Node) => Object.values(node)[0] as Node;

/** Every object in a parse tree (depth first), for questions like "does it read pg_constraint?". */
function* walk(value: unknown): Generator<Node> {
  if (Array.isArray(value)) for (const item of value) yield* walk(item);
  else if (value && typeof value === 'object') {
    yield value as Node;
    for (const child of Object.values(value)) yield* walk(child);
  }
}

const qualifiedName = (relation: unknown) => {
  const r = relation as { schemaname?: string; relname?: string } | undefined;
  return r?.relname ? (r.schemaname ? `${r.schemaname}.${r.relname}` : r.relname) : 'the table';
};

const objectWord: Record<string, string> = {
  OBJECT_TABLE: 'table', OBJECT_INDEX: 'index', OBJECT_SEQUENCE: 'sequence', OBJECT_VIEW: 'view', OBJECT_TYPE: 'type',
  OBJECT_SCHEMA: 'schema', OBJECT_EXTENSION: 'extension', OBJECT_FUNCTION: 'function', OBJECT_MATVIEW: 'materialized view',
};

function constraintTypes(columnDef: Node): string[] {
  const constraints = (columnDef.constraints as Node[] | undefined) ?? [];
  return constraints.map((c) => ((c.Constraint as Node | undefined)?.contype as string) ?? '');
}

/** Findings for one top-level statement (not for DO bodies: a guarded statement is the point). */
function statementFindings(node: Node, add: (rule: RuleId, message: string) => void, multiStatement: boolean): void {
  const kind = kindOf(node);
  const stmt = bodyOf(node);
  switch (kind) {
    case 'CreateStmt':
      if (!stmt.if_not_exists) add('unguarded-ddl', `CREATE TABLE ${qualifiedName(stmt.relation)} fails with 42P07 if the table exists (IF NOT EXISTS would skip it).`);
      break;
    case 'IndexStmt':
      if (!stmt.if_not_exists) add('unguarded-ddl', `CREATE INDEX ${String(stmt.idxname ?? '')} fails with 42P07 if the index exists (IF NOT EXISTS would skip it).`.replace('INDEX  ', 'INDEX '));
      if (stmt.concurrent && multiStatement) add('concurrently-in-transaction', 'CREATE INDEX CONCURRENTLY shares the file with other statements: in one batch it fails with 25001.');
      break;
    case 'CreateSeqStmt':
    case 'CreateSchemaStmt':
    case 'CreateExtensionStmt':
      if (!stmt.if_not_exists) add('unguarded-ddl', `${kind.replace('Create', 'CREATE ').replace('Stmt', '').replace('Seq', 'SEQUENCE').replace('Schema', 'SCHEMA').replace('Extension', 'EXTENSION').toUpperCase()} fails if it already exists (IF NOT EXISTS would skip it).`);
      break;
    case 'CreateEnumStmt':
      add('unguarded-ddl', 'CREATE TYPE … AS ENUM has no IF NOT EXISTS: a second run fails with 42710 unless a DO block checks pg_type first.');
      break;
    case 'DropStmt': {
      const word = objectWord[stmt.removeType as string] ?? 'object';
      if (!stmt.missing_ok) add('unguarded-ddl', `DROP ${word.toUpperCase()} fails if the ${word} is already gone (IF EXISTS would skip it).`);
      if (stmt.removeType === 'OBJECT_TABLE') add('breaking-change', 'DROP TABLE removes the table and its data; code still deployed that uses it fails.');
      if (stmt.concurrent && multiStatement) add('concurrently-in-transaction', 'DROP INDEX CONCURRENTLY shares the file with other statements: in one batch it fails with 25001.');
      break;
    }
    case 'RenameStmt': {
      const type = stmt.renameType as string;
      if (type === 'OBJECT_COLUMN') add('breaking-change', `Renaming column ${String(stmt.subname)} of ${qualifiedName(stmt.relation)} to ${String(stmt.newname)} breaks code that still uses the old name.`);
      else if (type === 'OBJECT_TABLE') add('breaking-change', `Renaming table ${qualifiedName(stmt.relation)} to ${String(stmt.newname)} breaks code that still uses the old name.`);
      add('unguarded-ddl', 'A rename fails on a second run: the old name no longer exists.');
      break;
    }
    case 'AlterTableStmt': {
      const table = qualifiedName(stmt.relation);
      for (const cmdNode of (stmt.cmds as Node[] | undefined) ?? []) {
        const cmd = cmdNode.AlterTableCmd as Node | undefined;
        if (!cmd) continue;
        const subtype = cmd.subtype as string;
        if (subtype === 'AT_AddColumn') {
          const column = (cmd.def as Node | undefined)?.ColumnDef as Node | undefined;
          const name = String(column?.colname ?? '');
          if (!cmd.missing_ok) add('unguarded-ddl', `ADD COLUMN ${name} fails with 42701 if ${table} already has it (ADD COLUMN IF NOT EXISTS would skip it).`);
          const types = column ? constraintTypes(column) : [];
          const notNull = types.includes('CONSTR_NOTNULL') || types.includes('CONSTR_PRIMARY');
          const filled = types.some((t) => t === 'CONSTR_DEFAULT' || t === 'CONSTR_IDENTITY' || t === 'CONSTR_GENERATED');
          if (notNull && !filled) add('not-null-without-default', `ADD COLUMN ${name} … NOT NULL without a default fails with 23502 once ${table} has rows.`);
        } else if (subtype === 'AT_AddConstraint') {
          const constraint = (cmd.def as Node | undefined)?.Constraint as Node | undefined;
          add('unguarded-ddl', `ADD CONSTRAINT ${String(constraint?.conname ?? '')} has no IF NOT EXISTS: a second run fails with 42710 (or 42P07 for an index-backed one) unless a DO block checks pg_constraint first.`);
        } else if (subtype === 'AT_DropColumn') {
          if (!cmd.missing_ok) add('unguarded-ddl', `DROP COLUMN ${String(cmd.name)} fails with 42703 if it is already gone (IF EXISTS would skip it).`);
          add('breaking-change', `DROP COLUMN ${String(cmd.name)} removes the column and its data; code still deployed that reads it fails.`);
        } else if (subtype === 'AT_DropConstraint' && !cmd.missing_ok) {
          add('unguarded-ddl', `DROP CONSTRAINT ${String(cmd.name)} fails with 42704 if it is already gone (IF EXISTS would skip it).`);
        }
      }
      break;
    }
  }
}

/** Guards inside a DO block: a query on pg_constraint that filters on conname but not on conrelid. */
async function guardFindings(node: Node, add: (rule: RuleId, message: string) => void): Promise<void> {
  const args = (bodyOf(node).args as Node[] | undefined) ?? [];
  const body = args.map((arg) => arg.DefElem as Node).find((def) => def?.defname === 'as');
  const source = ((body?.arg as Node | undefined)?.String as Node | undefined)?.sval;
  if (typeof source !== 'string') return;
  let tree: unknown;
  try {
    tree = await parsePlPgSQL(`CREATE FUNCTION migration_check_do_block() RETURNS void LANGUAGE plpgsql AS $migration_check$${source}$migration_check$`);
  } catch {
    return; // PL/pgSQL errors surface when the block runs; the database checks report them.
  }
  for (const expr of walk(tree)) {
    const query = (expr.PLpgSQL_expr as Node | undefined)?.query;
    if (typeof query !== 'string') continue;
    let parsed: unknown;
    try {
      parsed = await parse(`SELECT ${query}`);
    } catch {
      try {
        parsed = await parse(query);
      } catch {
        continue;
      }
    }
    const nodes = [...walk(parsed)];
    const readsConstraints = nodes.some((n) => (n.RangeVar as Node | undefined)?.relname === 'pg_constraint');
    if (!readsConstraints) continue;
    const columns = nodes.flatMap((n) => ((n.ColumnRef as Node | undefined)?.fields as Node[] | undefined) ?? [])
      .map((field) => (field.String as Node | undefined)?.sval);
    if (columns.includes('conname') && !columns.includes('conrelid')) {
      add('constraint-guard-name-only', 'The guard looks the constraint up by conname only; filter on conrelid too (e.g. conrelid = \'"Post"\'::regclass).');
    }
  }
}

export async function lintMigration(sql: string): Promise<Finding[]> {
  await loadModule();
  const findings: Finding[] = [];
  let statements: RawStatement[];
  try {
    statements = ((await parse(sql)) as { stmts?: RawStatement[] }).stmts ?? [];
  } catch (error) {
    const details = (error as { sqlDetails?: { cursorPosition?: number } }).sqlDetails;
    const line = details?.cursorPosition !== undefined ? lineOf(sql, charIndex(sql, details.cursorPosition)) : 1;
    return [{ rule: 'syntax-error', severity: RULES['syntax-error'].severity, line, message: `${(error as Error).message} (line ${line}).` }];
  }
  const multiStatement = statements.length > 1;
  let openTransaction: number | undefined;
  for (const statement of statements) {
    const line = lineOf(sql, skipTrivia(sql, charIndex(sql, statement.stmt_location ?? 0)));
    const add = (rule: RuleId, message: string) => findings.push({ rule, severity: RULES[rule].severity, line, message });
    const kind = kindOf(statement.stmt);
    if (kind === 'TransactionStmt') {
      const transaction = bodyOf(statement.stmt).kind as string;
      if (transaction === 'TRANS_STMT_BEGIN' || transaction === 'TRANS_STMT_START') openTransaction ??= line;
      else if (['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK', 'TRANS_STMT_PREPARE'].includes(transaction)) openTransaction = undefined;
      continue;
    }
    if (kind === 'DoStmt') await guardFindings(statement.stmt, add);
    else statementFindings(statement.stmt, add, multiStatement || openTransaction !== undefined);
  }
  if (openTransaction !== undefined) {
    findings.push({ rule: 'begin-without-commit', severity: RULES['begin-without-commit'].severity, line: openTransaction, message: 'This BEGIN has no COMMIT (or ROLLBACK) after it: the file ends inside the transaction.' });
  }
  return findings.sort((a, b) => a.line - b.line);
}
