/** `prisma migrate deploy`: applies the pending migrations, never creates one, never asks. */
import * as say from '../cli-output.ts';
import { migrationFolders } from '../project.ts';
import type { CommandContext, CommandOutcome } from './context.ts';
import { checkFolders } from './migration-folders.ts';

export async function migrateDeploy(ctx: CommandContext): CommandOutcome {
  await ctx.prelude(true);
  const folders = migrationFolders(ctx.files);
  checkFolders(ctx, folders);
  ctx.print('', say.migrationsFound(folders.length), '');
  const applied = await ctx.apply(folders);
  if (applied.length === 0) ctx.print(say.NO_PENDING);
  else ctx.print(...say.appliedList(applied), '', say.ALL_APPLIED);
  return undefined;
}
