/**
 * Small readers over libpg_query's parse tree that several rules share: node kinds, table names,
 * ALTER TABLE subcommands, and "was this table created earlier in the file".
 */
import { describeBlocks, type LockMode } from '../../locks/lock-modes.ts';
import type { PgNode, RuleContext, StatementInfo } from './types.ts';

export const kindOf = (node: PgNode) => Object.keys(node)[0]!;
export const bodyOf = (node: PgNode) => Object.values(node)[0] as PgNode;

/** Every object in a parse tree (depth first). */
export function* walk(value: unknown): Generator<PgNode> {
  if (Array.isArray(value)) for (const item of value) yield* walk(item);
  else if (value && typeof value === 'object') {
    yield value as PgNode;
    for (const child of Object.values(value)) yield* walk(child);
  }
}

/** `public` is where an unqualified name lands, so `public.Post` and `Post` are one table. */
export function normalizeTable(name: string): string {
  const unquoted = name.replace(/"/g, '');
  return unquoted.startsWith('public.') ? unquoted.slice('public.'.length) : unquoted;
}

/** A RangeVar as the reader wrote it (`Post`, `audit.log`), or undefined. */
export function tableOf(relation: unknown): string | undefined {
  const r = relation as { schemaname?: string; relname?: string } | undefined;
  if (!r?.relname) return undefined;
  return normalizeTable(r.schemaname ? `${r.schemaname}.${r.relname}` : r.relname);
}

/** The names of a DROP's objects (each a list of String parts), joined as `schema.name`. */
export function droppedNames(drop: PgNode): string[] {
  const objects = (drop.objects as PgNode[] | undefined) ?? [];
  return objects.map((object) => {
    const items = ((object.List as PgNode | undefined)?.items as PgNode[] | undefined) ?? [];
    return normalizeTable(items.map((item) => String((item.String as PgNode | undefined)?.sval ?? '')).join('.'));
  });
}

export interface AlterCommand {
  subtype: string;
  cmd: PgNode;
}

/** The subcommands of an ALTER TABLE (empty for any other statement). */
export function alterCommands(statement: StatementInfo): AlterCommand[] {
  if (statement.kind !== 'AlterTableStmt' || statement.node.objtype !== 'OBJECT_TABLE') return [];
  return ((statement.node.cmds as PgNode[] | undefined) ?? [])
    .map((node) => node.AlterTableCmd as PgNode | undefined)
    .filter((cmd): cmd is PgNode => cmd !== undefined)
    .map((cmd) => ({ subtype: cmd.subtype as string, cmd }));
}

export const constraintOf = (cmd: PgNode) => (cmd.def as PgNode | undefined)?.Constraint as PgNode | undefined;
export const columnDefOf = (cmd: PgNode) => (cmd.def as PgNode | undefined)?.ColumnDef as PgNode | undefined;

/**
 * The columns an ALTER TABLE adds to a table that existed before this migration (or may have: the
 * history is unknown). A table created in the same migration is empty, so adding to it costs nothing.
 */
export function columnsAddedToExisting(context: RuleContext): { table: string; column: PgNode }[] {
  const table = tableOf(context.statement.node.relation);
  if (!table || context.tableExisted(table) === false) return [];
  return alterCommands(context.statement).flatMap(({ subtype, cmd }) => {
    const column = subtype === 'AT_AddColumn' ? columnDefOf(cmd) : undefined;
    return column ? [{ table, column }] : [];
  });
}

export function constraintTypes(columnDef: PgNode): string[] {
  const constraints = (columnDef.constraints as PgNode[] | undefined) ?? [];
  return constraints.map((c) => ((c.Constraint as PgNode | undefined)?.contype as string) ?? '');
}

/** A quoted identifier for messages: "Post". */
export const quote = (name: string) => `"${name}"`;

/**
 * How a lock rule words a lock: what the tracer saw, or what PostgreSQL documents when the
 * statement was not traced. Undefined when the trace ran the statement and it took no such lock
 * on the table (e.g. the table is new in the same transaction, so the lock blocks nobody).
 */
export function lockPhrase(context: RuleContext, table: string, expected: LockMode): string | undefined {
  const observed = context.observed;
  if (observed) {
    const lock = observed.locks.find((l) => normalizeTable(l.relation) === table && l.mode === expected);
    return lock ? `takes ${lock.mode} on ${quote(table)} (observed). ${describeBlocks(lock.mode, quote(table))}` : undefined;
  }
  return `takes ${expected} on ${quote(table)} (expected, not observed). ${describeBlocks(expected, quote(table))}`;
}

/**
 * How a rewrite rule words a rewrite: observed (the tracer saw new storage for the table),
 * expected (no trace), or undefined when the trace shows the table kept its storage.
 */
export function rewritePhrase(context: RuleContext, table: string): string | undefined {
  const observed = context.observed;
  if (observed) return observed.rewrites.some((r) => normalizeTable(r) === table) ? `rewrote ${quote(table)} (observed)` : undefined;
  return `rewrites ${quote(table)} (expected, not observed)`;
}

/** One sentence on whether the table has rows, given what the caller knows of the history. */
export function rowsClause(context: RuleContext, table: string): string {
  return context.tableExisted(table) === true
    ? `${quote(table)} existed before this migration.`
    : `This matters if ${quote(table)} already has rows (no history was given to tell).`;
}

/** The last part of a column's type name, lower-cased: `int4`, `serial`, `varchar`. */
export function typeNameOf(column: PgNode): string {
  const names = ((column.typeName as PgNode | undefined)?.names as PgNode[] | undefined) ?? [];
  return String((names.at(-1)?.String as PgNode | undefined)?.sval ?? '').toLowerCase();
}

export const isSerial = (column: PgNode) => /^(small|big)?serial[248]?$/.test(typeNameOf(column));
