/** The not-null-without-default rule against its fixtures (tests/fixtures/checker/rules/not-null-without-default/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('not-null-without-default');
