/** `prisma db execute --file <path>`: the file goes to the database as one command, whatever the Prisma version. */
import type { LabCommand } from '../cli-args.ts';
import { UsageError } from '../cli-args.ts';
import * as say from '../cli-output.ts';
import { findFile, SCHEMA_PATH } from '../project.ts';
import { guarded } from '../schema-engine.ts';
import type { CommandContext, CommandOutcome } from './context.ts';

export async function dbExecute(ctx: CommandContext, command: Extract<LabCommand, { kind: 'db execute' }>): CommandOutcome {
  ctx.print(...say.prelude(false));
  const file = findFile(ctx.files, command.file);
  if (!file) throw new UsageError(say.fileNotFound(command.file));
  const engine = await ctx.engine();
  await ctx.oneBatch(() =>
    guarded(() =>
      engine.dbExecute({
        datasourceType: { tag: 'schema', files: [{ path: SCHEMA_PATH, content: ctx.schema }], configDir: '.' },
        script: file.content,
      }),
    ),
  );
  ctx.print(say.SCRIPT_EXECUTED);
  return undefined;
}
