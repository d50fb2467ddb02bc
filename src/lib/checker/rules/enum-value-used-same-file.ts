/**
 * ALTER TYPE … ADD VALUE followed by a use of the new value in the same transaction fails with
 * 55P04 ("unsafe use of new value"). Same transaction means: the file is sent as one batch (Prisma
 * ≤ 7.3; 7.4+ after a sqlparser fallback) or both sit in the file's own BEGIN, with no COMMIT
 * between. A use is the value as a string constant in a later statement.
 */
import { walk } from './tree.ts';
import type { MigrationInfo, PgNode, Rule, RuleInfo, RuleContext, RuleHit } from './types.ts';

interface Added {
  index: number;
  value: string;
  line: number;
}

function addedValues(migration: MigrationInfo): Added[] {
  return migration.memo('enum-values-added', () =>
    migration.statements
      .filter((s) => s.kind === 'AlterEnumStmt' && typeof s.node.newVal === 'string')
      .map((s) => ({ index: s.index, value: s.node.newVal as string, line: s.line })),
  );
}

/** Index of the last COMMIT/ROLLBACK at or before each statement, so "a COMMIT between" is one comparison. */
function lastCommit(migration: MigrationInfo): number[] {
  return migration.memo('last-commit', () => {
    let last = -1;
    return migration.statements.map((s) => {
      if (s.kind === 'TransactionStmt' && ['TRANS_STMT_COMMIT', 'TRANS_STMT_ROLLBACK'].includes(s.node.kind as string)) last = s.index;
      return last;
    });
  });
}

function sameTransaction(context: RuleContext, added: Added): 'always' | 'batch-only' | 'never' {
  const { migration, statement } = context;
  if (lastCommit(migration)[statement.index]! > added.index) return 'never';
  const addedStatement = migration.statements[added.index]!;
  if (addedStatement.inExplicitTransaction && statement.inExplicitTransaction) return 'always';
  if (migration.execution === 'batch') return 'always';
  return migration.execution === 'unknown' ? 'batch-only' : 'never';
}

export const enumValueUsedSameFileInfo: RuleInfo = {
  id: 'enum-value-used-same-file',
  severity: 'error',
  title: 'Enum value added and used in the same transaction',
  why: 'PostgreSQL refuses to use an enum value added in the same, uncommitted transaction: 55P04 unsafe use of new value. The file passes where it runs statement by statement and fails where it runs as one batch.',
  safe: 'Add the value in one migration and use it (defaults, backfills, constraints) in the next one.',
  section: '/guide/enums/#add-a-value-then-use-it',
  example: '/guide/enums/#ex-enum-add-value-then-use-batch',
};

export const enumValueUsedSameFile: Rule = {
  ...enumValueUsedSameFileInfo,
  check(context): RuleHit[] {
    const candidates = addedValues(context.migration).filter((a) => a.index < context.statement.index);
    if (candidates.length === 0) return [];
    const constants = new Set<string>();
    for (const node of walk(context.statement.tree)) {
      const sval = ((node.A_Const as PgNode | undefined)?.sval as PgNode | undefined)?.sval;
      if (typeof sval === 'string') constants.add(sval);
    }
    return candidates
      .filter((a) => constants.has(a.value))
      .flatMap((added) => {
        const same = sameTransaction(context, added);
        if (same === 'never') return [];
        const where =
          same === 'always'
            ? context.statement.inExplicitTransaction
              ? "in the file's own transaction"
              : context.prismaTarget === '7.3'
                ? 'in one batch (Prisma ≤ 7.3)'
                : 'in one batch (sqlparser cannot parse this file, so Prisma 7.4+ falls back to it)'
            : 'in one batch (Prisma ≤ 7.3, psql -c); Prisma 7.4+ runs it statement by statement unless sqlparser fails on the file';
        return [
          {
            message: `Uses '${added.value}', added to the enum on line ${added.line}: ${where} this fails with 55P04 (unsafe use of new value).`,
          },
        ];
      });
  },
};
