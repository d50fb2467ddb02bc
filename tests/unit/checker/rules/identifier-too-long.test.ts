/** The identifier-too-long rule against its fixtures (tests/fixtures/checker/rules/identifier-too-long/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('identifier-too-long');
