/**
 * Kept so today's importers (the /check page, the text report) go on working: the rules now live
 * one per file in ./rules/, behind ./rules/index.ts.
 */
export { RULES, RULE_IDS, type Rule, type RuleId, type Severity } from './rules/index.ts';
