/** What every migrate command checks first: each migration folder has its migration.sql (P3015). */
import * as say from '../cli-output.ts';
import type { MigrationFolder } from '../project.ts';
import type { CommandContext } from './context.ts';

export function checkFolders(ctx: CommandContext, folders: MigrationFolder[]): void {
  const missing = folders.find((folder) => folder.sql === null);
  if (missing) {
    ctx.print(say.missingMigrationFile(missing.name));
    ctx.exit(1);
  }
}
