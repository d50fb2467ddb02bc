/** An ignore comment names a rule that does not exist. Reported by the lint while it reads comments. */
import type { Rule, RuleInfo } from './types.ts';

export const unknownIgnoredRuleInfo: RuleInfo = {
  id: 'unknown-ignored-rule',
  severity: 'warning',
  title: 'An ignore comment names an unknown rule',
  why: 'A misspelt id silences nothing, so the finding it was meant to hide still shows, or a later rename quietly stops the suppression.',
  safe: 'Use an id exactly as the report prints it: -- migration-field-guide-ignore index-not-concurrently',
  section: '/check/',
  example: '/check/',
};

export const unknownIgnoredRule: Rule = {
  ...unknownIgnoredRuleInfo,
  check: () => [],
};
