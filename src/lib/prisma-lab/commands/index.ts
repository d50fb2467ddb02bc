/**
 * The lab's commands, one file each, behind one table: a parsed command line's `kind` names its
 * file. Adding a command: its parser case in cli-args.ts, its texts in cli-output.ts, a file here.
 */
import type { LabCommand } from '../cli-args.ts';
import type { LabCommandRunner } from './context.ts';
import { dbExecute } from './db-execute.ts';
import { dbPull } from './db-pull.ts';
import { dbPush } from './db-push.ts';
import { generate } from './generate.ts';
import { migrateDeploy } from './migrate-deploy.ts';
import { migrateDev } from './migrate-dev.ts';
import { migrateDiff } from './migrate-diff.ts';
import { migrateReset } from './migrate-reset.ts';
import { migrateResolve } from './migrate-resolve.ts';
import { migrateStatus } from './migrate-status.ts';
import { format, validate } from './validate.ts';
import { version } from './version.ts';

export const COMMANDS: { [K in LabCommand['kind']]: LabCommandRunner<K> } = {
  'migrate deploy': migrateDeploy,
  'migrate status': migrateStatus,
  'migrate resolve': migrateResolve,
  'migrate reset': migrateReset,
  'migrate dev': migrateDev,
  'migrate diff': migrateDiff,
  'db execute': dbExecute,
  version: async (ctx) => version(ctx, await ctx.glue()),
  validate: (ctx) => validate(ctx),
  format: (ctx, command) => format(ctx, command.check),
  generate: (ctx) => generate(ctx),
  'db push': (ctx, command) => dbPush(ctx, command.acceptDataLoss, command.forceReset),
  'db pull': (ctx, command) => dbPull(ctx, command.force, command.print),
};

/** The registry's one dispatch: TypeScript cannot narrow a mapped lookup by itself. */
export function runCommand(
  ctx: Parameters<LabCommandRunner<LabCommand['kind']>>[0],
  command: LabCommand,
): ReturnType<LabCommandRunner<LabCommand['kind']>> {
  return (COMMANDS[command.kind] as LabCommandRunner<LabCommand['kind']>)(ctx, command as never);
}
