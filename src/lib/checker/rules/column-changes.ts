/** Per table, the columns a migration drops and adds: shared by the drop and drop-then-add rules. */
import { alterCommands, columnDefOf, tableOf } from './tree.ts';
import type { MigrationInfo } from './types.ts';

export interface ColumnChanges {
  dropped: { index: number; column: string }[];
  added: { index: number; column: string }[];
}

export function columnChanges(migration: MigrationInfo): Map<string, ColumnChanges> {
  return migration.memo('column-changes', () => {
    const byTable = new Map<string, ColumnChanges>();
    for (const statement of migration.statements) {
      const table = tableOf(statement.node.relation);
      if (!table) continue;
      for (const { subtype, cmd } of alterCommands(statement)) {
        if (subtype !== 'AT_DropColumn' && subtype !== 'AT_AddColumn') continue;
        const changes = byTable.get(table) ?? { dropped: [], added: [] };
        byTable.set(table, changes);
        if (subtype === 'AT_DropColumn') changes.dropped.push({ index: statement.index, column: String(cmd.name) });
        else changes.added.push({ index: statement.index, column: String(columnDefOf(cmd)?.colname ?? '') });
      }
    }
    return byTable;
  });
}
