/** FOREIGN KEY or CHECK added with validation on a table that may hold rows. */
import { alterCommands, constraintOf, lockPhrase, quote, rowsClause, tableOf } from './tree.ts';
import type { Rule, RuleInfo, RuleHit } from './types.ts';

export const constraintNotValidInfo: RuleInfo = {
  id: 'constraint-not-valid',
  severity: 'warning',
  title: 'Foreign key or CHECK without NOT VALID on an existing table',
  why: 'Adding a validated FOREIGN KEY or CHECK scans every row while holding a lock that blocks writes (a foreign key also locks the table it references).',
  safe: 'ADD CONSTRAINT … NOT VALID (instant), then ALTER TABLE … VALIDATE CONSTRAINT in a later statement: validation takes SHARE UPDATE EXCLUSIVE, which lets reads and writes go on.',
  section: '/guide/locks-and-zero-downtime/#foreign-keys-and-checks-not-valid-then-validate',
  example: '/guide/locks-and-zero-downtime/#ex-locks-fk-at-once',
};

export const constraintNotValid: Rule = {
  ...constraintNotValidInfo,
  check(context): RuleHit[] {
    const table = tableOf(context.statement.node.relation);
    if (!table || context.tableExisted(table) === false) return [];
    return alterCommands(context.statement).flatMap(({ subtype, cmd }) => {
      const constraint = subtype === 'AT_AddConstraint' ? constraintOf(cmd) : undefined;
      if (!constraint || constraint.skip_validation) return [];
      const kind = constraint.contype === 'CONSTR_FOREIGN' ? 'FOREIGN KEY' : constraint.contype === 'CONSTR_CHECK' ? 'CHECK' : undefined;
      if (!kind) return [];
      // ALTER TABLE takes one lock for all its subcommands: ACCESS EXCLUSIVE for a CHECK, SHARE ROW EXCLUSIVE for a foreign key alone.
      const lock =
        lockPhrase(context, table, kind === 'CHECK' ? 'AccessExclusiveLock' : 'ShareRowExclusiveLock') ??
        lockPhrase(context, table, 'AccessExclusiveLock');
      if (!lock) return [];
      const name = constraint.conname ? `${quote(String(constraint.conname))} ` : '';
      return [
        {
          message: `ADD CONSTRAINT ${name}${kind} checks every existing row while it ${lock} ${rowsClause(context, table)} Add it NOT VALID, then VALIDATE CONSTRAINT separately.`,
          location: constraint.location as number | undefined,
        },
      ];
    });
  },
};
