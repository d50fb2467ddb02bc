/**
 * `prisma migrate dev [--name n] [--create-only]`: applies what is pending, then creates a migration
 * from the schema's changes (asking first when it would lose data) and applies it.
 */
import type { LabCommand } from '../cli-args.ts';
import * as say from '../cli-output.ts';
import { migrationFolders, migrationList, SCHEMA_PATH } from '../project.ts';
import { FILTERS, guarded } from '../schema-engine.ts';
import type { CommandContext, CommandOutcome } from './context.ts';
import { checkFolders } from './migration-folders.ts';

export async function migrateDev(ctx: CommandContext, command: Extract<LabCommand, { kind: 'migrate dev' }>): CommandOutcome {
  const engine = await ctx.engine();
  await ctx.prelude(true);
  const { files } = ctx;
  const folders = migrationFolders(files);
  checkFolders(ctx, folders);
  ctx.print('');
  const diagnostic = await guarded(() => engine.devDiagnostic({ migrationsList: migrationList(folders), filters: FILTERS }));
  if (diagnostic.action.tag === 'reset') {
    ctx.print(say.devNeedsReset(diagnostic.action.reason));
    ctx.exit(130);
  }
  const applied = await ctx.apply(folders);
  if (applied.length) ctx.print(...say.appliedList(applied), '');
  const schemaFiles = { files: [{ path: SCHEMA_PATH, content: ctx.schema }] };
  // This engine build only finds its shadow database for evaluateDataLoss and createMigration
  // after a shadow-enabled history check on an up-to-date database (measured; without it both
  // fail with "shadow DB must be provided"). The CLI of Prisma 4-5 made the same call here.
  await guarded(() =>
    engine.diagnoseMigrationHistory({ migrationsList: migrationList(folders), optInToShadowDatabase: true, filters: FILTERS }),
  );
  const loss = await guarded(() =>
    engine.evaluateDataLoss({ migrationsList: migrationList(folders), schema: schemaFiles, filters: FILTERS }),
  );
  if (loss.unexecutableSteps.length) {
    ctx.print(say.unexecutableSteps(loss.unexecutableSteps));
    ctx.exit(1);
  }
  if (loss.warnings.length) {
    ctx.print(...say.dataLossWarnings(loss.warnings.map((step) => step.message)));
    const answer = ctx.ask(say.devQuestion(command.createOnly));
    if (answer === undefined) {
      ctx.print(say.DEV_NON_INTERACTIVE);
      ctx.exit(1);
    }
    if (!answer) {
      ctx.print(say.MIGRATION_CANCELLED);
      ctx.exit(130);
    }
  }
  const created = await guarded(() =>
    engine.createMigration({
      migrationsList: migrationList(folders),
      schema: schemaFiles,
      migrationName: command.name ?? '',
      draft: command.createOnly,
      filters: FILTERS,
    }),
  );
  const name = created.generatedMigrationName;
  if (!name || created.migrationScript === null) {
    ctx.print(applied.length ? say.DEV_IN_SYNC : say.DEV_NOTHING_TO_DO);
    return undefined;
  }
  const written = [...files, { path: `prisma/migrations/${name}/migration.sql`, content: created.migrationScript }];
  if (command.createOnly) {
    ctx.print(...say.createdOnly(name));
    return written;
  }
  ctx.forgetFailure();
  const appliedNew = await ctx.apply(migrationFolders(written));
  ctx.print(...say.appliedList(appliedNew, say.CREATED_AND_APPLIED_HEADING), '', say.DEV_IN_SYNC);
  return written;
}
