/** The file does not parse. Reported by the lint itself (there are no statements to give a rule). */
import type { Rule, RuleInfo } from './types.ts';

export const syntaxErrorInfo: RuleInfo = {
  id: 'syntax-error',
  severity: 'error',
  title: 'The file does not parse',
  why: 'PostgreSQL rejects the whole file before running any of it; Prisma reports the error as P3018 and records the migration as failed.',
  safe: 'Fix the statement at the reported line; run the file locally (or on /check) before committing it.',
  section: '/guide/migration-logs/#what-deploy-prints',
  example: '/guide/shadow-database/#ex-shadow-replay-missing-table',
};

export const syntaxError: Rule = {
  ...syntaxErrorInfo,
  check: () => [],
};
