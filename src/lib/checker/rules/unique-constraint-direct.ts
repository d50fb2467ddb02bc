/** ADD CONSTRAINT … UNIQUE / PRIMARY KEY that builds its index under ACCESS EXCLUSIVE. */
import { alterCommands, constraintOf, lockPhrase, quote, rowsClause, tableOf } from './tree.ts';
import type { Rule, RuleInfo, RuleHit } from './types.ts';

export const uniqueConstraintDirectInfo: RuleInfo = {
  id: 'unique-constraint-direct',
  severity: 'warning',
  title: 'Unique constraint added directly on an existing table',
  why: 'ADD CONSTRAINT … UNIQUE (or PRIMARY KEY) builds the index while holding ACCESS EXCLUSIVE: no read or write of the table goes through until the build ends.',
  safe: 'CREATE UNIQUE INDEX CONCURRENTLY in a migration of its own, then ALTER TABLE … ADD CONSTRAINT … UNIQUE USING INDEX (a catalog change only).',
  section: '/guide/locks-and-zero-downtime/#indexes-concurrently-in-a-migration-of-its-own',
  example: '/guide/locks-and-zero-downtime/#ex-locks-concurrently-alone',
};

export const uniqueConstraintDirect: Rule = {
  ...uniqueConstraintDirectInfo,
  check(context): RuleHit[] {
    const table = tableOf(context.statement.node.relation);
    if (!table || context.tableExisted(table) === false) return [];
    return alterCommands(context.statement).flatMap(({ subtype, cmd }) => {
      const constraint = subtype === 'AT_AddConstraint' ? constraintOf(cmd) : undefined;
      if (!constraint || constraint.indexname) return [];
      const kind = constraint.contype === 'CONSTR_UNIQUE' ? 'UNIQUE' : constraint.contype === 'CONSTR_PRIMARY' ? 'PRIMARY KEY' : undefined;
      if (!kind) return [];
      const lock = lockPhrase(context, table, 'AccessExclusiveLock');
      if (!lock) return [];
      const name = constraint.conname ? `${quote(String(constraint.conname))} ` : '';
      return [
        {
          message: `ADD CONSTRAINT ${name}${kind} builds its index while it ${lock} ${rowsClause(context, table)} Build a unique index CONCURRENTLY first, then ADD CONSTRAINT … USING INDEX.`,
          location: constraint.location as number | undefined,
        },
      ];
    });
  },
};
