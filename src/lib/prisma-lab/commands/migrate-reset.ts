/** `prisma migrate reset --force`: drops everything, replays every migration. */
import type { LabCommand } from '../cli-args.ts';
import * as say from '../cli-output.ts';
import { migrationFolders } from '../project.ts';
import { FILTERS, guarded } from '../schema-engine.ts';
import type { CommandContext, CommandOutcome } from './context.ts';
import { checkFolders } from './migration-folders.ts';

export async function migrateReset(ctx: CommandContext, command: Extract<LabCommand, { kind: 'migrate reset' }>): CommandOutcome {
  const engine = await ctx.engine();
  await ctx.prelude(true);
  // The lab answers reset's prompt as CI does (its walkthrough teaches that refusal): it never
  // asks here, so a mistyped reset cannot wipe a reader's lab with one keystroke either.
  if (!command.force) {
    ctx.print('', `Error: ${say.RESET_NON_INTERACTIVE}`);
    ctx.exit(1);
  }
  const folders = migrationFolders(ctx.files);
  checkFolders(ctx, folders);
  await guarded(() => engine.reset({ filter: FILTERS }));
  ctx.print('');
  const applied = await ctx.apply(folders);
  ctx.print('', say.RESET_DONE);
  if (applied.length) ctx.print(...say.appliedList(applied));
  return undefined;
}
