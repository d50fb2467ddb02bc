/** A BEGIN the file never closes. */
import type { MigrationInfo, Rule, RuleInfo } from './types.ts';

/** Indices of the BEGINs left open at the end of the file (at most one: BEGIN inside BEGIN only warns). */
function unclosed(migration: MigrationInfo): Set<number> {
  return migration.memo('unclosed-begin', () => {
    let open: number | undefined;
    for (const statement of migration.statements) {
      if (statement.kind !== 'TransactionStmt') continue;
      const kind = statement.node.kind as string;
      if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') open ??= statement.index;
      else if (kind === 'TRANS_STMT_COMMIT' || kind === 'TRANS_STMT_ROLLBACK' || kind === 'TRANS_STMT_PREPARE') open = undefined;
    }
    return new Set(open === undefined ? [] : [open]);
  });
}

export const beginWithoutCommitInfo: RuleInfo = {
  id: 'begin-without-commit',
  severity: 'error',
  title: 'BEGIN without COMMIT',
  why: "The transaction stays open when the file ends; Prisma's bookkeeping then runs inside it or fails with 25P02, and the migration is left failed.",
  safe: "End the file's transaction with COMMIT; (or leave transaction control out and let the file run as Prisma sends it).",
  section: '/guide/transactions/#explicit-begin-and-commit',
  example: '/guide/transactions/#ex-tx-bookkeeping-aborted',
};

export const beginWithoutCommit: Rule = {
  ...beginWithoutCommitInfo,
  check: ({ statement, migration }) =>
    unclosed(migration).has(statement.index)
      ? [{ message: 'This BEGIN has no COMMIT (or ROLLBACK) after it: the file ends inside the transaction.' }]
      : [],
};
