/** The constraint-guard-name-only rule against its fixtures (tests/fixtures/checker/rules/constraint-guard-name-only/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('constraint-guard-name-only');
