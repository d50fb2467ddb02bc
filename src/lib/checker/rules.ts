/**
 * Kept so today's importers (the /check page, the text report) go on working. The rules live one
 * per file in ./rules/ (the lint runs them through ./rules/index.ts); this module gives only their
 * descriptions, so the page that imports it carries no parser and no check code.
 */
export { RULE_INFO as RULES } from './rules/catalog.ts';
export { RULE_IDS, type RuleInfo as Rule, type RuleId, type Severity } from './rules/types.ts';
