/** The concurrently-in-transaction rule against its fixtures (tests/fixtures/checker/rules/concurrently-in-transaction/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('concurrently-in-transaction');
