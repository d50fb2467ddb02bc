/** RENAME of a column or table that running code still uses by its old name. */
import { quote, tableOf } from './tree.ts';
import type { Rule, RuleInfo, RuleHit } from './types.ts';

export const renameColumnOrTableInfo: RuleInfo = {
  id: 'rename-column-or-table',
  severity: 'warning',
  title: 'Renames a column or a table',
  why: 'Application instances deployed before the migration still use the old name: their queries fail from the moment the rename commits until they are replaced.',
  safe: "Expand and contract: add the new column (or a view with the new name), write to both, switch reads, then drop the old one later. Prisma's @map/@@map can keep the database name while the code's name changes.",
  section: '/guide/rewrites-and-renames/#renames-prisma-writes-drop-and-add',
  example: '/guide/rewrites-and-renames/#ex-locks-rename-column',
};

export const renameColumnOrTable: Rule = {
  ...renameColumnOrTableInfo,
  check(context): RuleHit[] {
    const { node, kind } = context.statement;
    if (kind !== 'RenameStmt') return [];
    const table = tableOf(node.relation);
    if (!table || context.tableExisted(table) === false) return [];
    if (node.renameType === 'OBJECT_COLUMN')
      return [
        {
          message: `Renaming column ${quote(String(node.subname))} of ${quote(table)} to ${quote(String(node.newname))} breaks code that still uses the old name.`,
        },
      ];
    if (node.renameType === 'OBJECT_TABLE')
      return [{ message: `Renaming table ${quote(table)} to ${quote(String(node.newname))} breaks code that still uses the old name.` }];
    return [];
  },
};
