/**
 * The rules' descriptions without their checks: what the /check page (which loads this before any
 * interaction) and the reports show. Each rule file exports its description apart from its check, so
 * this module pulls in no parser and none of the checks' code.
 */
import { beginWithoutCommitInfo } from './begin-without-commit.ts';
import { concurrentlyInTransactionInfo } from './concurrently-in-transaction.ts';
import { constraintGuardNameOnlyInfo } from './constraint-guard-name-only.ts';
import { constraintNotValidInfo } from './constraint-not-valid.ts';
import { dropColumnOrTableInfo } from './drop-column-or-table.ts';
import { dropThenAddColumnInfo } from './drop-then-add-column.ts';
import { enumValueUsedSameFileInfo } from './enum-value-used-same-file.ts';
import { identifierTooLongInfo } from './identifier-too-long.ts';
import { indexNotConcurrentlyInfo } from './index-not-concurrently.ts';
import { missingLockTimeoutInfo } from './missing-lock-timeout.ts';
import { notNullWithoutDefaultInfo } from './not-null-without-default.ts';
import { renameColumnOrTableInfo } from './rename-column-or-table.ts';
import { setNotNullScanInfo } from './set-not-null-scan.ts';
import { syntaxErrorInfo } from './syntax-error.ts';
import { typeChangeRewriteInfo } from './type-change-rewrite.ts';
import { unguardedDdlInfo } from './unguarded-ddl.ts';
import { uniqueConstraintDirectInfo } from './unique-constraint-direct.ts';
import { unknownIgnoredRuleInfo } from './unknown-ignored-rule.ts';
import { volatileDefaultRewriteInfo } from './volatile-default-rewrite.ts';
import { secondRunConflictInfo } from './second-run-conflict.ts';
import type { RuleId, RuleInfo } from './types.ts';

export const RULE_INFO: Record<RuleId, RuleInfo> = {
  'syntax-error': syntaxErrorInfo,
  'unguarded-ddl': unguardedDdlInfo,
  'constraint-guard-name-only': constraintGuardNameOnlyInfo,
  'concurrently-in-transaction': concurrentlyInTransactionInfo,
  'not-null-without-default': notNullWithoutDefaultInfo,
  'begin-without-commit': beginWithoutCommitInfo,
  'index-not-concurrently': indexNotConcurrentlyInfo,
  'unique-constraint-direct': uniqueConstraintDirectInfo,
  'constraint-not-valid': constraintNotValidInfo,
  'set-not-null-scan': setNotNullScanInfo,
  'type-change-rewrite': typeChangeRewriteInfo,
  'volatile-default-rewrite': volatileDefaultRewriteInfo,
  'missing-lock-timeout': missingLockTimeoutInfo,
  'rename-column-or-table': renameColumnOrTableInfo,
  'drop-then-add-column': dropThenAddColumnInfo,
  'drop-column-or-table': dropColumnOrTableInfo,
  'enum-value-used-same-file': enumValueUsedSameFileInfo,
  'identifier-too-long': identifierTooLongInfo,
  'unknown-ignored-rule': unknownIgnoredRuleInfo,
  'second-run-conflict': secondRunConflictInfo,
};
