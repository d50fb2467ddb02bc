/** The enum-value-used-same-file rule against its fixtures (tests/fixtures/checker/rules/enum-value-used-same-file/). */
import { ruleCorpus } from './corpus.ts';

ruleCorpus('enum-value-used-same-file');
