/** The unknown-ignored-rule rule against its fixtures (tests/fixtures/checker/rules/unknown-ignored-rule/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('unknown-ignored-rule');
