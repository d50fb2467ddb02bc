/**
 * ALTER COLUMN … TYPE that rewrites the table. With a trace, the tracer's rewrite list decides
 * (varchar(10) → varchar(20) or → text keeps the storage and stays silent); without one, every
 * type change is reported as an expected rewrite, since the old type is not in the file.
 */
import { alterCommands, lockPhrase, quote, rewritePhrase, rowsClause, tableOf } from './tree.ts';
import type { Rule, RuleInfo, RuleHit } from './types.ts';

export const typeChangeRewriteInfo: RuleInfo = {
  id: 'type-change-rewrite',
  severity: 'warning',
  title: 'Column type change that rewrites the table',
  why: 'Changing a column to a type that is not binary-compatible rewrites the table and rebuilds its indexes under ACCESS EXCLUSIVE: nothing reads or writes the table until it ends.',
  safe: 'Add a new column of the new type, backfill it in batches, switch the code over, then drop the old column (expand and contract).',
  section: '/guide/rewrites-and-renames/#type-changes-that-rewrite',
  example: '/guide/rewrites-and-renames/#ex-locks-type-int-to-bigint',
};

export const typeChangeRewrite: Rule = {
  ...typeChangeRewriteInfo,
  check(context): RuleHit[] {
    const table = tableOf(context.statement.node.relation);
    if (!table || context.tableExisted(table) === false) return [];
    const changed = alterCommands(context.statement).filter(({ subtype }) => subtype === 'AT_AlterColumnType');
    if (changed.length === 0) return [];
    const rewrite = rewritePhrase(context, table);
    if (!rewrite) return [];
    const lock = lockPhrase(context, table, 'AccessExclusiveLock') ?? `holds ACCESS EXCLUSIVE on ${quote(table)}.`;
    const columns = changed.map(({ cmd }) => quote(String(cmd.name))).join(', ');
    const hedge = context.observed ? '' : ' (Unless the change is binary-compatible, such as varchar(n) to text: trace it to know.)';
    return [{ message: `Changing the type of ${columns} ${rewrite} and ${lock} ${rowsClause(context, table)}${hedge}` }];
  },
};
