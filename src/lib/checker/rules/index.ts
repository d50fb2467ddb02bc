/**
 * The registry: every lint rule, one file each, keyed by id. The lint runs them in this order; the
 * /check page and the reports read their titles, reasons and links from here.
 */
import { beginWithoutCommit } from './begin-without-commit.ts';
import { concurrentlyInTransaction } from './concurrently-in-transaction.ts';
import { constraintGuardNameOnly } from './constraint-guard-name-only.ts';
import { constraintNotValid } from './constraint-not-valid.ts';
import { dropColumnOrTable } from './drop-column-or-table.ts';
import { dropThenAddColumn } from './drop-then-add-column.ts';
import { enumValueUsedSameFile } from './enum-value-used-same-file.ts';
import { identifierTooLong } from './identifier-too-long.ts';
import { indexNotConcurrently } from './index-not-concurrently.ts';
import { missingLockTimeout } from './missing-lock-timeout.ts';
import { notNullWithoutDefault } from './not-null-without-default.ts';
import { renameColumnOrTable } from './rename-column-or-table.ts';
import { setNotNullScan } from './set-not-null-scan.ts';
import { syntaxError } from './syntax-error.ts';
import { typeChangeRewrite } from './type-change-rewrite.ts';
import { unguardedDdl } from './unguarded-ddl.ts';
import { uniqueConstraintDirect } from './unique-constraint-direct.ts';
import { unknownIgnoredRule } from './unknown-ignored-rule.ts';
import { volatileDefaultRewrite } from './volatile-default-rewrite.ts';
import { secondRunConflict } from './second-run-conflict.ts';
import type { Rule, RuleId } from './types.ts';

export const RULES: Record<RuleId, Rule> = {
  'syntax-error': syntaxError,
  'unguarded-ddl': unguardedDdl,
  'constraint-guard-name-only': constraintGuardNameOnly,
  'concurrently-in-transaction': concurrentlyInTransaction,
  'not-null-without-default': notNullWithoutDefault,
  'begin-without-commit': beginWithoutCommit,
  'index-not-concurrently': indexNotConcurrently,
  'unique-constraint-direct': uniqueConstraintDirect,
  'constraint-not-valid': constraintNotValid,
  'set-not-null-scan': setNotNullScan,
  'type-change-rewrite': typeChangeRewrite,
  'volatile-default-rewrite': volatileDefaultRewrite,
  'missing-lock-timeout': missingLockTimeout,
  'rename-column-or-table': renameColumnOrTable,
  'drop-then-add-column': dropThenAddColumn,
  'drop-column-or-table': dropColumnOrTable,
  'enum-value-used-same-file': enumValueUsedSameFile,
  'identifier-too-long': identifierTooLong,
  'unknown-ignored-rule': unknownIgnoredRule,
  // Last: it leaves alone a statement a guard rule above already reported.
  'second-run-conflict': secondRunConflict,
};

export type { Finding, LintOptions, PrismaTarget, Rule, RuleContext, RuleId, Severity } from './types.ts';
export { RULE_IDS } from './types.ts';
