/**
 * The first statement of a file that takes ACCESS EXCLUSIVE on a table that may be in use, with no
 * SET lock_timeout before it. Reported once per file: one SET at the top fixes them all. With a
 * trace, the observed locks decide; without one, the statement kinds PostgreSQL documents.
 */
import { alterCommands, constraintOf, droppedNames, normalizeTable, quote, tableOf } from './tree.ts';
import type { MigrationInfo, Rule, RuleInfo, RuleContext, RuleHit, StatementInfo } from './types.ts';

/** ALTER TABLE subcommands that take less than ACCESS EXCLUSIVE (the manual's ALTER TABLE page). */
// Marked pure so the /check page, which imports only the descriptions, drops it.
const LIGHTER = /* @__PURE__ */ new Set([
  'AT_ValidateConstraint',
  'AT_SetStatistics',
  'AT_ClusterOn',
  'AT_DropCluster',
  'AT_AttachPartition',
  'AT_DetachPartitionFinalize',
  'AT_SetRelOptions',
  'AT_ResetRelOptions',
]);

/** Tables the statement is documented to lock ACCESS EXCLUSIVE. */
function expectedTables(statement: StatementInfo): string[] {
  const table = tableOf(statement.node.relation);
  switch (statement.kind) {
    case 'AlterTableStmt': {
      const cmds = alterCommands(statement);
      const heavy = cmds.some(
        ({ subtype, cmd }) => !LIGHTER.has(subtype) && !(subtype === 'AT_AddConstraint' && constraintOf(cmd)?.contype === 'CONSTR_FOREIGN'),
      );
      return heavy && table ? [table] : [];
    }
    case 'RenameStmt':
      return (statement.node.renameType === 'OBJECT_TABLE' || statement.node.renameType === 'OBJECT_COLUMN') && table ? [table] : [];
    case 'DropStmt':
      return statement.node.removeType === 'OBJECT_TABLE' ? droppedNames(statement.node) : [];
    case 'TruncateStmt':
      return ((statement.node.relations as unknown[] | undefined) ?? [])
        .map((r) => tableOf((r as { RangeVar?: unknown }).RangeVar))
        .filter((t): t is string => t !== undefined);
    default:
      return [];
  }
}

function timeoutSetAt(migration: MigrationInfo): number | undefined {
  return migration.memo(
    'lock-timeout-set',
    () =>
      migration.statements.find((s) => s.kind === 'VariableSetStmt' && s.node.name === 'lock_timeout' && s.node.kind !== 'VAR_RESET')
        ?.index,
  );
}

function lockedTables(context: RuleContext): { tables: string[]; observed: boolean } {
  if (context.observed) {
    const tables = context.observed.locks.filter((l) => l.mode === 'AccessExclusiveLock').map((l) => normalizeTable(l.relation));
    return { tables, observed: true };
  }
  return { tables: expectedTables(context.statement), observed: false };
}

export const missingLockTimeoutInfo: RuleInfo = {
  id: 'missing-lock-timeout',
  severity: 'info',
  // Most migrations that alter an existing table would get it (104 of the 160 of the corpus): on
  // by default it would be most of what a reviewer reads. Teams with busy tables turn it on.
  optIn: true,
  title: 'ACCESS EXCLUSIVE without a lock_timeout',
  why: 'A lock request waits behind any running transaction on the table, and every later query waits behind it: one slow SELECT turns the migration into an outage. A lock_timeout makes it fail fast instead, to be retried.',
  safe: "Start the migration with SET lock_timeout = '5s'; (and retry the deploy if it times out).",
  section: '/guide/locks-and-zero-downtime/#set-lock_timeout-in-a-migration',
  example: '/guide/locks-and-zero-downtime/#ex-locks-session-set-survives',
};

export const missingLockTimeout: Rule = {
  ...missingLockTimeoutInfo,
  check(context): RuleHit[] {
    const { migration, statement } = context;
    const state = migration.memo('lock-timeout-reported', () => ({ reported: false }));
    if (state.reported) return [];
    const setAt = timeoutSetAt(migration);
    if (setAt !== undefined && setAt < statement.index) return [];
    const { tables, observed } = lockedTables(context);
    const table = tables.find((t) => context.tableExisted(t) !== false);
    if (!table) return [];
    state.reported = true;
    const how = observed ? 'takes ACCESS EXCLUSIVE (observed)' : 'takes ACCESS EXCLUSIVE (expected, not observed)';
    const known = context.tableExisted(table) === true ? '' : ' if it is in use';
    return [
      {
        message: `This statement ${how} on ${quote(table)} with no lock_timeout set before it: it can wait behind a running query and stop every other query on the table${known} meanwhile. Put SET lock_timeout = '5s'; at the top of the file.`,
      },
    ];
  },
};
