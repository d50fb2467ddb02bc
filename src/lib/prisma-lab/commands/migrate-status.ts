/**
 * `prisma migrate status`: the engine's history diagnosis, in the CLI's words; anything but an
 * up-to-date history exits 1, as the CLI does (CI scripts rely on it).
 */
import * as say from '../cli-output.ts';
import { migrationFolders, migrationList } from '../project.ts';
import { FILTERS, guarded } from '../schema-engine.ts';
import type { CommandContext, CommandOutcome } from './context.ts';
import { checkFolders } from './migration-folders.ts';

export async function migrateStatus(ctx: CommandContext): CommandOutcome {
  const engine = await ctx.engine();
  await ctx.prelude(true);
  const folders = migrationFolders(ctx.files);
  checkFolders(ctx, folders);
  ctx.print(say.migrationsFound(folders.length));
  const diagnosis = await guarded(() =>
    engine.diagnoseMigrationHistory({ migrationsList: migrationList(folders), optInToShadowDatabase: false, filters: FILTERS }),
  );
  const history = diagnosis.history;
  if (history?.diagnostic === 'databaseIsBehind') {
    ctx.print(say.statusPending(history.unappliedMigrationNames));
    ctx.exit(1);
  }
  if (history?.diagnostic === 'historiesDiverge') {
    ctx.print(say.statusDiverged(history.lastCommonMigrationName, history.unappliedMigrationNames, history.unpersistedMigrationNames));
    ctx.exit(1);
  }
  if (history?.diagnostic === 'migrationsDirectoryIsBehind') {
    ctx.print(say.statusDiverged(folders.at(-1)?.name ?? null, [], history.unpersistedMigrationNames));
    ctx.exit(1);
  }
  if (!diagnosis.hasMigrationsTable && folders.length === 0) {
    ctx.print(say.STATUS_NOT_MANAGED);
    ctx.exit(1);
  }
  if (diagnosis.failedMigrationNames.length) {
    ctx.print(say.statusFailed(diagnosis.failedMigrationNames));
    ctx.exit(1);
  }
  ctx.print(say.STATUS_UP_TO_DATE);
  return undefined;
}
