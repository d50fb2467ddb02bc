/** CREATE INDEX without CONCURRENTLY on a table that may already hold rows. */
import { lockPhrase, quote, rowsClause, tableOf } from './tree.ts';
import type { Rule, RuleInfo, RuleHit } from './types.ts';

export const indexNotConcurrentlyInfo: RuleInfo = {
  id: 'index-not-concurrently',
  severity: 'warning',
  title: 'Index built without CONCURRENTLY on an existing table',
  why: 'A plain CREATE INDEX holds a SHARE lock until it finishes: every INSERT, UPDATE and DELETE on the table waits for the whole build, which on a large table is minutes.',
  safe: 'CREATE INDEX CONCURRENTLY in a migration of its own (it cannot run in a transaction block); if it fails, drop the INVALID index and build it again.',
  section: '/guide/locks-and-zero-downtime/#indexes-concurrently-in-a-migration-of-its-own',
  example: '/guide/locks-and-zero-downtime/#ex-locks-create-index',
};

export const indexNotConcurrently: Rule = {
  ...indexNotConcurrentlyInfo,
  check(context): RuleHit[] {
    const { statement } = context;
    if (statement.kind !== 'IndexStmt' || statement.node.concurrent) return [];
    const table = tableOf(statement.node.relation);
    if (!table || context.tableExisted(table) === false) return [];
    const lock = lockPhrase(context, table, 'ShareLock');
    if (!lock) return [];
    const name = statement.node.idxname ? `${quote(String(statement.node.idxname))} ` : '';
    return [
      { message: `CREATE INDEX ${name}${lock} ${rowsClause(context, table)} Use CREATE INDEX CONCURRENTLY in a migration of its own.` },
    ];
  },
};
