/** DROP TABLE / DROP COLUMN of something that existed before the migration. */
import { columnChanges } from './column-changes.ts';
import { alterCommands, droppedNames, quote, tableOf } from './tree.ts';
import type { Rule, RuleInfo, RuleHit } from './types.ts';

export const dropColumnOrTableInfo: RuleInfo = {
  id: 'drop-column-or-table',
  severity: 'warning',
  title: 'Drops a column or a table',
  why: 'The data is gone with it, and application instances deployed before the migration still read and write it: they fail until they are replaced.',
  safe: 'Expand and contract: first deploy code that no longer uses it, then drop it in a later migration, with a backup taken.',
  section: '/guide/backups/#why-the-backup-is-your-undo',
  example: '/guide/backups/#ex-backup-drop-column-restore',
};

export const dropColumnOrTable: Rule = {
  ...dropColumnOrTableInfo,
  check(context): RuleHit[] {
    const { statement } = context;
    if (statement.kind === 'DropStmt' && statement.node.removeType === 'OBJECT_TABLE') {
      return droppedNames(statement.node)
        .filter((t) => context.tableExisted(t) !== false)
        .map((t) => ({ message: `DROP TABLE ${quote(t)} removes the table and its data; code still deployed that uses it fails.` }));
    }
    const table = tableOf(statement.node.relation);
    if (!table || context.tableExisted(table) === false) return [];
    // A drop paired with an add on the same table is reported once, by drop-then-add-column.
    if ((columnChanges(context.migration).get(table)?.added.length ?? 0) > 0) return [];
    return alterCommands(statement)
      .filter(({ subtype }) => subtype === 'AT_DropColumn')
      .map(({ cmd }) => ({
        message: `DROP COLUMN ${quote(String(cmd.name))} removes the column of ${quote(table)} and its data; code still deployed that reads it fails.`,
      }));
  },
};
