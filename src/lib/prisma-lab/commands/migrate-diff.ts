/**
 * `prisma migrate diff --from-… --to-… [--script] [--exit-code] [-o file]`: the engine's diff between
 * the lab's schema, its migrations folder, its database or nothing; read-only unless `--output`.
 */
import type { DiffTarget } from '@prisma/schema-engine-wasm';
import { normalizePath, UsageError, type DiffSource, type LabCommand } from '../cli-args.ts';
import * as say from '../cli-output.ts';
import { findFile, LOCKFILE_PATH, migrationFolders, migrationList, SCHEMA_PATH } from '../project.ts';
import { FILTERS, guarded } from '../schema-engine.ts';
import type { CommandContext, CommandOutcome } from './context.ts';
import { checkFolders } from './migration-folders.ts';

export async function migrateDiff(ctx: CommandContext, command: Extract<LabCommand, { kind: 'migrate diff' }>): CommandOutcome {
  const engine = await ctx.engine();
  await ctx.prelude(false);
  const { files, schema } = ctx;
  const target = (source: DiffSource): DiffTarget => {
    switch (source.tag) {
      case 'empty':
        return { tag: 'empty' };
      case 'schema':
        if (normalizePath(source.path) !== SCHEMA_PATH) throw new UsageError(say.diffSchemaElsewhere(source.path, SCHEMA_PATH));
        return { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: schema }] };
      case 'migrations':
        if (normalizePath(source.path) !== 'prisma/migrations') throw new UsageError(say.diffMigrationsElsewhere(source.path));
        checkFolders(ctx, migrationFolders(files));
        // The engine reads the connector from the folder's lock file here, and only here: without
        // one the CLI stops ("Could not determine the connector …"), and so does the lab.
        return {
          tag: 'migrations',
          ...migrationList(migrationFolders(files)),
          lockfile: { path: 'migration_lock.toml', content: findFile(files, LOCKFILE_PATH)?.content ?? null },
        };
      case 'config-datasource':
        return { tag: 'schemaDatasource', files: [{ path: SCHEMA_PATH, content: schema }], configDir: '.' };
    }
  };
  const result = await guarded(() =>
    engine.diff({
      from: target(command.from),
      to: target(command.to),
      script: command.script,
      exitCode: command.exitCode,
      filters: FILTERS,
    }),
  );
  const text = result.stdout ?? '';
  if (command.output) {
    const path = normalizePath(command.output);
    ctx.print(say.wroteDiff(path));
    if (command.exitCode && result.exitCode !== 0) ctx.exit(result.exitCode);
    // The CLI writes the engine's output plus a newline: the file's checksum, once applied, is the CLI's.
    return [...files.filter((file) => file.path !== path), { path, content: `${text}\n` }];
  }
  ctx.print(text.trim() === '' && !command.script ? say.NO_DIFFERENCE : text.replace(/^\n/, '').trimEnd());
  if (result.exitCode !== 0) ctx.exit(result.exitCode);
  return undefined;
}
