/**
 * The migration checker's rules: what each finds, why it matters, and where the guide shows it
 * running. Shared by the lint, the /check page (which lists them) and the command-line report.
 */
export type Severity = 'error' | 'warning';

export interface Rule {
  id: string;
  severity: Severity;
  title: string;
  why: string;
  /** Guide section, and the runnable example that shows the failure. */
  section: string;
  example: string;
}

export const RULES = {
  'syntax-error': {
    id: 'syntax-error',
    severity: 'error',
    title: 'The file does not parse',
    why: 'PostgreSQL rejects the whole file before running any of it; Prisma reports the error as P3018 and records the migration as failed.',
    section: '/guide/migration-logs/#what-deploy-prints',
    example: '/guide/shadow-database/#ex-shadow-replay-missing-table',
  },
  'unguarded-ddl': {
    id: 'unguarded-ddl',
    severity: 'warning',
    title: 'Not idempotent: fails if the object already exists (or is already gone)',
    why: 'A retry after a partial failure, or a database that already has the object, stops here with an error. Prisma-generated migrations run once and are fine without guards; hand-written and retried scripts need them.',
    section: '/guide/defensive-sql/#why-plain-ddl-breaks-on-a-retry',
    example: '/guide/defensive-sql/#ex-defensive-create-table-naive',
  },
  'constraint-guard-name-only': {
    id: 'constraint-guard-name-only',
    severity: 'warning',
    title: 'The constraint guard checks the name alone',
    why: 'Constraint names are unique per table, not per database: a constraint of the same name on another table makes the guard skip the one you need.',
    section: '/guide/defensive-sql/#two-details-of-the-guard',
    example: '/guide/defensive-sql/#ex-defensive-seed-guard-name-taken',
  },
  'concurrently-in-transaction': {
    id: 'concurrently-in-transaction',
    severity: 'error',
    title: 'CONCURRENTLY in a file with other statements',
    why: 'Sent as one batch (Prisma up to 7.3, psql -c) or inside BEGIN, it fails with 25001: CONCURRENTLY cannot run inside a transaction block. Give it a migration of its own.',
    section: '/guide/transactions/#create-index-concurrently',
    example: '/guide/transactions/#ex-tx-concurrently-batch',
  },
  'not-null-without-default': {
    id: 'not-null-without-default',
    severity: 'warning',
    title: 'ADD COLUMN … NOT NULL without a default',
    why: 'Works on an empty table and fails with 23502 on a table with rows, so it passes locally and breaks in production. Add a default, or add the column nullable, backfill, then set NOT NULL.',
    section: '/guide/test-locally/#test-with-realistic-data',
    example: '/guide/test-locally/#ex-local-not-null-on-populated-table',
  },
  'breaking-change': {
    id: 'breaking-change',
    severity: 'warning',
    title: 'Drops or renames what running code may still use',
    why: 'Application instances deployed before the migration still read and write the old name: they fail until they are replaced, and the data of a drop is gone. Expand first, contract later, and take a backup.',
    section: '/guide/backups/#why-the-backup-is-your-undo',
    example: '/guide/backups/#ex-backup-drop-column-restore',
  },
  'begin-without-commit': {
    id: 'begin-without-commit',
    severity: 'error',
    title: 'BEGIN without COMMIT',
    why: 'The transaction stays open when the file ends; Prisma\'s bookkeeping then runs inside it or fails with 25P02, and the migration is left failed.',
    section: '/guide/transactions/#explicit-begin-and-commit',
    example: '/guide/transactions/#ex-tx-bookkeeping-aborted',
  },
} as const satisfies Record<string, Rule>;

export type RuleId = keyof typeof RULES;
