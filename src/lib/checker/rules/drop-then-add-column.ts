/**
 * A migration that drops a column and adds one to the same table: how `prisma migrate dev` renders
 * a renamed field, and the old column's data is gone. Reported at each DROP COLUMN.
 */
import { columnChanges } from './column-changes.ts';
import { alterCommands, quote, tableOf } from './tree.ts';
import type { Rule, RuleInfo, RuleHit } from './types.ts';

export const dropThenAddColumnInfo: RuleInfo = {
  id: 'drop-then-add-column',
  severity: 'warning',
  title: 'DROP + ADD of a column in one migration (a rename that loses the data)',
  why: 'Prisma cannot tell a renamed field from a removed one and an added one: it drops the old column, with its data, and adds an empty new one.',
  safe: 'Edit the migration to ALTER TABLE … RENAME COLUMN (and keep code working with both names meanwhile), or add the new column, copy the data, and drop the old one in a later migration.',
  section: '/guide/rewrites-and-renames/#renames-prisma-writes-drop-and-add',
  example: '/guide/rewrites-and-renames/#ex-locks-rename-drop-add',
};

export const dropThenAddColumn: Rule = {
  ...dropThenAddColumnInfo,
  check(context): RuleHit[] {
    const table = tableOf(context.statement.node.relation);
    if (!table || context.tableExisted(table) === false) return [];
    const added = columnChanges(context.migration).get(table)?.added ?? [];
    if (added.length === 0) return [];
    return alterCommands(context.statement)
      .filter(({ subtype }) => subtype === 'AT_DropColumn')
      .map(({ cmd }) => {
        const dropped = String(cmd.name);
        const others = added.map((a) => a.column).filter((c) => c !== dropped);
        const target = others.length ? `adds ${others.map(quote).join(', ')}` : `adds ${quote(dropped)} again`;
        return {
          message: `Drops ${quote(dropped)} of ${quote(table)} and ${target} in the same migration: if this is a rename, the data of ${quote(dropped)} is lost. Use RENAME COLUMN, or copy the data before the drop.`,
        };
      });
  },
};
