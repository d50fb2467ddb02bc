/**
 * A DO block's guard that looks a constraint up by conname alone. The guard's queries are read
 * from the PL/pgSQL parse tree, each parsed again as SQL, so a guard is judged by what it queries.
 */
import { walk } from './tree.ts';
import type { PgNode, PgParser, Rule, RuleInfo, RuleHit } from './types.ts';

function blockSource(node: PgNode): string | undefined {
  const args = (node.args as PgNode[] | undefined) ?? [];
  const body = args.map((arg) => arg.DefElem as PgNode).find((def) => def?.defname === 'as');
  const source = ((body?.arg as PgNode | undefined)?.String as PgNode | undefined)?.sval;
  return typeof source === 'string' ? source : undefined;
}

function parseExpression(pg: PgParser, query: string): unknown {
  for (const text of [`SELECT ${query}`, query]) {
    try {
      return pg.parse(text);
    } catch {
      // an expression parses after SELECT, a full query on its own
    }
  }
  return undefined;
}

function nameOnlyGuards(pg: PgParser, source: string): number {
  let tree: unknown;
  try {
    tree = pg.parsePlPgSQL(
      `CREATE FUNCTION migration_check_do_block() RETURNS void LANGUAGE plpgsql AS $migration_check$${source}$migration_check$`,
    );
  } catch {
    return 0; // PL/pgSQL errors surface when the block runs; the database checks report them.
  }
  let count = 0;
  for (const expr of walk(tree)) {
    const query = (expr.PLpgSQL_expr as PgNode | undefined)?.query;
    if (typeof query !== 'string') continue;
    const nodes = [...walk(parseExpression(pg, query))];
    if (!nodes.some((n) => (n.RangeVar as PgNode | undefined)?.relname === 'pg_constraint')) continue;
    const columns = nodes
      .flatMap((n) => ((n.ColumnRef as PgNode | undefined)?.fields as PgNode[] | undefined) ?? [])
      .map((field) => (field.String as PgNode | undefined)?.sval);
    if (columns.includes('conname') && !columns.includes('conrelid')) count++;
  }
  return count;
}

export const constraintGuardNameOnlyInfo: RuleInfo = {
  id: 'constraint-guard-name-only',
  severity: 'warning',
  title: 'The constraint guard checks the name alone',
  why: 'Constraint names are unique per table, not per database: a constraint of the same name on another table makes the guard skip the one you need.',
  safe: "Filter on the table too: WHERE conname = 'Post_authorId_fkey' AND conrelid = '\"Post\"'::regclass.",
  section: '/guide/defensive-sql/#two-details-of-the-guard',
  example: '/guide/defensive-sql/#ex-defensive-seed-guard-name-taken',
};

export const constraintGuardNameOnly: Rule = {
  ...constraintGuardNameOnlyInfo,
  check({ statement, pg }): RuleHit[] {
    if (statement.kind !== 'DoStmt') return [];
    const source = blockSource(statement.node);
    const count = source === undefined ? 0 : nameOnlyGuards(pg, source);
    return Array.from({ length: count }, () => ({
      message: 'The guard looks the constraint up by conname only; filter on conrelid too (e.g. conrelid = \'"Post"\'::regclass).',
    }));
  },
};
