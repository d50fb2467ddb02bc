/**
 * CONCURRENTLY where it fails with 25001: inside the file's own BEGIN (every target), or in a file
 * the chosen Prisma sends as one batch: Prisma ≤ 7.3 always; 7.4+ only when sqlparser cannot
 * parse the file and it falls back to one batch. With no target given, what fails under ≤ 7.3 is
 * reported and the message says how 7.4+ differs.
 */
import type { PgNode, Rule, RuleHit, RuleInfo, StatementInfo } from './types.ts';

/** The statement, named for the message, when it cannot run inside a transaction block. */
export function outsideTransactionOnly(statement: StatementInfo, postgresMajor: number): string | undefined {
  const { kind, node } = statement;
  if (kind === 'IndexStmt' && node.concurrent) return 'CREATE INDEX CONCURRENTLY';
  if (kind === 'DropStmt' && node.concurrent) return 'DROP INDEX CONCURRENTLY';
  const params = (node.params as PgNode[] | undefined) ?? [];
  if (kind === 'ReindexStmt' && params.some((p) => (p.DefElem as PgNode | undefined)?.defname === 'concurrently'))
    return 'REINDEX CONCURRENTLY';
  // PostgreSQL 12 allowed ADD VALUE in a transaction block; before, it failed there with 25001.
  if (kind === 'AlterEnumStmt' && typeof node.newVal === 'string' && postgresMajor < 12) return 'ALTER TYPE … ADD VALUE';
  return undefined;
}

export const concurrentlyInTransactionInfo: RuleInfo = {
  id: 'concurrently-in-transaction',
  severity: 'error',
  title: 'CONCURRENTLY where it runs inside a transaction block',
  why: 'Sent as one batch (Prisma up to 7.3, psql -c, Prisma 7.4+ when its parser gives up on the file) or inside BEGIN, it fails with 25001: CONCURRENTLY (and, before PostgreSQL 12, ALTER TYPE … ADD VALUE) cannot run inside a transaction block.',
  safe: 'Give the CONCURRENTLY statement a migration of its own, with no BEGIN around it.',
  section: '/guide/transactions/#create-index-concurrently',
  example: '/guide/transactions/#ex-tx-concurrently-batch',
};

export const concurrentlyInTransaction: Rule = {
  ...concurrentlyInTransactionInfo,
  check(context): RuleHit[] {
    const statement = outsideTransactionOnly(context.statement, context.postgresMajor);
    if (!statement) return [];
    const { migration } = context;
    if (context.statement.inExplicitTransaction)
      return [{ message: `${statement} inside the file's BEGIN … COMMIT fails with 25001 under every Prisma version.` }];
    if (migration.statements.length < 2) return [];
    const fallback = migration.sqlparserFallback
      ? ' sqlparser cannot parse this file (a DO block or DROP INDEX CONCURRENTLY), so Prisma 7.4+ also sends it as one batch.'
      : ' Prisma 7.4+ sends each statement on its own, so there it runs.';
    switch (migration.execution) {
      case 'split':
        return [];
      case 'batch':
        return [
          {
            message:
              context.prismaTarget === '7.3'
                ? `${statement} shares the file with other statements: Prisma ≤ 7.3 sends it as one batch, and it fails with 25001.`
                : `${statement} shares the file with other statements and sqlparser cannot parse the file (a DO block or DROP INDEX CONCURRENTLY), so Prisma 7.4+ falls back to one batch: 25001.`,
          },
        ];
      case 'unknown':
        return [
          {
            message: `${statement} shares the file with other statements: in one batch (Prisma ≤ 7.3, psql -c) it fails with 25001.${fallback}`,
          },
        ];
    }
  },
};
