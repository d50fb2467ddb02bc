/** `prisma migrate resolve --applied | --rolled-back <name>`: rewrites _prisma_migrations only. */
import type { LabCommand } from '../cli-args.ts';
import * as say from '../cli-output.ts';
import { migrationFolders, migrationList } from '../project.ts';
import { guarded } from '../schema-engine.ts';
import type { CommandContext, CommandOutcome } from './context.ts';

export async function migrateResolve(ctx: CommandContext, command: Extract<LabCommand, { kind: 'migrate resolve' }>): CommandOutcome {
  const engine = await ctx.engine();
  await ctx.prelude(true);
  ctx.print('');
  if (command.rolledBack) {
    const migrationName = command.rolledBack;
    await guarded(() => engine.markMigrationRolledBack({ migrationName }));
    ctx.print(say.markedRolledBack(migrationName));
  } else {
    const migrationName = command.applied!;
    await guarded(() => engine.markMigrationApplied({ migrationName, migrationsList: migrationList(migrationFolders(ctx.files)) }));
    ctx.print(say.markedApplied(migrationName));
  }
  return undefined;
}
