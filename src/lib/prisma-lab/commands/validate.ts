/**
 * `prisma validate` and `prisma format`, through Prisma's own schema WASM (the one the CLI runs):
 * the same errors, the same formatting.
 */
import * as say from '../cli-output.ts';
import { SCHEMA_PATH, type LabFile } from '../project.ts';
import { SchemaError, type SchemaWasm } from '../schema-wasm.ts';
import type { CommandContext } from './context.ts';

const OPENING = ['Loaded Prisma config from prisma.config.ts.', '', `Prisma schema loaded from ${SCHEMA_PATH}.`];

function check(ctx: CommandContext, wasm: SchemaWasm, schema: string) {
  try {
    wasm.validate([[SCHEMA_PATH, schema]]);
  } catch (error) {
    if (!(error instanceof SchemaError)) throw error;
    ctx.print(say.schemaValidation(error.message.replace(/\n\nValidation Error Count: \d+\s*$/, '')));
    ctx.markSchema(error.message);
    ctx.exit(1);
  }
}

export async function validate(ctx: CommandContext): Promise<undefined> {
  const wasm = await ctx.schemaWasm();
  ctx.print(...OPENING);
  check(ctx, wasm, ctx.schema);
  ctx.print(say.schemaValid(SCHEMA_PATH));
  return undefined;
}

export async function format(ctx: CommandContext, checkOnly: boolean): Promise<LabFile[] | undefined> {
  const started = performance.now();
  const wasm = await ctx.schemaWasm();
  ctx.print(...OPENING);
  // The CLI formats first and validates what it wrote: an invalid schema is reported, not formatted.
  const [[, content] = [SCHEMA_PATH, ctx.schema]] = wasm.format([[SCHEMA_PATH, ctx.schema]]);
  check(ctx, wasm, content);
  if (checkOnly) {
    if (content !== ctx.schema) {
      ctx.print(say.FORMAT_CHECK_FAILED);
      ctx.exit(1);
    }
    ctx.print(say.FORMAT_CHECK_OK);
    return undefined;
  }
  ctx.print(say.formatted(SCHEMA_PATH, performance.now() - started));
  return ctx.files.map((file) => (file.path === SCHEMA_PATH ? { path: file.path, content } : file));
}
