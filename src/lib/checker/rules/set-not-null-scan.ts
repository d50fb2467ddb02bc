/**
 * SET NOT NULL scans the table under ACCESS EXCLUSIVE, unless (PostgreSQL 12+) a validated
 * CHECK (column IS NOT NULL) proves it first. A file that validates such a CHECK on the table
 * before the SET NOT NULL is taken as doing the safe dance.
 */
import { alterCommands, constraintOf, lockPhrase, quote, rowsClause, tableOf, walk } from './tree.ts';
import type { MigrationInfo, PgNode, Rule, RuleInfo, RuleHit } from './types.ts';

/** Per table, the index of the first statement that validates a constraint or adds an `IS NOT NULL` CHECK without NOT VALID. */
function provenBefore(migration: MigrationInfo): Map<string, number> {
  return migration.memo('not-null-proven', () => {
    const proven = new Map<string, number>();
    for (const statement of migration.statements) {
      const table = tableOf(statement.node.relation);
      if (!table || proven.has(table)) continue;
      const proves = alterCommands(statement).some(({ subtype, cmd }) => {
        if (subtype === 'AT_ValidateConstraint') return true;
        const constraint = subtype === 'AT_AddConstraint' ? constraintOf(cmd) : undefined;
        return (
          constraint?.contype === 'CONSTR_CHECK' &&
          !constraint.skip_validation &&
          [...walk(constraint.raw_expr)].some((n) => (n.NullTest as PgNode | undefined)?.nulltesttype === 'IS_NOT_NULL')
        );
      });
      if (proves) proven.set(table, statement.index);
    }
    return proven;
  });
}

export const setNotNullScanInfo: RuleInfo = {
  id: 'set-not-null-scan',
  severity: 'warning',
  title: 'SET NOT NULL scans the table under ACCESS EXCLUSIVE',
  why: 'PostgreSQL checks every row for NULLs while holding ACCESS EXCLUSIVE: no read or write of the table goes through until the scan ends.',
  safe: 'PostgreSQL 12+: ADD CONSTRAINT … CHECK (col IS NOT NULL) NOT VALID; VALIDATE CONSTRAINT (reads and writes go on); then SET NOT NULL uses the constraint and skips the scan; drop the CHECK after.',
  section: '/guide/locks-and-zero-downtime/#set-not-null-without-a-long-lock',
  example: '/guide/locks-and-zero-downtime/#ex-locks-not-null-via-check',
};

export const setNotNullScan: Rule = {
  ...setNotNullScanInfo,
  check(context): RuleHit[] {
    const table = tableOf(context.statement.node.relation);
    if (!table || context.tableExisted(table) === false) return [];
    const proof = provenBefore(context.migration).get(table);
    if (proof !== undefined && proof < context.statement.index && context.postgresMajor >= 12) return [];
    return alterCommands(context.statement).flatMap(({ subtype, cmd }) => {
      if (subtype !== 'AT_SetNotNull') return [];
      const lock = lockPhrase(context, table, 'AccessExclusiveLock');
      if (!lock) return [];
      const advice =
        context.postgresMajor >= 12
          ? 'Add CHECK (… IS NOT NULL) NOT VALID, VALIDATE it, then SET NOT NULL skips the scan.'
          : `PostgreSQL ${context.postgresMajor} has no way around the scan; run it when the table is quiet.`;
      return [
        { message: `SET NOT NULL on ${quote(String(cmd.name))} scans every row while it ${lock} ${rowsClause(context, table)} ${advice}` },
      ];
    });
  },
};
