/**
 * `prisma db push`: the engine's schemaPush on the lab's database, with the CLI's data-loss rules:
 * warnings stop it unless `--accept-data-loss`, or the reader answers yes (in the lab's command
 * line); without a terminal it is refused as 7.10.1 refuses it.
 */
import * as say from '../cli-output.ts';
import { FILTERS, guarded } from '../schema-engine.ts';
import { SCHEMA_PATH } from '../project.ts';
import type { CommandContext } from './context.ts';

export async function dbPush(ctx: CommandContext, acceptDataLoss: boolean, forceReset: boolean): Promise<undefined> {
  const engine = await ctx.engine();
  await ctx.prelude(true);
  ctx.print('');
  if (forceReset) {
    await guarded(() => engine.reset({ filter: FILTERS }));
    ctx.print(say.pushReset());
  }
  const started = performance.now();
  const push = (force: boolean) =>
    guarded(() => engine.schemaPush({ force, schema: { files: [{ path: SCHEMA_PATH, content: ctx.schema }] }, filters: FILTERS }));
  let result = await push(acceptDataLoss);
  if (result.unexecutable.length) {
    ctx.print(say.pushUnexecutable(result.unexecutable));
    ctx.exit(1);
  }
  if (result.warnings.length && !acceptDataLoss) {
    ctx.print(...say.pushWarnings(result.warnings));
    const answer = ctx.ask(say.PUSH_QUESTION);
    if (answer === undefined) {
      ctx.print(say.PUSH_NEEDS_ACCEPT);
      ctx.exit(1);
    }
    if (!answer) {
      ctx.print(say.PUSH_CANCELLED);
      ctx.exit(130);
    }
    result = await push(true);
  }
  if (!forceReset && result.warnings.length === 0 && result.executedSteps === 0) ctx.print(say.PUSH_IN_SYNC);
  else ctx.print(say.pushDone(performance.now() - started));
  return undefined;
}
