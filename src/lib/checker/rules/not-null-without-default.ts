/** ADD COLUMN … NOT NULL with nothing to fill the existing rows. */
import { columnsAddedToExisting, constraintTypes, isSerial, quote } from './tree.ts';
import type { Rule, RuleInfo, RuleHit } from './types.ts';

export const notNullWithoutDefaultInfo: RuleInfo = {
  id: 'not-null-without-default',
  severity: 'warning',
  title: 'ADD COLUMN … NOT NULL without a default',
  why: 'Works on an empty table and fails with 23502 on a table with rows, so it passes locally and breaks in production.',
  safe: 'Add a default, or add the column nullable, backfill it, then SET NOT NULL.',
  section: '/guide/test-locally/#test-with-realistic-data',
  example: '/guide/test-locally/#ex-local-not-null-on-populated-table',
};

export const notNullWithoutDefault: Rule = {
  ...notNullWithoutDefaultInfo,
  check(context): RuleHit[] {
    return columnsAddedToExisting(context).flatMap(({ table, column }) => {
      const types = constraintTypes(column);
      const notNull = types.includes('CONSTR_NOTNULL') || types.includes('CONSTR_PRIMARY');
      const filled = isSerial(column) || types.some((t) => t === 'CONSTR_DEFAULT' || t === 'CONSTR_IDENTITY' || t === 'CONSTR_GENERATED');
      return notNull && !filled
        ? [
            {
              message: `ADD COLUMN ${String(column.colname)} … NOT NULL without a default fails with 23502 once ${quote(table)} has rows.`,
              location: column.location as number | undefined,
            },
          ]
        : [];
    });
  },
};
