/**
 * `prisma db pull`: the engine's introspection of the lab's database, written into
 * prisma/schema.prisma (or printed with `--print`), as 7.10.1 does.
 */
import * as say from '../cli-output.ts';
import { guarded } from '../schema-engine.ts';
import { SCHEMA_PATH, type LabFile } from '../project.ts';
import type { CommandContext } from './context.ts';

const MODEL = /^model\s+\w+\s*\{/gm;

export async function dbPull(ctx: CommandContext, force: boolean, print: boolean): Promise<LabFile[] | undefined> {
  const engine = await ctx.engine();
  if (print) ctx.print('Loaded Prisma config from prisma.config.ts.');
  else {
    await ctx.prelude(true);
    ctx.print('', say.PULL_INTROSPECTING);
  }
  const started = performance.now();
  let result;
  try {
    result = await guarded(() =>
      engine.introspect({
        schema: { files: [{ path: SCHEMA_PATH, content: ctx.schema }] },
        baseDirectoryPath: '.',
        force,
        compositeTypeDepth: -1,
        namespaces: null,
      }),
    );
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'P4001') throw error;
    ctx.print('', say.PULL_EMPTY);
    ctx.exit(1);
  }
  const content = result.schema.files.find((file) => file.path === SCHEMA_PATH)?.content ?? result.schema.files[0]?.content ?? '';
  if (print) {
    ctx.print(content);
    return undefined;
  }
  const models = content.match(MODEL)?.length ?? 0;
  ctx.print(say.pullDone(models, performance.now() - started));
  return ctx.files.map((file) => (file.path === SCHEMA_PATH ? { path: file.path, content } : file));
}
