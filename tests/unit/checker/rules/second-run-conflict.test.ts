/** The second-run-conflict rule against its fixtures (tests/fixtures/checker/rules/second-run-conflict/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('second-run-conflict');
