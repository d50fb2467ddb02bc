/**
 * `prisma --version`: what this lab really runs, in the CLI's table. The Prisma texts are 7.10.1's;
 * the schema engine is the WASM build the lab loads (its own hash, not the native binary's), and
 * the database is PGlite, so those rows say so instead of copying a native install's.
 */
import { dependencies } from '../../../../package.json';
import * as say from '../cli-output.ts';
import type { EngineGlue } from '../schema-engine.ts';
import type { CommandContext } from './context.ts';

export async function version(ctx: CommandContext, glue: EngineGlue): Promise<undefined> {
  const { rows } = await ctx.database.query('SHOW server_version', []);
  ctx.print(
    say.versionTable([
      // The CLI whose texts the lab prints.
      ['prisma', say.PRISMA_VERSION],
      [
        'Schema Engine',
        `schema-engine-wasm ${glue.version()} (@prisma/schema-engine-wasm ${dependencies['@prisma/schema-engine-wasm']}, in this tab's database worker)`,
      ],
      ['PSL', `@prisma/prisma-schema-wasm ${dependencies['@prisma/prisma-schema-wasm']} (validate, format)`],
      ['Database', `PGlite ${dependencies['@electric-sql/pglite']} (PostgreSQL ${rows[0]?.[0] ?? 'unknown'} in WebAssembly)`],
    ]),
  );
  return undefined;
}
