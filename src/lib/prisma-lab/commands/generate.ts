/**
 * `prisma generate`. Without a generator block 7.10.1 says there is nothing to generate (exit 0),
 * and so does the lab. With one, the real CLI writes a client into the project; the lab has no
 * project on disk and says what it does instead.
 */
import * as say from '../cli-output.ts';
import type { CommandContext } from './context.ts';

const GENERATOR_BLOCK = /^\s*generator\s+\w+\s*\{/m;

export async function generate(ctx: CommandContext): Promise<undefined> {
  await ctx.prelude(false);
  if (!GENERATOR_BLOCK.test(ctx.schema)) {
    ctx.print('', say.GENERATE_NO_GENERATORS);
    return undefined;
  }
  ctx.print('', say.GENERATE_IN_LAB);
  return undefined;
}
