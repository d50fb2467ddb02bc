/**
 * What the second run really hit: the checker runs each migration once more on the database it
 * produced (as a retry after a partial failure, or a script re-run by hand, would), and every
 * statement that then fails is a conflict. Observed, not guessed, so it also catches what the
 * static guard rules cannot see: an INSERT without ON CONFLICT (23505), a guard on the wrong name.
 * Prisma-generated statements are left alone (Prisma runs a migration once), and so is a statement
 * a guard rule already reported: one finding per cause.
 */
import type { Rule, RuleHit, RuleInfo } from './types.ts';

export const secondRunConflictInfo: RuleInfo = {
  id: 'second-run-conflict',
  severity: 'warning',
  title: 'A second run of the file fails here',
  why: 'A hand-written script is retried after a partial failure or re-run by hand; a statement that fails on its own earlier result stops the retry there, with half the file applied.',
  safe: 'Guard the statement (IF NOT EXISTS, ON CONFLICT DO NOTHING, a DO block that checks the catalog by name and shape) so a second run changes nothing.',
  section: '/guide/defensive-sql/#why-plain-ddl-breaks-on-a-retry',
  example: '/guide/defensive-sql/#ex-defensive-create-table-naive',
};

/** Rules that already say, from the parse tree, why the statement fails a second time. */
const SAID_BY = ['unguarded-ddl', 'constraint-guard-name-only'] as const;

export const secondRunConflict: Rule = {
  ...secondRunConflictInfo,
  check: ({ statement, secondRun, reportedHere }): RuleHit[] => {
    if (statement.prismaGenerated || SAID_BY.some((rule) => reportedHere.has(rule))) return [];
    return secondRun.map((failure) => ({
      line: failure.line,
      message: `A second run of this file fails here with ${failure.code}: ${failure.message}.`,
    }));
  },
};
